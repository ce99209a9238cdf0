namespace Contracts.Devnet.Rpc;

/// <summary>JSON-RPC 2.0 error codes, and the Ethereum ones geth uses beside them.</summary>
public static class RpcErrorCodes
{
    /// <summary>The body is not JSON.</summary>
    public const int ParseError = -32700;

    /// <summary>The JSON is not a JSON-RPC request (or the batch is empty or too large, or the body too big).</summary>
    public const int InvalidRequest = -32600;

    public const int MethodNotFound = -32601;

    /// <summary>Wrong number or types of parameters.</summary>
    public const int InvalidParams = -32602;

    public const int InternalError = -32603;

    /// <summary>geth's catch-all server error: a transaction the pool refuses (<c>nonce too low</c>, …), a missing block.</summary>
    public const int ServerError = -32000;

    /// <summary>A call or estimate that reverted: the message is <c>execution reverted</c>, the data the revert data.</summary>
    public const int ExecutionReverted = 3;

    /// <summary>geth's "notifications not supported": eth_subscribe over a transport that cannot push (HTTP).</summary>
    public const int NotificationsUnsupported = -32001;

    /// <summary>A query whose answer would be too large (eth_getLogs), as geth and Infura word it.</summary>
    public const int LimitExceeded = -32005;
}
