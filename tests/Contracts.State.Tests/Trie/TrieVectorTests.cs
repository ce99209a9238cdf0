using System.Text;
using System.Text.Json;
using Contracts.State.Primitives;
using Contracts.State.Tests.Support;
using Contracts.State.Trie;
using Xunit;

namespace Contracts.State.Tests.Trie;

/// <summary>The public Ethereum trie vectors (ethereum/tests TrieTests), copied to shared/trie-tests.</summary>
public sealed class TrieVectorTests
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true };

    public static TheoryData<string> PlainCases() => new(Load("trietest.json").RootElement.EnumerateObject().Select(p => p.Name));

    public static TheoryData<string> SecureCases() =>
        new(Load("hex_encoded_securetrie_test.json").RootElement.EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(PlainCases))]
    public void Plain_trie_reproduces_the_published_root(string name)
    {
        var testCase = Load("trietest.json").RootElement.GetProperty(name);
        var trie = new PatriciaTrie();
        var expected = new Dictionary<string, byte[]>();
        foreach (var operation in testCase.GetProperty("in").EnumerateArray())
        {
            var key = Decode(operation[0].GetString()!);
            var value = operation[1].ValueKind == JsonValueKind.Null ? [] : Decode(operation[1].GetString()!);
            trie.Set(key, value);
            if (value.Length == 0) expected.Remove(Convert.ToHexString(key));
            else expected[Convert.ToHexString(key)] = value;
        }

        var root = Hash256.FromHex(testCase.GetProperty("root").GetString()!);
        Assert.Equal(root, trie.RootHash);
        AssertReloadsAndProves(trie, root, expected);
    }

    [Theory]
    [MemberData(nameof(SecureCases))]
    public void Secure_trie_reproduces_the_published_root(string name)
    {
        var testCase = Load("hex_encoded_securetrie_test.json").RootElement.GetProperty(name);
        Assert.True(testCase.GetProperty("hexEncoded").GetBoolean());
        var trie = new SecureTrie();
        foreach (var pair in testCase.GetProperty("data").EnumerateArray())
        {
            trie.Set(Hex.Decode(pair[0].GetString()!), Hex.Decode(pair[1].GetString()!));
        }

        Assert.Equal(Hash256.FromHex(testCase.GetProperty("result").GetString()!), trie.RootHash);
    }

    [Fact]
    public void Empty_trie_has_the_published_empty_root()
    {
        Assert.Equal(
            Hash256.FromHex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),
            new PatriciaTrie().RootHash);
    }

    private static void AssertReloadsAndProves(PatriciaTrie trie, Hash256 root, Dictionary<string, byte[]> expected)
    {
        var store = new DictionaryNodeStore();
        Assert.Equal(root, trie.Commit(store));
        var reopened = new PatriciaTrie(root, store);
        foreach (var (hexKey, value) in expected)
        {
            var key = Convert.FromHexString(hexKey);
            Assert.Equal(value, reopened.Get(key));
            Assert.True(MerkleProof.VerifyValue(root, key, value, expectAbsent: false, reopened.GetProof(key)));
        }
    }

    private static byte[] Decode(string text) =>
        text.StartsWith("0x", StringComparison.Ordinal) ? Hex.Decode(text) : Encoding.UTF8.GetBytes(text);

    private static JsonDocument Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(SharedData.Path("trie-tests", file)), Lenient);
}
