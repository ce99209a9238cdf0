using System.Reflection;
using Nerdbank.MessagePack;

namespace Contracts.GasMetering;

/// <summary>
/// Reads and writes <see cref="GasSchedule"/>s as MessagePack (a map keyed by property name). A schedule must name
/// every price: one serialized before a price existed fails to load rather than reading the new price as 0, so a
/// chain can never silently make a new operation free.
/// </summary>
public static class GasScheduleSerializer
{
    private static readonly MessagePackSerializer Serializer = new() { SerializeDefaultValues = SerializeDefaultValuesPolicy.Always };

    private static readonly PropertyInfo[] PriceProperties = typeof(GasSchedule)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(uint) && p.SetMethod is not null)
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Every price (and the version): the keys a serialized schedule must hold.</summary>
    public static IReadOnlyList<string> RequiredKeys { get; } = PriceProperties.Select(p => p.Name).ToArray();

    /// <summary>
    /// A schedule from its prices by property name (e.g. read from a chain spec's JSON). Every key of
    /// <see cref="RequiredKeys"/> must be present and no other; throws <see cref="FormatException"/> naming the first
    /// missing or unknown key, and <see cref="ArgumentException"/> for out-of-range prices.
    /// </summary>
    public static GasSchedule FromPrices(IReadOnlyDictionary<string, uint> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        foreach (string key in prices.Keys)
        {
            if (!RequiredKeys.Contains(key, StringComparer.Ordinal)) throw new FormatException($"gas schedule has an unknown price {key}");
        }
        foreach (string key in RequiredKeys)
        {
            if (!prices.ContainsKey(key)) throw new FormatException($"gas schedule has no price for {key}");
        }
        var schedule = new GasSchedule { Version = prices[nameof(GasSchedule.Version)] };
        // Init-only setters, called once on a schedule no one else has seen yet.
        foreach (var property in PriceProperties) property.SetValue(schedule, prices[property.Name]);
        schedule.Validate();
        return schedule;
    }

    /// <summary>The prices of <paramref name="schedule"/> by property name (the inverse of <see cref="FromPrices"/>).</summary>
    public static IReadOnlyDictionary<string, uint> ToPrices(GasSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return PriceProperties.ToDictionary(p => p.Name, p => (uint)p.GetValue(schedule)!, StringComparer.Ordinal);
    }

    public static byte[] Serialize(GasSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return Serializer.Serialize(schedule);
    }

    /// <summary>
    /// Deserializes and validates a schedule. Throws <see cref="FormatException"/> for bytes that are not a schedule
    /// or that lack a price, and <see cref="ArgumentException"/> for a schedule with out-of-range prices.
    /// </summary>
    public static GasSchedule Deserialize(ReadOnlyMemory<byte> bytes)
    {
        GasSchedule? schedule;
        HashSet<string> keys;
        try
        {
            keys = ReadMapKeys(bytes);
            schedule = Serializer.Deserialize<GasSchedule>(bytes);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException)
        {
            throw new FormatException($"not a gas schedule: {e.Message}", e);
        }
        if (schedule is null) throw new FormatException("not a gas schedule: the MessagePack value is nil");
        foreach (string key in RequiredKeys)
        {
            if (!keys.Contains(key))
                throw new FormatException($"gas schedule version {schedule.Version} has no price for {key} (it predates that price; publish a new schedule version that prices it)");
        }
        schedule.Validate();
        return schedule;
    }

    private static HashSet<string> ReadMapKeys(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        if (reader.TryReadNil()) return [];
        int count = reader.ReadMapHeader();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string? key = reader.ReadString();
            if (key is not null) keys.Add(key);
            reader.Skip(default);
        }
        return keys;
    }
}
