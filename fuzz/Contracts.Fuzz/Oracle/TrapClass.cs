namespace Contracts.Fuzz.Oracle;

/// <summary>
/// A trap as both engines can name it. <see cref="Other"/> means the engine gave no comparable reason: then only
/// "trapped or not" is compared.
/// </summary>
public enum TrapClass
{
    None,
    Unreachable,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversionToInteger,
    MemoryOutOfBounds,
    TableOutOfBounds,
    IndirectCallToNull,
    IndirectCallTypeMismatch,
    /// <summary>The engine's own stack ran out (not the generated limiter, which traps as unreachable with flag 2).</summary>
    StackExhausted,
    /// <summary>The fuel intrinsic gas.charge ran out (our engine's fuel, the oracle's host counter on Wasmtime).</summary>
    OutOfFuel,
    /// <summary>The gas-metering stack-height limiter's import trapped.</summary>
    StackHeightExhausted,
    /// <summary>Wasmtime's own fuel, a termination backstop only: the case is counted, not compared.</summary>
    BackstopFuel,
    /// <summary>The engine threw instead of trapping: always a bug.</summary>
    EngineException,
    Other,
}
