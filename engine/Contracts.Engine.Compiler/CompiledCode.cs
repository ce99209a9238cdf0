namespace Contracts.Engine.Compiler;

/// <summary>
/// A compiled function: runs with its frame at <paramref name="frameBase"/> (arguments in place), <paramref name="depth"/>
/// frames in use including its own, and <paramref name="nativeBudget"/> bytes of .NET stack it may still spend on
/// compiled callees. Returns 0, or 1 when it trapped (the trap is in <see cref="InstanceContext.PendingTrap"/> and
/// the store's fuel is final). Results are left at the frame base, as the interpreter leaves them.
/// </summary>
internal delegate int CompiledCode(InstanceContext context, int frameBase, int depth, int nativeBudget);
