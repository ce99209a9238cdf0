namespace Contracts.Engine.Runtime;

public sealed partial class Memory
{
    /// <summary>
    /// A runtime cap below <see cref="MaxPages"/> that an embedder may move while the memory lives: a
    /// <c>memory.grow</c> past it returns −1. The execution layer sets it to what the transaction's memory budget
    /// leaves for the running frame (the pages of all live frames together are capped), so a deep call chain can
    /// never hold more than the documented total.
    /// </summary>
    public uint GrowCeiling { get; set; } = uint.MaxValue;
}
