using Contracts.Chain.Blocks;
using Contracts.Chain.Export;
using Contracts.Chain.Replay;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

public class ExportImportTests
{
    [Fact]
    public void A_built_chain_exported_imported_and_replayed_has_identical_blocks_and_roots()
    {
        using var source = ReplayTests.BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        var file = new MemoryStream();
        Assert.Equal(7, ChainExporter.Export(source, file, 0, source.Head.Number));

        file.Position = 0;
        Assert.Equal(7, BlockFile.Count(file));
        file.Position = 0;
        using var target = Blockchain.OpenInMemory(TestChain.Spec);
        var report = new ChainImporter(target).Import(BlockFile.Read(file));
        Assert.True(report.Clean, report.Divergence?.ToString());
        Assert.Equal((6L, 1L, 31L), (report.BlocksVerified, report.BlocksSkipped, report.TransactionsVerified));
        Assert.Equal(source.Head.Hash, target.Head.Hash);
        for (ulong n = 0; n <= source.Head.Number; n++)
        {
            Assert.Equal(source.GetHeaderByNumber(n)!.StateRoot, target.GetHeaderByNumber(n)!.StateRoot);
            Assert.Equal(source.GetReceipts(source.CanonicalHash(n)!.Value).Select(r => r.Receipt), target.GetReceipts(target.CanonicalHash(n)!.Value).Select(r => r.Receipt));
        }
        Assert.True(new ChainReplayer(target).Replay(0, target.Head.Number).Clean);

        // Importing the same file again skips every block, as geth does.
        file.Position = 0;
        var again = new ChainImporter(target).Import(BlockFile.Read(file));
        Assert.Equal((0L, 7L), (again.BlocksVerified, again.BlocksSkipped));
    }

    [Fact]
    public void An_export_range_round_trips_through_a_gzip_file_into_a_RocksDB_data_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"chain-import-{Guid.NewGuid():N}");
        var path = directory + ".blocks.gz";
        try
        {
            using var source = ReplayTests.BuildChain(Blockchain.OpenInMemory(TestChain.Spec), blocks: 3);
            using (var output = BlockFile.Create(path))
            {
                Assert.Equal(2, ChainExporter.Export(source, output, 1, 2));
            }
            using (var input = BlockFile.OpenRead(path))
            {
                var blocks = BlockFile.Read(input).ToArray();
                Assert.Equal([source.GetBlockByNumber(1)!, source.GetBlockByNumber(2)!], blocks);
            }
            using (var target = Blockchain.Open(TestChain.Spec, directory))
            using (var input = BlockFile.OpenRead(path))
            {
                Assert.True(new ChainImporter(target).Import(BlockFile.Read(input)).Clean);
            }
            using (var reopened = Blockchain.Open(TestChain.Spec, directory))
            {
                Assert.Equal(source.GetHeaderByNumber(2)!.Hash, reopened.Head.Hash);
                Assert.True(new ChainReplayer(reopened).Replay(0, 2).Clean);
            }
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            File.Delete(path);
        }
    }

    [Fact]
    public void Import_stops_at_the_first_block_that_does_not_reproduce_its_header()
    {
        using var source = ReplayTests.BuildChain(Blockchain.OpenInMemory(TestChain.Spec), blocks: 4);
        var blocks = Enumerable.Range(0, 6).Select(n => source.GetBlockByNumber((ulong)n)!).ToList();
        var bad = blocks[3] with { Header = blocks[3].Header with { StateRoot = Hash256.FromHex("0x" + new string('2', 64)) } };
        blocks[3] = bad;
        using var target = Blockchain.OpenInMemory(TestChain.Spec);
        var report = new ChainImporter(target).Import(blocks.Select(b => Block.Decode(b.Encode())));
        Assert.Equal((3ul, bad.Hash, "state root"), (report.Divergence!.BlockNumber, report.Divergence.BlockHash, report.Divergence.Field));
        Assert.Equal(bad.Header.StateRoot.ToString(), report.Divergence.Recorded);
        Assert.Equal(source.GetHeaderByNumber(3)!.StateRoot.ToString(), report.Divergence.Replayed);
        Assert.Equal(2ul, target.Head.Number);

        // A transaction that cannot be applied is named with geth's reason.
        using var other = Blockchain.OpenInMemory(TestChain.Spec);
        var swapped = blocks[2] with { Transactions = [blocks[2].Transactions[1], blocks[2].Transactions[0], .. blocks[2].Transactions.Skip(2)] };
        var result = new ChainImporter(other).Import([Block.Decode(blocks[1].Encode()), Block.Decode(swapped.Encode())]);
        Assert.Equal((2ul, 0, "validity"), (result.Divergence!.BlockNumber, result.Divergence.TransactionIndex, result.Divergence.Field));
        Assert.Contains("nonce too high", result.Divergence.Replayed);
    }

    [Fact]
    public void Import_refuses_another_chains_genesis_and_a_block_without_its_parent()
    {
        using var source = ReplayTests.BuildChain(Blockchain.OpenInMemory(TestChain.Spec), blocks: 2);
        using var target = Blockchain.OpenInMemory(TestChain.Spec);
        var genesis = source.GetBlockByNumber(0)!;
        var otherGenesis = genesis with { Header = genesis.Header with { ExtraData = new byte[] { 1 } } };
        var report = new ChainImporter(target).Import([otherGenesis, source.GetBlockByNumber(1)!]);
        Assert.Equal((0ul, "genesis hash", otherGenesis.Hash.ToString()), (report.Divergence!.BlockNumber, report.Divergence.Field, report.Divergence.Recorded));
        Assert.Equal(0ul, target.Head.Number);

        report = new ChainImporter(target).Import([source.GetBlockByNumber(2)!]);
        Assert.Equal((2ul, "parent hash"), (report.Divergence!.BlockNumber, report.Divergence.Field));
    }

    [Fact]
    public void A_truncated_or_malformed_block_file_is_refused_with_the_offset()
    {
        using var source = ReplayTests.BuildChain(Blockchain.OpenInMemory(TestChain.Spec), blocks: 1);
        var bytes = source.GetBlockByNumber(0)!.Encode().Concat(source.GetBlockByNumber(1)!.Encode()).ToArray();
        int second = source.GetBlockByNumber(0)!.Encode().Length;
        var truncated = new MemoryStream(bytes[..^5]);
        var error = Assert.Throws<FormatException>(() => BlockFile.Read(truncated).ToArray());
        Assert.Contains($"byte {second}", error.Message);
        Assert.Throws<FormatException>(() => BlockFile.Read(new MemoryStream([0x83, 1, 2, 3])).ToArray());
        using var target = Blockchain.OpenInMemory(TestChain.Spec);
        Assert.Throws<FormatException>(() => new ChainImporter(target).Import(BlockFile.Read(new MemoryStream(bytes[..^5]))));
        Assert.Equal(0ul, target.Head.Number);
    }
}
