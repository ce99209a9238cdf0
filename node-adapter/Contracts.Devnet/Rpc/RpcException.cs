namespace Contracts.Devnet.Rpc;

/// <summary>A JSON-RPC error a method returns to the client: its code, message and optional data (a hex string).</summary>
public sealed class RpcException(int code, string message, string? data = null) : Exception(message)
{
    public int Code { get; } = code;

    public string? ErrorData { get; } = data;

    public static RpcException InvalidParams(string message) => new(RpcErrorCodes.InvalidParams, message);

    public static RpcException Server(string message) => new(RpcErrorCodes.ServerError, message);
}
