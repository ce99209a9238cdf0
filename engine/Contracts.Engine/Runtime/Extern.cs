using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>Anything an instance can export or import: a <see cref="Function"/>, <see cref="Table"/>,
/// <see cref="Memory"/> or <see cref="Global"/>.</summary>
public abstract class Extern
{
    private protected Extern() { }

    public abstract ExternalKind Kind { get; }
}
