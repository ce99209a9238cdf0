using Contracts.GasMetering;

namespace Contracts.Execution.ChainSpecs;

/// <summary>
/// The gas schedules every node knows by version, so a chain spec can name one (<c>"gasSchedule": 2</c>) instead of
/// listing its prices: <see cref="GasSchedule.BuiltIn"/> (version 2, and version 3, which adds SIMD prices). Version 1
/// predates the host ABI's prices and cannot run contracts.
/// </summary>
public static class BuiltInGasSchedules
{
    public static GasSchedule? Find(uint version) => GasSchedule.FindBuiltIn(version);
}
