namespace Contracts.Engine.Runtime;

/// <summary>
/// Instantiating a module failed. Thrown as is when the module asks for more than the engine allows (a memory or
/// table minimum above the configured limit); the subclasses say when linking failed or when instantiation trapped.
/// </summary>
public class InstantiationException : Exception
{
    public InstantiationException(string message) : base(message) { }

    public InstantiationException(string message, Exception inner) : base(message, inner) { }
}
