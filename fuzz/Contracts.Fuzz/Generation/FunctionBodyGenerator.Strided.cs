using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// Strided-loop functions: besides ordinary statements, counted loops whose loads and stores address memory at
/// base + i + c, the induction variable i moving by a constant step — the shape the compiled tier turns into a loop
/// copy without bounds checks (CheckFreeLoops.cs), with raw f64 stores canonicalized after the loop
/// (FunctionEmitter.DeferredStores.cs), its check made from the group's least access (Rebased) and loops that leave in
/// the middle. An ordinary generated loop never qualifies: its addresses are random, and the termination guard in its
/// header is a branch. These loops need no guard: i is a hidden local only the loop's own increment writes, so the loop
/// runs at most <see cref="MaxStridedTrip"/> iterations, and its body is straight code (values built here, not by the
/// ordinary generator, whose blocks could branch back to the loop's header).
/// <para>The draws aim at the edges of the compiled tier's proofs: i counting up to 0 from below (LLVM's idiom, the base
/// p + i wrapping below 0 when p is small), bases near the memory's end (a trap in a late iteration, the memory
/// compared as it was at the trap), NaN operands of both signs and payloads in the stored f64 results.</para>
/// </summary>
internal sealed partial class FunctionBodyGenerator
{
    private const int MaxStridedTrip = 8;

    private static readonly int[] Strides = [1, 2, 4, 8, 16, -4, -8];

    // f64 operators on two operands (add, sub, mul, div, min, max, copysign) and on one (abs, neg, ceil, floor, sqrt).
    private static readonly byte[] F64Binary = [0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6];
    private static readonly byte[] F64Unary = [0x99, 0x9A, 0x9B, 0x9C, 0x9F];

    /// <summary>This function's statements include strided loops.</summary>
    private readonly bool _strided;

    /// <summary>Inside a strided loop's body: the hidden base and index locals, and the constant that keeps the first
    /// iteration's address at base or above.</summary>
    private (int Base, int Index, int Lowest)? _stride;

