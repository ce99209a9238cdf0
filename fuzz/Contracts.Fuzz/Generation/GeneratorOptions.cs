namespace Contracts.Fuzz.Generation;

/// <summary>Size and shape knobs of the module generator. The defaults are what the smoke test and the CLI use.</summary>
public sealed record GeneratorOptions
{
    public static readonly GeneratorOptions Default = new();

    public int MaxFunctions { get; init; } = 6;
    /// <summary>Upper bound on the instructions (tree nodes) generated per function body.</summary>
    public int MaxNodesPerFunction { get; init; } = 120;
    /// <summary>Deepest nesting of expressions and blocks inside one function.</summary>
    public int MaxExpressionDepth { get; init; } = 6;
    /// <summary>
    /// Guard budget per exported call: each function entry and loop iteration costs 1; at 0 the guard traps. Both
    /// engines run the same guard code, so every generated program terminates at the same point on both.
    /// </summary>
    public int FuelPerCall { get; init; } = 5_000;
    /// <summary>
    /// The stack-height limiter: calls nested deeper than this trap through the generated guard (flag 2). It sits
    /// far below both engines' own stack limits, so native stack exhaustion is never compared (it is counted).
    /// </summary>
    public int CallDepthLimit { get; init; } = 150;
    /// <summary>Percentage of modules that import the engine's fuel intrinsic gas.charge and call it.</summary>
    public int FuelIntrinsicPercent { get; init; } = 30;
    /// <summary>Percentage of modules that import the host function env.mix (see <see cref="HostFunctions"/>).</summary>
    public int HostImportPercent { get; init; } = 40;
    /// <summary>
    /// Percentage of modules whose code uses fixed-width SIMD (v128 values everywhere a number can go, every SIMD
    /// instruction). The choice is drawn from the seed apart from the rest, so a module without SIMD is the same
    /// whatever this is.
    /// </summary>
    public int SimdPercent { get; init; } = 50;
    /// <summary>
    /// Percentage of functions (of modules with memory and without SIMD) generated in the arithmetic style (FunctionBodyGenerator.Arithmetic.cs):
    /// integer expressions rich in rotations, kept away from comparisons, so the compiled tier's native-rotate path
    /// runs. Drawn per function apart from the rest, so a function in the ordinary style is the same whatever this is.
    /// </summary>
    public int ArithmeticFunctionPercent { get; init; } = 15;
    /// <summary>
    /// Percentage of functions (of modules with memory and without SIMD, not in the arithmetic style) whose statements
    /// include strided loops (FunctionBodyGenerator.Strided.cs): loads and stores at base + i + c, so the compiled
    /// tier's check-free loop copies and deferred f64 stores run. Drawn per function apart from the rest, so a module
    /// none of whose functions draws them is the same whatever this is.
    /// </summary>
    public int StridedLoopFunctionPercent { get; init; } = 15;
    /// <summary>
    /// Percentage of functions (of modules without SIMD, in neither style above) in the kernel style
    /// (FunctionBodyGenerator.Kernels.cs): straight leaves whose charges compiled callers make, straight runs through
    /// pointers set once at entry, f64 stores at constant addresses, conditions that are one comparison — compiled-tier
    /// paths ordinary generated code never takes. Drawn per function apart from the rest.
    /// </summary>
    public int KernelFunctionPercent { get; init; } = 15;
    /// <summary>Invocations generated per exported function.</summary>
    public int MaxInvocationsPerExport { get; init; } = 4;
}
