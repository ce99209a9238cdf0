using Contracts.Engine.Model;
using Contracts.Engine.Runtime;

namespace Contracts.Execution.Host;

/// <summary>One function of the host ABI: its import name in <c>contracts_v1</c>, its type and its implementation.</summary>
internal sealed record HostImport(string Name, FunctionType Type, HostFunctionCallback Callback);
