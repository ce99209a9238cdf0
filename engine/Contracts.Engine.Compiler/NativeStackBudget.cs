namespace Contracts.Engine.Compiler;

/// <summary>
/// The .NET stack compiled code may use on one thread, shared by every entry into compiled code on it: nested host
/// calls and separate stores included (the execution layer runs each contract frame in its own store, all on the
/// caller's thread). Compiled code carries what is left as an argument; whenever it hands control to the interpreter
/// or the host, which may enter compiled code again, what is left is recorded here until they return. A thread of
/// 1 MiB (the smallest the node runs contracts on) keeps the rest for the host and the interpreter, which runs the
/// calls beyond the budget.
/// </summary>
internal static class NativeStackBudget
{
    public const int PerThread = 256 * 1024;

    // Bytes of the budget spent by compiled frames below the current point of this thread (0: none on it).
    [ThreadStatic] private static int t_spent;

    /// <summary>What a new entry into compiled code may spend (negative when nothing is left).</summary>
    public static int Left => PerThread - t_spent;

    /// <summary>Records that compiled code with <paramref name="nativeBudget"/> left calls out of compiled code (a
    /// helper frame in between); returns what <see cref="Restore"/> takes back when that call returns.</summary>
    public static int Leave(int nativeBudget)
    {
        int saved = t_spent;
        t_spent = PerThread - (nativeBudget - ModuleCode.HelperCost);
        return saved;
    }

    public static void Restore(int saved) => t_spent = saved;
}
