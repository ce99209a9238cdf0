using System.Text.Json;
using Contracts.Chain.Storage;
using Contracts.Cli;

namespace Contracts.Chain.Tests;

/// <summary><c>contract-cli export</c>, <c>import</c> and <c>replay</c>, run in-process on RocksDB data directories.</summary>
public sealed class ChainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"chain-cli-{Guid.NewGuid():N}");

    public ChainCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Built(string name, int blocks = 3)
    {
        var directory = Path.Combine(_root, name);
        using var chain = Blockchain.Open(TestChain.Spec, directory);
        ReplayTests.BuildChain(chain, blocks);
        return directory;
    }

    [Fact]
    public void Export_import_and_replay_round_trip_through_the_cli()
    {
        var source = Built("source");
        var file = Path.Combine(_root, "chain.rlp");
        var export = Run("export", "--data-dir", source, file);
        Assert.True(export.Code == 0, export.Error);
        Assert.Contains("exported 5 blocks (0..4)", export.Output);

        var target = Path.Combine(_root, "target");
        var import = Run("import", "--data-dir", target, file);
        Assert.True(import.Code == 0, import.Error);
        Assert.Contains("imported 4 blocks (19 transactions), skipped 1", import.Output);

        var replay = Run("replay", "--data-dir", target, "--json");
        Assert.True(replay.Code == 0, replay.Error);
        using var json = JsonDocument.Parse(replay.Output);
        Assert.True(json.RootElement.GetProperty("clean").GetBoolean());
        Assert.Equal(5, json.RootElement.GetProperty("blocks").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("divergence").ValueKind);

        var fromFile = Run("replay", "--blocks", file, "--chain", "devnet");
        Assert.True(fromFile.Code == 0, fromFile.Error);
        Assert.Contains("replayed 4 blocks", fromFile.Output);

        using var a = Blockchain.Open(TestChain.Spec, source);
        using var b = Blockchain.Open(TestChain.Spec, target);
        Assert.Equal(a.Head.Hash, b.Head.Hash);
        Assert.Equal(a.Head.StateRoot, b.Head.StateRoot);
    }

    [Fact]
    public void Replay_exits_with_code_4_naming_the_transaction_and_field()
    {
        var directory = Built("corrupt");
        string expectedHash;
        using (var chain = Blockchain.Open(TestChain.Spec, directory))
        {
            var hash = chain.CanonicalHash(3)!.Value;
            var outcomes = chain.ReadOutcomes(hash)!;
            outcomes.Receipts[1].GasUsed = 1;
            using var batch = chain.Store.BeginCommit();
            batch.Put(ChainKeys.Outcomes(hash), StoredRecords.Serialize(outcomes));
            batch.Complete();
            expectedHash = chain.GetBlockByNumber(3)!.Transactions[1].Hash.ToString();
        }
        var replay = Run("replay", "--data-dir", directory, "--from", "1", "--to", "4");
        Assert.Equal(ExitCodes.ReplayDivergence, replay.Code);
        Assert.Contains("DIVERGED", replay.Output);
        Assert.Contains("divergence at block 3", replay.Error);
        Assert.Contains($"transaction 1 [{expectedHash}]", replay.Error);
        Assert.Contains("field     gas used", replay.Error);
        Assert.Contains("recorded  1", replay.Error);

        var json = Run("replay", "--data-dir", directory, "--json", "--threads", "1");
        Assert.Equal(4, json.Code);
        using var document = JsonDocument.Parse(json.Output);
        var divergence = document.RootElement.GetProperty("divergence");
        Assert.Equal((3, 1, "gas used"), (divergence.GetProperty("blockNumber").GetInt32(), divergence.GetProperty("transactionIndex").GetInt32(), divergence.GetProperty("field").GetString()));

        Assert.Equal(0, Run("replay", "--data-dir", directory, "--to", "2").Code);
    }

    [Fact]
    public void Bad_input_exits_with_code_2()
    {
        var directory = Built("small", blocks: 1);
        Assert.Equal(2, Run("replay").Code);
        Assert.Equal(2, Run("replay", "--data-dir", directory, "--blocks", "x").Code);
        Assert.Equal(2, Run("replay", "--data-dir", Path.Combine(_root, "missing")).Code);
        Assert.Equal(2, Run("replay", "--data-dir", directory, "--to", "99").Code);
        Assert.Equal(2, Run("export", "--data-dir", directory, "--from", "2", "--to", "1", Path.Combine(_root, "x.rlp")).Code);
        var wrongSpec = Path.Combine(_root, "spec.json");
        Assert.Equal(2, Run("replay", "--data-dir", directory, "--chain", wrongSpec).Code);
        var garbage = Path.Combine(_root, "garbage.rlp");
        File.WriteAllBytes(garbage, [0xc5, 1, 2]);
        var import = Run("import", "--data-dir", Path.Combine(_root, "fresh"), garbage);
        Assert.Equal(2, import.Code);
        Assert.Contains("cannot read block file", import.Error);
    }
}
