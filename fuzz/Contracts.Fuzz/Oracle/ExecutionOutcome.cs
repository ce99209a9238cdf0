using System.Text;
using Contracts.Fuzz.Generation;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Oracle;

/// <summary>The observable state of an instance after a call: exported globals, memory and tables.</summary>
public sealed record StateSnapshot(
    (string Name, ValueType Type, UInt128 Bits)[] Globals,
    long MemoryPages,
    ulong MemoryHash,
    (string Name, ulong Size, ulong NullPattern)[] Tables)
{
    public string? FirstDifference(StateSnapshot other)
    {
        if (Globals.Length != other.Globals.Length) return $"exported global count {Globals.Length} vs {other.Globals.Length}";
        for (int i = 0; i < Globals.Length; i++)
        {
            var (name, type, bits) = Globals[i];
            if (name != other.Globals[i].Name || bits != other.Globals[i].Bits)
                return $"global {name}: {ValueText.Format(type, bits)} vs {ValueText.Format(other.Globals[i].Type, other.Globals[i].Bits)}";
        }
        if (MemoryPages != other.MemoryPages) return $"memory pages {MemoryPages} vs {other.MemoryPages}";
        if (MemoryHash != other.MemoryHash) return $"memory hash 0x{MemoryHash:x16} vs 0x{other.MemoryHash:x16}";
        if (Tables.Length != other.Tables.Length) return $"table count {Tables.Length} vs {other.Tables.Length}";
        for (int i = 0; i < Tables.Length; i++)
        {
            if (Tables[i] != other.Tables[i])
                return $"table {Tables[i].Name}: size {Tables[i].Size} nulls 0x{Tables[i].NullPattern:x} vs size {other.Tables[i].Size} nulls 0x{other.Tables[i].NullPattern:x}";
        }
        return null;
    }

    /// <summary>FNV-1a over 8-byte words: a stable digest to compare and print.</summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 0xCBF2_9CE4_8422_2325ul;
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words) hash = (hash ^ word) * 0x0000_0100_0000_01B3ul;
        for (int i = words.Length * 8; i < bytes.Length; i++) hash = (hash ^ bytes[i]) * 0x0000_0100_0000_01B3ul;
        return hash;
    }

    /// <summary>Folds which table slots are null into a digest (funcref identities are not comparable across engines).</summary>
    public static ulong NullPattern(ulong size, Func<uint, bool> isNull)
    {
        ulong hash = 0xCBF2_9CE4_8422_2325ul;
        for (uint i = 0; i < size; i++) hash = (hash ^ (isNull(i) ? 1ul : 2ul)) * 0x0000_0100_0000_01B3ul;
        return hash;
    }
}

/// <summary>What one call did on one engine.</summary>
public sealed record CallOutcome(
    Invocation Call,
    TrapClass Trap,
    string TrapDetail,
    ValueType[] ResultTypes,
    UInt128[] Results,
    /// <summary>The generated guards' flag global after the call: 1 the fuel guard tripped, 2 the depth limiter.</summary>
    int GuardFlag,
    /// <summary>Fuel-intrinsic fuel left after the call (the per-call budget when the module does not import it).</summary>
    long FuelLeft,
    StateSnapshot State)
{
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Call).Append(" -> ");
        if (Trap != TrapClass.None) text.Append("trap ").Append(Trap).Append(" (").Append(TrapDetail).Append(')');
        else text.Append('[').Append(string.Join(", ", ResultTypes.Select((t, i) => ValueText.Format(t, Results[i])))).Append(']');
        text.Append($" flag={GuardFlag} fuel={FuelLeft} pages={State.MemoryPages} mem=0x{State.MemoryHash:x16}");
        return text.ToString();
    }
}

/// <summary>Everything one engine did with one case: load, instantiate, then each call in order.</summary>
public sealed class CaseOutcome
{
    /// <summary>Why compilation failed, or null.</summary>
    public string? LoadError { get; set; }
    /// <summary>Why instantiation failed, or null.</summary>
    public string? InstantiationError { get; set; }
    public List<CallOutcome> Calls { get; } = [];
}
