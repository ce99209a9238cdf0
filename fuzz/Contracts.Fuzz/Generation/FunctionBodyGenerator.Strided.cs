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
    private static readonly NumericOp[] F64Binary =
        [.. NumericOps.Producing(ValueType.F64).Where(o => o.Parameters is [ValueType.F64, ValueType.F64])];
    private static readonly NumericOp[] F64Unary =
        [.. NumericOps.Producing(ValueType.F64).Where(o => o.Name is "f64.abs" or "f64.neg" or "f64.ceil" or "f64.floor" or "f64.sqrt")];

    /// <summary>The node of f64 operator <paramref name="op"/> on <paramref name="operands"/>.</summary>
    private static CodeNode F64Operation(NumericOp op, List<CodeNode> operands) =>
        new() { Mnemonic = $"f64 op 0x{op.Opcode:x2}", Results = [ValueType.F64], Operands = operands, Code = op.Encoding, Opcodes = [op.Key] };

    /// <summary>This function's statements include strided loops.</summary>
    private readonly bool _strided;

    /// <summary>Inside a strided loop's body: the hidden base and index locals, and the constant that keeps the first
    /// iteration's address at base or above.</summary>
    private (int Base, int Index, int Lowest)? _stride;

    /// <summary>
    /// A strided loop: <c>p = base; i = start; loop { stores at p + i + c …; i += step; br_if 0 (i != end) }</c>, or one
    /// that leaves in the middle: <c>block { loop { … ; br_if 1 (i == end); …; i += step; br 0 } }</c>. A
    /// <paramref name="rotating"/> loop (a kernel's) leaves in the middle and rotates values through locals.
    /// </summary>
    private CodeNode StridedLoop(bool rotating = false)
    {
        int trip = _random.Range(1, MaxStridedTrip);
        int step = _random.Pick(Strides);
        bool upToZero = _random.Chance(40);
        int start = upToZero ? -trip * step : _random.Range(0, 64);
        int end = start + trip * step;
        bool middleExit = _random.Chance(30) || rotating;
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

        // A kernel's rotating loop moves values through locals as sha256's round does (h = g; g = f; …). Only a
        // kernel's: in a strided function, any change to what its loops leaving in the middle hold left no loop whose
        // f64 stores qualify to stay raw (fuzz/README.md).
        (ValueType Type, int[] Locals)? rotation = rotating ? RotationLocals(_random) : null;

        var header = new WasmWriter();
        header.WriteByte(0x21); header.WriteVarUInt32((uint)baseLocal);
        if (rotation is { } initial)
        {
            for (int k = 0; k < initial.Locals.Length; k++)
            {
                if (initial.Type == ValueType.I64) { header.WriteByte(0x42); header.WriteVarInt64(0x0123_4567_89AB_CDEFL * (k + 1)); }
                else { header.WriteByte(0x41); header.WriteVarInt32(0x2345_6789 * (k + 1)); }
                header.WriteByte(0x21); header.WriteVarUInt32((uint)initial.Locals[k]);
            }
        }
        header.WriteByte(0x41); header.WriteVarInt32(start);
        header.WriteByte(0x21); header.WriteVarUInt32((uint)index);
        if (middleExit) { header.WriteByte(0x02); header.WriteByte(0x40); }
        header.WriteByte(0x03); header.WriteByte(0x40);

        var saved = _stride;
        _stride = (baseLocal, index, lowest);
        var body = new List<CodeNode>();
        for (int n = _random.Range(1, 3); n > 0; n--) body.Add(StridedStore());
        if (rotation is { } rotated) body.Add(Rotate(rotated.Type, rotated.Locals, baseLocal, index, lowest));
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
            Trailer = [.. middleExit ? new byte[] { 0x0B } : [], .. rotation is { } observed ? ObserveLocals(observed.Type, observed.Locals) : []],
            Opcodes = middleExit ? [0x02, 0x03, 0x0B] : [0x03, 0x0B],
        };
    }

    /// <summary>Three to five hidden locals of one integer type a loop rotates its values through.</summary>
    private (ValueType Type, int[] Locals) RotationLocals(FuzzRandom shape)
    {
        var type = shape.Chance(50) ? ValueType.I32 : ValueType.I64;
        var locals = new int[shape.Range(3, 5)];
        for (int k = 0; k < locals.Length; k++)
        {
            locals[k] = _function.Signature.Parameters.Length + _function.Locals.Count;
            _function.Locals.Add(type);
        }
        return (type, locals);
    }

    /// <summary>
    /// <c>r[n-1] = r[n-2]; …; r[1] = r[0]; r[0] = (r[1] xor r[n-1]) + c; store r[n-1] at p + i + lowest</c>: moves between
    /// integer cells, which the compiled tier's unrolled copy of a loop leaving in the middle turns into renamings
    /// (FunctionEmitter.RenamedCopies.cs), and a store that shows the rotated values in memory.
    /// </summary>
    private static CodeNode Rotate(ValueType type, int[] locals, int baseLocal, int index, int lowest)
    {
        bool wide = type == ValueType.I64;
        var w = new WasmWriter();
        for (int k = locals.Length - 1; k >= 1; k--)
        {
            w.WriteByte(0x20); w.WriteVarUInt32((uint)locals[k - 1]);
            w.WriteByte(0x21); w.WriteVarUInt32((uint)locals[k]);
        }
        w.WriteByte(0x20); w.WriteVarUInt32((uint)locals[1]);
        w.WriteByte(0x20); w.WriteVarUInt32((uint)locals[^1]);
        w.WriteByte(wide ? (byte)0x85 : (byte)0x73);
        if (wide) { w.WriteByte(0x42); w.WriteVarInt64(0x1F3D_5B79); w.WriteByte(0x7C); }
        else { w.WriteByte(0x41); w.WriteVarInt32(0x1F3D_5B79); w.WriteByte(0x6A); }
        w.WriteByte(0x21); w.WriteVarUInt32((uint)locals[0]);
        w.WriteByte(0x20); w.WriteVarUInt32((uint)baseLocal);
        w.WriteByte(0x20); w.WriteVarUInt32((uint)index);
        w.WriteByte(0x6A);
        if (lowest != 0) { w.WriteByte(0x41); w.WriteVarInt32(lowest); w.WriteByte(0x6A); }
        w.WriteByte(0x20); w.WriteVarUInt32((uint)locals[^1]);
        w.WriteByte(wide ? (byte)0x37 : (byte)0x36); w.WriteVarUInt32(wide ? 3u : 2u); w.WriteVarUInt32(0);
        return new CodeNode { Mnemonic = $"rotate {locals.Length} {type.ToWatName()} locals, store the last (strided)", Results = [], Code = w.ToArray(), Replaceable = false, Opcodes = [0x21, wide ? 0x37u : 0x36u] };
    }

    /// <summary>The rotated locals folded into the sink after the loop.</summary>
    private byte[] ObserveLocals(ValueType type, int[] locals)
    {
        var w = new WasmWriter();
        foreach (int local in locals)
        {
            w.WriteByte(0x20); w.WriteVarUInt32((uint)local);
            WriteFold(w, type);
        }
        return w.ToArray();
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
            var unary = _random.Pick(F64Unary);
            return F64Operation(unary, [StridedF64(depth - 1)]);
        }
        var binary = _random.Pick(F64Binary);
        return F64Operation(binary, [StridedF64(depth - 1), StridedF64(depth - 1)]);
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
        return (EncodeMemArg(naturalAlignment, offset), $"offset={offset} align={1 << naturalAlignment}");
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
