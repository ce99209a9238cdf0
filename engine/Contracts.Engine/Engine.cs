namespace Contracts.Engine;

/// <summary>Shared configuration and the factory of modules and stores. Thread-safe and immutable.</summary>
public sealed partial class Engine(EngineConfig? config = null)
{
    public EngineConfig Config { get; } = config ?? EngineConfig.Default;
}
