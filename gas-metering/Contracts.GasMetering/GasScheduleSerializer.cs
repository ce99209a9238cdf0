using Nerdbank.MessagePack;

namespace Contracts.GasMetering;

/// <summary>Reads and writes <see cref="GasSchedule"/>s as MessagePack (a map keyed by property name).</summary>
public static class GasScheduleSerializer
{
    private static readonly MessagePackSerializer Serializer = new();

    public static byte[] Serialize(GasSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return Serializer.Serialize(schedule);
    }

    /// <summary>
    /// Deserializes and validates a schedule. Throws <see cref="FormatException"/> for bytes that are not a schedule
    /// and <see cref="ArgumentException"/> for a schedule with out-of-range prices.
    /// </summary>
    public static GasSchedule Deserialize(ReadOnlyMemory<byte> bytes)
    {
        GasSchedule? schedule;
        try
        {
            schedule = Serializer.Deserialize<GasSchedule>(bytes);
        }
        catch (MessagePackSerializationException e)
        {
            throw new FormatException($"not a gas schedule: {e.Message}", e);
        }
        if (schedule is null) throw new FormatException("not a gas schedule: the MessagePack value is nil");
        schedule.Validate();
        return schedule;
    }
}
