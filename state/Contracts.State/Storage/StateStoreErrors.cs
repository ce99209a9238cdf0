using Contracts.State.Primitives;

namespace Contracts.State.Storage;

/// <summary>The errors both stores raise the same way.</summary>
internal static class StateStoreErrors
{
    public static StateStoreException UnknownRoot(in Hash256 root) =>
        new(StateStoreErrorKind.UnknownRoot, $"State root {root} was never committed to this store.");
}