    /// <summary>
    /// A strided loop: <c>p = base; i = start; loop { stores at p + i + c …; i += step; br_if 0 (i != end) }</c>, or one
    /// that leaves in the middle: <c>block { loop { … ; br_if 1 (i == end); …; i += step; br 0 } }</c>.
    /// </summary>
    private CodeNode StridedLoop()
    {
        int trip = _random.Range(1, MaxStridedTrip);
        int step = _random.Pick(Strides);
        bool upToZero = _random.Chance(40);
        int start = upToZero ? -trip * step : _random.Range(0, 64);
        int end = start + trip * step;
        bool middleExit = _random.Chance(30);
        int memoryBytes = (int)Math.Min(_module.Memory!.Min * 65536L, int.MaxValue);

        int baseLocal = _function.Signature.Parameters.Length + _function.Locals.Count;
        _function.Locals.Add(ValueType.I32);
        int index = baseLocal + 1;
        _function.Locals.Add(ValueType.I32);

        // The least constant that keeps every iteration's p + i + c at p or above (the iteration that leaves in the
        // middle runs its first part with i = end).
        int lowestIndex = Math.Min(start, end - step);
        if (middleExit) lowestIndex = Math.Min(lowestIndex, end);
        int lowest = Math.Max(0, -lowestIndex);
        var baseValue = _random.Next(100) switch
        {
            < 45 => SmallIndex(1024),
            < 65 => I32Constant(0),
            < 85 => I32Constant(memoryBytes - _random.Range(0, 300)),
            _ => Value(ValueType.I32),
        };

        var header = new WasmWriter();
        header.WriteByte(0x21); header.WriteVarUInt32((uint)baseLocal);
        header.WriteByte(0x41); header.WriteVarInt32(start);
        header.WriteByte(0x21); header.WriteVarUInt32((uint)index);
        if (middleExit) { header.WriteByte(0x02); header.WriteByte(0x40); }
        header.WriteByte(0x03); header.WriteByte(0x40);

        var saved = _stride;
        _stride = (baseLocal, index, lowest);
        var body = new List<CodeNode>();
        for (int n = _random.Range(1, 3); n > 0; n--) body.Add(StridedStore());
        if (middleExit)
        {
            body.Add(MiddleExit(index, end));
            for (int n = _random.Range(0, 2); n > 0; n--) body.Add(StridedStore());
        }
        _stride = saved;

        var back = new WasmWriter();
        back.WriteByte(0x20); back.WriteVarUInt32((uint)index);
        back.WriteByte(0x41); back.WriteVarInt32(step);
        back.WriteByte(0x6A);
        if (middleExit)
        {
            back.WriteByte(0x21); back.WriteVarUInt32((uint)index);
            back.WriteByte(0x0C); back.WriteVarUInt32(0);
        }
        else
        {
            back.WriteByte(0x22); back.WriteVarUInt32((uint)index);
            // Counting up to 0 the way LLVM does: br_if on i itself.
            if (end != 0 || _random.Chance(50)) { back.WriteByte(0x41); back.WriteVarInt32(end); back.WriteByte(0x47); }
            back.WriteByte(0x0D); back.WriteVarUInt32(0);
        }
        // Never replaced by the minimizer: without it a loop that leaves in the middle would not end.
        body.Add(new CodeNode { Mnemonic = $"i += {step}, back edge", Results = [], Code = back.ToArray(), Replaceable = false, Opcodes = [0x6A, middleExit ? 0x0Cu : 0x0Du] });
        _budget -= body.Count;

        return new CodeNode
        {
            Mnemonic = $"strided loop (i from {start} by {step} to {end}{(middleExit ? ", leaving in the middle" : "")})",
            Results = [],
            Operands = [baseValue],
            Code = header.ToArray(),
            Body = body,
            Trailer = middleExit ? [0x0B] : [],
            Opcodes = middleExit ? [0x02, 0x03, 0x0B] : [0x03, 0x0B],
        };
    }

    /// <summary>
    /// The middle exit <c>br_if 1</c>, taken in the iteration where i reached end, in one of the shapes a loop copy
    /// reads its trip count from: <c>i == end</c> (a comparison with an immediate fused into the branch), <c>i</c>
    /// itself tested for zero (when end is 0), or the comparison's result kept in a local that the branch tests (not
    /// fused).
    /// </summary>
    private CodeNode MiddleExit(int index, int end)
    {
        var exit = new WasmWriter();
        string shape;
        // Drawn apart from the function's stream, which stays as it was before these shapes: a draw from it here
        // changed what the loops after this one are, and none of those qualified for raw f64 stores any more.
        int roll = new FuzzRandom((ulong)_function.Locals.Count * 0x9E37_79B9_7F4A_7C15ul ^ (ulong)(uint)end).Next(100);
        if (end == 0 && roll < 30)
        {
            exit.WriteByte(0x20); exit.WriteVarUInt32((uint)index);
            exit.WriteByte(0x45);
            shape = "i32.eqz i";
        }
        else if (roll < 60)
        {
            int result = _function.Signature.Parameters.Length + _function.Locals.Count;
            _function.Locals.Add(ValueType.I32);
            exit.WriteByte(0x20); exit.WriteVarUInt32((uint)index);
            exit.WriteByte(0x41); exit.WriteVarInt32(end);
            exit.WriteByte(0x46);
            exit.WriteByte(0x22); exit.WriteVarUInt32((uint)result);
            shape = "(i == end) kept in a local";
        }
        else
        {
            exit.WriteByte(0x20); exit.WriteVarUInt32((uint)index);
            exit.WriteByte(0x41); exit.WriteVarInt32(end);
            exit.WriteByte(0x46);
            shape = "i == end";
        }
        exit.WriteByte(0x0D); exit.WriteVarUInt32(1);
        return new CodeNode { Mnemonic = $"br_if 1 (strided loop's exit: {shape}, end {end})", Results = [], Code = exit.ToArray(), Replaceable = false, Opcodes = [0x46, 0x0D] };
    }

