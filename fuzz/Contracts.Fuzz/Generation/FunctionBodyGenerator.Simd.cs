using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// The SIMD instructions with immediates (the rest are in <see cref="NumericOps"/>): vector loads and stores of every
/// kind (whole, extending, splat, zero-filling, single lane) at in- and out-of-bounds addresses, lane extraction and
/// replacement, and shuffles. Rows come from the engine's instruction table.
/// </summary>
internal sealed partial class FunctionBodyGenerator
{
    private static readonly InstructionInfo[] SimdLoads = SimdRows(CostClass.SimdLoad);
    private static readonly InstructionInfo[] SimdStores = SimdRows(CostClass.SimdStore);
    private static readonly InstructionInfo[] ExtractLanes = SimdRows(CostClass.SimdLane, r => r.Immediates == ImmediateKind.Lane && r.Results.Length == 1 && r.Results[0] != ValueType.V128);
    private static readonly InstructionInfo[] ReplaceLanes = SimdRows(CostClass.SimdLane, r => r.Immediates == ImmediateKind.Lane && r.Results.Length == 1 && r.Results[0] == ValueType.V128);
    private static readonly InstructionInfo Shuffle = InstructionSet.Get(0xFD, 0x0D)!;

    private static InstructionInfo[] SimdRows(CostClass cost, Func<InstructionInfo, bool>? predicate = null) =>
        InstructionSet.All.ToArray().Where(r => r.Feature == Engine.Binary.WasmFeature.Simd && r.Cost == cost && (predicate is null || predicate(r))).ToArray();

    /// <summary>Lanes of an instruction's shape: <c>i8x16</c> has 16; a lane load or store of 2^k bytes has 16 / 2^k.</summary>
    private static int LaneCount(InstructionInfo info)
    {
        if (info.Immediates == ImmediateKind.MemArgLane) return 16 >> info.NaturalAlignment;
        string shape = info.Mnemonic[..info.Mnemonic.IndexOf('.', StringComparison.Ordinal)];
        return int.Parse(shape[(shape.IndexOf('x', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A v128 load of any kind; the lane loads also take the vector whose lane they replace.</summary>
    private CodeNode SimdLoad()
    {
        var row = _random.Pick(SimdLoads);
        var operands = new List<CodeNode> { SimdAddress(row) };
        if (row.Immediates == ImmediateKind.MemArgLane) operands.Add(Value(ValueType.V128));
        var (code, text) = SimdMemoryImmediates(row);
        return new CodeNode { Mnemonic = $"{row.Mnemonic} {text}", Results = [ValueType.V128], Operands = operands, Code = code, Opcodes = [CodeNode.KeyOf(row)] };
    }

    /// <summary>v128.store or a single-lane store.</summary>
    private CodeNode SimdStore()
    {
        var row = _random.Pick(SimdStores);
        var (code, text) = SimdMemoryImmediates(row);
        return new CodeNode { Mnemonic = $"{row.Mnemonic} {text}", Results = [], Operands = [SimdAddress(row), Value(ValueType.V128)], Code = code, Opcodes = [CodeNode.KeyOf(row)] };
    }

    private (byte[] Code, string Text) SimdMemoryImmediates(InstructionInfo row)
    {
        var (memarg, text) = MemArg(row.NaturalAlignment);
        byte[] code = [.. row.Encoding(), .. memarg];
        if (row.Immediates != ImmediateKind.MemArgLane) return (code, text);
        byte lane = (byte)_random.Next(LaneCount(row));
        return ([.. code, lane], $"{text} lane={lane}");
    }

    /// <summary>
    /// An address for a vector access: usually as for scalar accesses; now and then just below the end of the
    /// initial memory, so the access straddles it (a trap unless memory grew) or fits in the last bytes exactly.
    /// </summary>
    private CodeNode SimdAddress(InstructionInfo row)
    {
        uint bytes = _module.Memory!.Min * 65536u;
        if (bytes == 0 || !_random.Chance(3)) return Address();
        int width = row.Immediates == ImmediateKind.MemArgLane ? 1 << row.NaturalAlignment : row.NaturalAlignment == 4 ? 16 : 1 << row.NaturalAlignment;
        int address = (int)bytes - _random.Range(0, width + 2);
        return new CodeNode { Mnemonic = $"i32.const {address} (end of memory)", Results = [ValueType.I32], Code = [0x41, .. Sleb(address)], Opcodes = [0x41] };
    }

    /// <summary>A lane of a vector as a number: <c>extract_lane</c> of a shape whose lanes are <paramref name="type"/>.</summary>
    private CodeNode ExtractLane(ValueType type)
    {
        var rows = ExtractLanes.Where(r => r.Results[0] == type).ToArray();
        var row = _random.Pick(rows);
        byte lane = (byte)_random.Next(LaneCount(row));
        return new CodeNode { Mnemonic = $"{row.Mnemonic} {lane}", Results = [type], Operands = [Value(ValueType.V128)], Code = [.. row.Encoding(), lane], Opcodes = [CodeNode.KeyOf(row)] };
    }

    /// <summary><c>i8x16.shuffle</c> (lane indices below 32, picking from both vectors) or a <c>replace_lane</c>.</summary>
    private CodeNode ShuffleOrReplaceLane()
    {
        if (_random.Chance(30))
        {
            var lanes = new byte[16];
            int pattern = _random.Next(4);
            for (int i = 0; i < 16; i++)
            {
                lanes[i] = pattern switch
                {
                    0 => (byte)_random.Next(32),                 // anything
                    1 => (byte)(i + (_random.Chance(50) ? 16 : 0)), // lane-preserving blend of the two
                    2 => (byte)(15 - i + (_random.Chance(20) ? 16 : 0)), // reversal
                    _ => (byte)_random.Next(16),                 // from the first vector only
                };
            }
            return new CodeNode
            {
                Mnemonic = $"i8x16.shuffle {string.Join(' ', lanes)}",
                Results = [ValueType.V128],
                Operands = [Value(ValueType.V128), Value(ValueType.V128)],
                Code = [.. Shuffle.Encoding(), .. lanes],
                Opcodes = [CodeNode.KeyOf(Shuffle)],
            };
        }
        var row = _random.Pick(ReplaceLanes);
        byte lane = (byte)_random.Next(LaneCount(row));
        return new CodeNode
        {
            Mnemonic = $"{row.Mnemonic} {lane}",
            Results = [ValueType.V128],
            Operands = [Value(ValueType.V128), Value(row.Operands[1])],
            Code = [.. row.Encoding(), lane],
            Opcodes = [CodeNode.KeyOf(row)],
        };
    }
}
