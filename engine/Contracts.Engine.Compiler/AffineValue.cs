namespace Contracts.Engine.Compiler;

/// <summary>
/// A 32-bit value as an affine form over the cells' values where a loop iteration begins:
/// Σ coefficient·entry(cell) + constant, every term and the sum modulo 2^32 (the low 32 bits of a cell, which is all a
/// memory address reads). Immutable; at most <see cref="MaxTerms"/> cells, so the forms stay small.
/// </summary>
internal sealed class AffineValue : IEquatable<AffineValue>
{
    /// <summary>More cells than this in one form is "unknown" (null): addresses are a base or two plus a constant.</summary>
    public const int MaxTerms = 4;

    // (cell, coefficient) pairs sorted by cell; no zero coefficient.
    private readonly (int Cell, int Coefficient)[] _terms;

    private AffineValue((int Cell, int Coefficient)[] terms, int constant)
    {
        _terms = terms;
        Constant = constant;
    }

    /// <summary>The constant term (as the int32 whose bits it is).</summary>
    public int Constant { get; }

    /// <summary>The cell terms, sorted by cell.</summary>
    public ReadOnlySpan<(int Cell, int Coefficient)> Terms => _terms;

    public static AffineValue Of(int constant) => new([], constant);

    /// <summary>The value of <paramref name="cell"/> where the iteration began.</summary>
    public static AffineValue Entry(int cell) => new([(cell, 1)], 0);

    public AffineValue Plus(int constant) => new(_terms, unchecked(Constant + constant));

    /// <summary>This form with its constant left out (the part two accesses of one base share).</summary>
    public AffineValue WithoutConstant() => Constant == 0 ? this : new(_terms, 0);

    public AffineValue Times(int factor)
    {
        if (factor == 0) return Of(0);
        var terms = new List<(int, int)>(_terms.Length);
        foreach (var (cell, coefficient) in _terms)
        {
            int product = unchecked(coefficient * factor);
            if (product != 0) terms.Add((cell, product));
        }
        return new([.. terms], unchecked(Constant * factor));
    }

    /// <summary>This + <paramref name="other"/>·<paramref name="sign"/> (sign ±1), or null past <see cref="MaxTerms"/> cells.</summary>
    public AffineValue? Plus(AffineValue other, int sign = 1)
    {
        var terms = new SortedDictionary<int, int>();
        foreach (var (cell, coefficient) in _terms) terms[cell] = coefficient;
        foreach (var (cell, coefficient) in other._terms)
        {
            int sum = unchecked(terms.GetValueOrDefault(cell) + sign * coefficient);
            if (sum == 0) terms.Remove(cell);
            else terms[cell] = sum;
        }
        if (terms.Count > MaxTerms) return null;
        return new([.. terms.Select(t => (t.Key, t.Value))], unchecked(Constant + sign * other.Constant));
    }

    /// <summary>Whether this is entry(<paramref name="cell"/>) + a constant (the cell's own value moved by a step).</summary>
    public bool IsEntryOf(int cell) => _terms.Length == 1 && _terms[0] == (cell, 1);

    public bool Equals(AffineValue? other) =>
        other is not null && Constant == other.Constant && _terms.AsSpan().SequenceEqual(other._terms);

    public override bool Equals(object? obj) => Equals(obj as AffineValue);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Constant);
        foreach (var term in _terms) hash.Add(term);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(" + ", _terms.Select(t => t.Coefficient == 1 ? $"c{t.Cell}" : $"{t.Coefficient}·c{t.Cell}").Append(Constant.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
