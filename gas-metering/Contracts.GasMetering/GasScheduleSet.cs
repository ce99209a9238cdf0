namespace Contracts.GasMetering;

/// <summary>
/// The schedules a chain has activated, each from a block height on. The embedder asks for the schedule of the block
/// it executes, so a replay of old blocks uses the prices of their time; there is no global "current" schedule.
/// </summary>
public sealed class GasScheduleSet
{
    private readonly (ulong Height, GasSchedule Schedule)[] _activations;

    /// <summary>
    /// <paramref name="activations"/>: (first block height, schedule), the first at height 0, heights strictly
    /// increasing and versions distinct. Throws <see cref="ArgumentException"/> otherwise.
    /// </summary>
    public GasScheduleSet(IEnumerable<(ulong Height, GasSchedule Schedule)> activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        _activations = activations.ToArray();
        if (_activations.Length == 0 || _activations[0].Height != 0)
            throw new ArgumentException("the first schedule must activate at block height 0", nameof(activations));
        var versions = new HashSet<uint>();
        for (int i = 0; i < _activations.Length; i++)
        {
            var (height, schedule) = _activations[i];
            ArgumentNullException.ThrowIfNull(schedule);
            schedule.Validate();
            if (i > 0 && height <= _activations[i - 1].Height)
                throw new ArgumentException($"activation heights must increase: {height} follows {_activations[i - 1].Height}", nameof(activations));
            if (!versions.Add(schedule.Version))
                throw new ArgumentException($"schedule version {schedule.Version} is activated twice", nameof(activations));
        }
    }

    /// <summary>The schedule in force at block <paramref name="height"/>: the last one activated at or below it.</summary>
    public GasSchedule ForBlock(ulong height)
    {
        int low = 0, high = _activations.Length - 1;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (_activations[middle].Height <= height) low = middle;
            else high = middle - 1;
        }
        return _activations[low].Schedule;
    }
}