    /// <summary>A store in a strided loop's body: mostly an f64 result (NaNs included), else an integer or f32 value.</summary>
    private CodeNode StridedStore()
    {
        var op = _random.Next(100) switch
        {
            < 60 => Stores[3],
            < 75 => Stores[1],
            < 90 => Stores[0],
            _ => Stores[2],
        };
        var (memarg, text) = StridedMemArg(op.NaturalAlignment);
        var value = op.Type == ValueType.F64 ? StridedF64(2) : _random.Chance(60) ? StridedLoad(op.Type) : Constant(op.Type);
        return new CodeNode { Mnemonic = $"{op.Name} {text} (strided)", Results = [], Operands = [StridedAddress(), value], Code = [op.Opcode, .. memarg], Opcodes = [op.Opcode] };
    }

    /// <summary>An f64 value from strided loads, constants (NaNs among them) and f64 operators.</summary>
    private CodeNode StridedF64(int depth)
    {
        int roll = depth == 0 ? _random.Next(50) : _random.Next(100);
        if (roll < 25) return StridedLoad(ValueType.F64);
        if (roll < 50) return Constant(ValueType.F64);
        if (roll < 65)
        {
            byte unary = _random.Pick(F64Unary);
            return new CodeNode { Mnemonic = $"f64 op 0x{unary:x2}", Results = [ValueType.F64], Operands = [StridedF64(depth - 1)], Code = [unary], Opcodes = [unary] };
        }
        byte binary = _random.Pick(F64Binary);
        return new CodeNode { Mnemonic = $"f64 op 0x{binary:x2}", Results = [ValueType.F64], Operands = [StridedF64(depth - 1), StridedF64(depth - 1)], Code = [binary], Opcodes = [binary] };
    }

    private CodeNode StridedLoad(ValueType type)
    {
        var op = Loads.First(l => l.Type == type);
        var (memarg, text) = StridedMemArg(op.NaturalAlignment);
        return new CodeNode { Mnemonic = $"{op.Name} {text} (strided)", Results = [type], Operands = [StridedAddress()], Code = [op.Opcode, .. memarg], Opcodes = [op.Opcode] };
    }

    /// <summary>Natural alignment, and an offset that is mostly small.</summary>
    private (byte[] Bytes, string Text) StridedMemArg(int naturalAlignment)
    {
        uint offset = _random.Chance(70) ? 0u : (uint)_random.Range(1, 64);
        var w = new WasmWriter();
        w.WriteVarUInt32((uint)naturalAlignment);
        w.WriteVarUInt32(offset);
        return (w.ToArray(), $"offset={offset} align={1 << naturalAlignment}");
    }

    /// <summary>p + i + c (now and then i + p, or a constant below the least that keeps the address at p or above).</summary>
    private CodeNode StridedAddress()
    {
        var (baseLocal, index, lowest) = _stride!.Value;
        int constant = _random.Chance(90) ? lowest + _random.Range(0, 256) : _random.Range(0, 64);
        var w = new WasmWriter();
        bool swapped = _random.Chance(20);
        w.WriteByte(0x20); w.WriteVarUInt32((uint)(swapped ? index : baseLocal));
        w.WriteByte(0x20); w.WriteVarUInt32((uint)(swapped ? baseLocal : index));
        w.WriteByte(0x6A);
        if (constant != 0) { w.WriteByte(0x41); w.WriteVarInt32(constant); w.WriteByte(0x6A); }
        return new CodeNode { Mnemonic = $"p + i + {constant} (strided address)", Results = [ValueType.I32], Code = w.ToArray(), Opcodes = [0x20, 0x6A] };
    }
}
