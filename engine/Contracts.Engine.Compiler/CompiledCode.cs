namespace Contracts.Engine.Compiler;

/// <summary>
/// A compiled function: runs with its frame at <paramref name="frameBase"/> (arguments in place), <paramref name="depth"/>
/// frames in use including its own, and <paramref name="nativeBudget"/> bytes of .NET stack it may still spend on
/// compiled callees. Returns 0; a trap unwinds as a <see cref="CompiledTrap"/> (the store's fuel final), which
/// <see cref="IlTier"/> catches where the interpreter or the host entered compiled code. Results are left at the frame
/// base, as the interpreter leaves them.
/// </summary>
internal delegate int CompiledCode(InstanceContext context, int frameBase, int depth, int nativeBudget);
