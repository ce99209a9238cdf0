namespace Contracts.Engine;

public sealed partial class Engine
{
    /// <summary>
    /// The version of the engine's translation and execution semantics. Caches of compiled modules key on it (with the
    /// gas schedule and instrumenter versions), so a change to how code is translated or run is never mixed with
    /// modules compiled by an older engine. Bump it with any change that can alter a result, gas or trap.
    /// </summary>
    public const uint Version = 1;
}
