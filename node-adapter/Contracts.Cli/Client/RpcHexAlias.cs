// The client reads and writes JSON-RPC hex with the node's own definition of it (one place for each form's rules). An
// alias rather than a using: the devnet's RPC namespace has a BlockSelector of its own beside the client's.
global using RpcHex = Contracts.Devnet.Rpc.RpcHex;
