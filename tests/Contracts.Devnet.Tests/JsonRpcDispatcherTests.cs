using System.Text;
using System.Text.Json;
using Contracts.Abi;
using Contracts.Devnet.Rpc;

namespace Contracts.Devnet.Tests;

public sealed class JsonRpcDispatcherTests
{
    private static JsonRpcDispatcher Dispatcher(RpcLimits? limits = null)
    {
        var rpc = new JsonRpcDispatcher(limits ?? RpcLimits.Default);
        EthRpcModule.Sync(rpc, "echo_address", p => RpcHex.Data(p.Address(0)));
        EthRpcModule.Sync(rpc, "test_throws", _ => throw new InvalidOperationException("boom"));
        return rpc;
    }

    private static async Task<JsonElement> Handle(JsonRpcDispatcher rpc, string body)
    {
        var bytes = await rpc.HandleAsync(Encoding.UTF8.GetBytes(body));
        Assert.NotNull(bytes);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    private static void AssertError(JsonElement response, int code, string? messagePart = null)
    {
        var error = response.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        if (messagePart is not null) Assert.Contains(messagePart, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{", RpcErrorCodes.ParseError)]
    [InlineData("not json", RpcErrorCodes.ParseError)]
    [InlineData("42", RpcErrorCodes.InvalidRequest)]
    [InlineData("[]", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"echo_address\"}", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"echo_address\"}", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope_nothing\"}", RpcErrorCodes.MethodNotFound)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo_address\",\"params\":\"x\"}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo_address\",\"params\":[]}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo_address\",\"params\":[5]}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo_address\",\"params\":[\"0x12\"]}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo_address\",\"params\":[\"0xzz00000000000000000000000000000000000000\"]}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_throws\"}", RpcErrorCodes.InternalError)]
    public async Task Bad_input_gets_the_standard_error(string body, int code)
    {
        AssertError(await Handle(Dispatcher(), body), code);
    }

    [Fact]
    public async Task A_result_echoes_the_id_as_given()
    {
        var response = await Handle(Dispatcher(), "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"echo_address\",\"params\":[\"0x00000000000000000000000000000000000000Ff\"]}");
        Assert.Equal("abc", response.GetProperty("id").GetString());
        Assert.Equal("0x00000000000000000000000000000000000000ff", response.GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_batch_answers_each_request_in_order_and_skips_notifications()
    {
        var response = await Handle(Dispatcher(), """
            [{"jsonrpc":"2.0","id":1,"method":"echo_address","params":["0x0000000000000000000000000000000000000001"]},
             {"jsonrpc":"2.0","method":"echo_address","params":["0x0000000000000000000000000000000000000002"]},
             {"jsonrpc":"2.0","id":3,"method":"missing"},
             17]
            """);
        Assert.Equal(3, response.GetArrayLength());
        Assert.Equal(1, response[0].GetProperty("id").GetInt32());
        AssertError(response[1], RpcErrorCodes.MethodNotFound);
        AssertError(response[2], RpcErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Only_notifications_get_no_response()
    {
        var bytes = await Dispatcher().HandleAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"echo_address\",\"params\":[\"0x0000000000000000000000000000000000000001\"]}"));
        Assert.Null(bytes);
    }

    [Fact]
    public async Task Limits_are_enforced_before_any_work()
    {
        var rpc = Dispatcher(RpcLimits.Default with { MaxBatchSize = 3, MaxRequestBytes = 1_000, MaxJsonDepth = 8 });
        string one = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo_address\",\"params\":[\"0x0000000000000000000000000000000000000001\"]}";
        AssertError(await Handle(rpc, $"[{one},{one},{one},{one}]"), RpcErrorCodes.InvalidRequest, "batch too large");
        AssertError(await Handle(rpc, new string(' ', 1_001)), RpcErrorCodes.InvalidRequest, "too large");
        AssertError(await Handle(rpc, new string('[', 20) + new string(']', 20)), RpcErrorCodes.ParseError);
    }

    [Theory]
    [InlineData("0x0", 0UL)]
    [InlineData("0x00ff", 255UL)]
    [InlineData("0xFFFFFFFFFFFFFFFF", ulong.MaxValue)]
    public void Quantities_parse(string text, ulong expected) => Assert.Equal(expected, RpcHex.ParseUInt64(text, "x"));

    [Theory]
    [InlineData("0x")]
    [InlineData("12")]
    [InlineData("0x1g")]
    [InlineData("0x10000000000000000")]
    public void Bad_quantities_are_invalid_params(string text) =>
        Assert.Equal(RpcErrorCodes.InvalidParams, Assert.Throws<RpcException>(() => RpcHex.ParseUInt64(text, "x")).Code);

    [Fact]
    public void Revert_reasons_decode_only_well_formed_error_strings()
    {
        Assert.Equal("boom", RevertReason.TryDecode(FakeChain.ErrorBoom));
        Assert.Null(RevertReason.TryDecode(FakeChain.ErrorBoom.AsSpan(0, 40)));
        var lying = (byte[])FakeChain.ErrorBoom.Clone();
        lying[4 + 63] = 0xff; // the length says 255 bytes where 32 follow
        Assert.Null(RevertReason.TryDecode(lying));
    }
}
