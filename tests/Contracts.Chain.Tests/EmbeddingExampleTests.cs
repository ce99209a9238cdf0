using Contracts.Chain.Replay;
using Contracts.Chain.Transactions;
using Contracts.Execution.ChainSpecs;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

/// <summary>
/// The block loop of node-adapter/docs/embedding.md, compiled and run here. The doc quotes the region between the
/// markers verbatim; <see cref="The_doc_quotes_this_example_verbatim"/> fails when they drift apart.
/// </summary>
public class EmbeddingExampleTests
{
    // <block-loop>
    public static Hash256 RunNode(string dataDirectory, IEnumerable<IReadOnlyList<SignedTransaction>> pools, Address coinbase)
    {
        var spec = ChainSpec.Devnet();
        using var chain = Blockchain.Open(spec, dataDirectory);      // RocksDB; continues the stored chain or starts at genesis
        chain.BlockCommitted += (block, receipts) =>
            Console.WriteLine($"block {block.Number} [{block.Hash}]: {receipts.Count} transactions");

        foreach (var pool in pools)                                  // one slot per iteration
        {
            var parent = chain.Head;
            var context = chain.NextBlockContext(parent, timestamp: parent.Timestamp + 12, coinbase);
            BlockResult result = chain.BuildBlock(parent, context, pool);  // executes; invalid ones land in result.Rejected
            foreach (var rejected in result.Rejected)
                Console.WriteLine($"left out {rejected.Transaction.Hash}: {rejected.Reason}");
            chain.Commit(result);                                    // state + block + receipts + indexes, one atomic write
        }

        // An auditor's check: re-execute everything and compare with what was recorded.
        var report = new ChainReplayer(chain).Replay(0, chain.Head.Number);
        if (!report.Clean) throw new InvalidOperationException(report.Divergence!.ToString());
        return chain.Head.StateRoot;
    }
    // </block-loop>

    [Fact]
    public void The_block_loop_runs_and_a_second_run_continues_the_same_chain()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"chain-embedding-{Guid.NewGuid():N}");
        try
        {
            var pools = new[]
            {
                new[] { TestChain.Transfer(0, TestChain.Recipient(1), 5, 0), TestChain.Transfer(0, TestChain.Recipient(1), 5, 0) },
                new[] { TestChain.Transfer(0, TestChain.Recipient(2), 5, 1) },
            };
            var root = RunNode(directory, pools, TestChain.Coinbase);
            using (var chain = Blockchain.Open(TestChain.Spec, directory))
            {
                Assert.Equal(2ul, chain.Head.Number);
                Assert.Equal(root, chain.Head.StateRoot);
                Assert.Equal(2ul, chain.StateAt(chain.Head).GetNonce(TestChain.Accounts[0]));
            }
            RunNode(directory, [[TestChain.Transfer(0, TestChain.Recipient(3), 5, 2)]], TestChain.Coinbase);
            using var reopened = Blockchain.Open(TestChain.Spec, directory);
            Assert.Equal(3ul, reopened.Head.Number);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_doc_quotes_this_example_verbatim()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Contracts.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var source = File.ReadAllText(Path.Combine(root, "tests", "Contracts.Chain.Tests", "EmbeddingExampleTests.cs"));
        var doc = File.ReadAllText(Path.Combine(root, "node-adapter", "docs", "embedding.md"));
        const string start = "    // <block-loop>\n", end = "    // </block-loop>";
        int from = source.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var snippet = source[from..source.IndexOf(end, StringComparison.Ordinal)].Replace("\r\n", "\n");
        var unindented = string.Join("\n", snippet.TrimEnd('\n').Split('\n').Select(line => line.Length >= 4 ? line[4..] : line.TrimStart()));
        Assert.Contains(unindented, doc.Replace("\r\n", "\n"));
    }
}
