namespace Contracts.Engine.Model;

/// <summary>A function signature. Structural equality, as the spec compares types by structure.</summary>
public sealed class FunctionType : IEquatable<FunctionType>
{
    public static readonly FunctionType Empty = new([], []);

    public FunctionType(ValueType[] parameters, ValueType[] results)
    {
        Parameters = parameters;
        Results = results;
    }

    public ValueType[] Parameters { get; }
    public ValueType[] Results { get; }

    public bool Equals(FunctionType? other) =>
        other is not null && Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results);

    public override bool Equals(object? obj) => obj is FunctionType other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Parameters) hash.Add(p);
        hash.Add(0xFF);
        foreach (var r in Results) hash.Add(r);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"[{string.Join(' ', Parameters.Select(p => p.ToWatName()))}] -> [{string.Join(' ', Results.Select(r => r.ToWatName()))}]";
}
