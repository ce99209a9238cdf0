using Contracts.Engine.Loading;

namespace Contracts.GasMetering;

/// <summary>
/// The instrumenter refuses a module: it is already instrumented, uses the reserved gas names, or would exceed a
/// limit once instrumented. (A module that does not decode or validate throws the engine's <c>WasmLoadException</c>.)
/// </summary>
public sealed class GasInstrumentationException(string message) : Exception(message);
