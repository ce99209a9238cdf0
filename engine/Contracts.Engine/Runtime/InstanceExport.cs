namespace Contracts.Engine.Runtime;

/// <summary>One export of an instance: its name and the function, table, memory or global it names.</summary>
public readonly record struct InstanceExport(string Name, Extern Item);
