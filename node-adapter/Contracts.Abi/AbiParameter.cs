namespace Contracts.Abi;

/// <summary>A named input or output of a function, event, error or constructor.</summary>
/// <param name="Name">The name in the ABI JSON; empty when unnamed.</param>
/// <param name="Type">The parameter's type.</param>
/// <param name="Indexed">For event inputs: whether the value is a topic rather than part of the data.</param>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false);
