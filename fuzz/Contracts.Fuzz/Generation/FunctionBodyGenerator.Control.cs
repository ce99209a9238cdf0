using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>Blocks, loops, ifs, branches, calls and the call-depth limiter around calls.</summary>
internal sealed partial class FunctionBodyGenerator
{
    private enum BlockKind { Block, Loop, If }

    /// <summary>A block, loop or if taking <paramref name="parameters"/> and yielding <paramref name="results"/>.</summary>
    private CodeNode Structured(ValueType[] parameters, ValueType[] results)
    {
        var kind = (BlockKind)_random.Next(3);
        var operands = Values(parameters);
        if (kind == BlockKind.If) operands.Add(Condition(rarelyTrue: false));

        var header = new WasmWriter();
        int counter = -1;
        if (kind == BlockKind.Loop)
        {
            // A counted loop: a hidden counter local, set before the loop and decremented by the back edge.
            counter = _function.Signature.Parameters.Length + _function.Locals.Count;
            _function.Locals.Add(ValueType.I32);
            header.WriteByte(0x41); header.WriteVarInt32(_random.Range(1, 3));
            header.WriteByte(0x21); header.WriteVarUInt32((uint)counter);
        }
        header.WriteByte(kind switch { BlockKind.Block => (byte)0x02, BlockKind.Loop => (byte)0x03, _ => (byte)0x04 });
        WriteBlockType(header, parameters, results);
        if (kind == BlockKind.Loop) ModuleShape.WriteFuelCheck(header, _module);

        _labels.Add(kind == BlockKind.Loop ? parameters : results);
        var body = BlockBody(parameters, results, kind == BlockKind.Loop ? counter : -1);
        List<CodeNode>? elseBody = null;
        if (kind == BlockKind.If && (!parameters.AsSpan().SequenceEqual(results) || _random.Chance(50)))
            elseBody = BlockBody(parameters, results, -1);
        _labels.RemoveAt(_labels.Count - 1);

        string name = kind.ToString().ToLowerInvariant();
        return new CodeNode
        {
            Mnemonic = $"{name} {new Signature(parameters, results)}",
            Results = results,
            Operands = operands,
            Code = header.ToArray(),
            Body = body,
            ElseBody = elseBody,
            Opcodes = kind == BlockKind.If && elseBody is not null ? [0x04, 0x05, 0x0B] : [kind switch { BlockKind.Block => 0x02u, BlockKind.Loop => 0x03u, _ => 0x04u }, 0x0B],
        };
    }

    private void WriteBlockType(WasmWriter w, ValueType[] parameters, ValueType[] results)
    {
        if (parameters.Length == 0 && results.Length == 0) w.WriteByte(0x40);
        else if (parameters.Length == 0 && results.Length == 1) w.WriteByte((byte)results[0]);
        else w.WriteVarInt64(_module.TypeIndex(new Signature(parameters, results)));
    }

    /// <summary>
    /// The inside of a block whose parameters are on the stack at entry: they are consumed (or, when they already
    /// are the results, kept), then statements run, then the results are produced.
    /// </summary>
    private List<CodeNode> BlockBody(ValueType[] parameters, ValueType[] results, int loopCounter)
    {
        var body = new List<CodeNode>();
        bool passThrough = parameters.AsSpan().SequenceEqual(results) && _random.Chance(50);
        if (!passThrough) ConsumeEntryValues(parameters, body);
        body.AddRange(Statements(_random.Range(0, 3)));
        if (loopCounter >= 0) body.Add(BackEdge(parameters, loopCounter));
        if (!passThrough) body.AddRange(Values(results));
        return body;
    }

    /// <summary>Pops the block parameters, combining some with operators first; these nodes are never replaced.</summary>
    private void ConsumeEntryValues(ValueType[] parameters, List<CodeNode> body)
    {
        var pending = new List<ValueType>(parameters);
        while (pending.Count > 0)
        {
            var top = pending[^1];
            if (NumericOps.IsValue(top) && _random.Chance(40))
            {
                bool binary = pending.Count >= 2 && pending[^2] == top && _random.Chance(60);
                var candidates = (_simd ? NumericOps.All : NumericOps.Scalar)
                    .Where(o => o.Parameters.Length == (binary ? 2 : 1) && o.Parameters.All(p => p == top) && !o.IsDivision && !o.IsTrappingTruncation).ToArray();
                var op = _random.Pick(candidates);
                pending.RemoveRange(pending.Count - op.Parameters.Length, op.Parameters.Length);
                pending.Add(op.Result);
                body.Add(new CodeNode
                {
                    Mnemonic = op.Name + " (on block parameters)",
                    Results = [],
                    Code = op.Encoding,
                    Replaceable = false,
                    Opcodes = [op.Key],
                    Numeric = op,
                });
                continue;
            }
            pending.RemoveAt(pending.Count - 1);
            var locals = _visibleLocals.Where(l => l.Type == top).ToList();
            if (locals.Count > 0 && _random.Chance(50))
            {
                var local = _random.Pick(locals);
                body.Add(new CodeNode { Mnemonic = $"local.set {local.Index} (block parameter)", Results = [], Code = [0x21, .. Uleb(local.Index)], Replaceable = false, Opcodes = [0x21] });
            }
            else
            {
                body.Add(new CodeNode { Mnemonic = "drop (block parameter)", Results = [], Code = [0x1A], Replaceable = false, Opcodes = [0x1A] });
            }
        }
    }

    /// <summary>br_if 0 back to the loop header while the loop's counter is not exhausted.</summary>
    private CodeNode BackEdge(ValueType[] parameters, int counter)
    {
        var w = new WasmWriter();
        w.WriteByte(0x20); w.WriteVarUInt32((uint)counter);
        w.WriteByte(0x41); w.WriteVarInt32(1);
        w.WriteByte(0x6B);
        w.WriteByte(0x22); w.WriteVarUInt32((uint)counter);
        w.WriteByte(0x0D); w.WriteVarUInt32(0);
        foreach (var _ in parameters) w.WriteByte(0x1A);
        return new CodeNode { Mnemonic = "br_if 0 (loop back edge, counted)", Results = [], Operands = Values(parameters), Code = w.ToArray(), Opcodes = [0x0D] };
    }

    /// <summary>
    /// A branch condition. Raw values are almost always non-zero, which would make every if take its then-branch and
    /// every br_if leave its block, leaving most code dead; so conditions are mostly reduced to one bit
    /// (value &amp; 1, taken about half the time) or, for branches out of blocks, to "low three bits zero".
    /// </summary>
    private CodeNode Condition(bool rarelyTrue)
    {
        if (_kernel && _random.Chance(60)) return CompareCondition(rarelyTrue);
        if (_random.Chance(15)) return Value(ValueType.I32);
        var w = new WasmWriter();
        if (rarelyTrue) { w.WriteByte(0x41); w.WriteVarInt32(7); w.WriteByte(0x71); w.WriteByte(0x45); }
        else { w.WriteByte(0x41); w.WriteVarInt32(1); w.WriteByte(0x71); }
        // An arithmetic-style function's conditions test plain values: a computed one may carry a rotation's value.
        var operand = _arithmetic && _random.Chance(85) ? PlainI32() : Value(ValueType.I32);
        return new CodeNode { Mnemonic = rarelyTrue ? "i32.eqz (i32.and 7) (condition)" : "i32.and 1 (condition)", Results = [ValueType.I32], Operands = [operand], Code = w.ToArray() };
    }

    private int RandomLabel() => _random.Next(_labels.Count);

    private int Relative(int label) => _labels.Count - 1 - label;

    /// <summary>br_if to a label whose branch type is exactly [type]: yields the value whether or not it branches.</summary>
    private CodeNode? BrIfValue(ValueType type)
    {
        var matching = Enumerable.Range(0, _labels.Count).Where(l => _labels[l].Length == 1 && _labels[l][0] == type).ToList();
        if (matching.Count == 0) return null;
        int label = _random.Pick(matching);
        var operands = new List<CodeNode> { Value(type), Condition(rarelyTrue: true) };
        return new CodeNode { Mnemonic = $"br_if {Relative(label)}", Results = [type], Operands = operands, Code = [0x0D, .. Uleb(Relative(label))], Opcodes = [0x0D] };
    }

    private CodeNode BrIfStatement()
    {
        int label = RandomLabel();
        var types = _labels[label];
        var operands = Values(types);
        operands.Add(Condition(rarelyTrue: true));
        var code = new List<byte> { 0x0D };
        code.AddRange(Uleb(Relative(label)));
        foreach (var _ in types) code.Add(0x1A);
        return new CodeNode { Mnemonic = $"br_if {Relative(label)} (results dropped)", Results = [], Operands = operands, Code = code.ToArray(), Opcodes = [0x0D] };
    }

    /// <summary>
    /// An instruction after which the stack is polymorphic (br, br_table, return, unreachable); it stands in for a
    /// producer of <paramref name="claimed"/>, which is valid because the code after it is unreachable.
    /// </summary>
    private CodeNode Diverge(ValueType[] claimed)
    {
        int roll = _random.Next(100);
        if (roll < 40)
        {
            int label = RandomLabel();
            return new CodeNode { Mnemonic = $"br {Relative(label)}", Results = claimed, Operands = Values(_labels[label]), Code = [0x0C, .. Uleb(Relative(label))], Opcodes = [0x0C] };
        }
        if (roll < 75)
        {
            int label = RandomLabel();
            var types = _labels[label];
            var targets = Enumerable.Range(0, _labels.Count).Where(l => _labels[l].AsSpan().SequenceEqual(types)).ToList();
            int count = _random.Range(0, 5);
            var w = new WasmWriter();
            w.WriteByte(0x0E);
            w.WriteVarUInt32((uint)count);
            var relatives = new List<int>();
            for (int i = 0; i < count; i++)
            {
                int relative = Relative(_random.Pick(targets));
                relatives.Add(relative);
                w.WriteVarUInt32((uint)relative);
            }
            w.WriteVarUInt32((uint)Relative(label));
            var operands = Values(types);
            operands.Add(_random.Chance(70) ? SmallIndex(count + 2) : Value(ValueType.I32));
            return new CodeNode { Mnemonic = $"br_table [{string.Join(' ', relatives)}] {Relative(label)}", Results = claimed, Operands = operands, Code = w.ToArray(), Opcodes = [0x0E] };
        }
        if (roll < 97)
            return new CodeNode { Mnemonic = "return", Results = claimed, Operands = Values(_function.Signature.Results), Code = [0x0F], Opcodes = [0x0F] };
        return new CodeNode { Mnemonic = "unreachable", Results = claimed, Code = [0x00], Opcodes = [0x00] };
    }

    private CodeNode SmallIndex(int bound) => I32Constant(_random.Next(Math.Max(1, bound)));

    private static CodeNode I32Constant(int value) =>
        new() { Mnemonic = $"i32.const {value}", Results = [ValueType.I32], Code = [0x41, .. Sleb(value)], Opcodes = [0x41] };

    private CodeNode? CallProducing(ValueType type)
    {
        var callees = Callees(f => f.Signature.Results.Length > 0 && f.Signature.Results[0] == type);
        if (callees.Count == 0) return null;
        var callee = _random.Pick(callees);
        return Call(callee, DropsAfterFirst(callee.Signature.Results), [type]);
    }

    private static byte[] DropsAfterFirst(ValueType[] results) => Enumerable.Repeat((byte)0x1A, Math.Max(0, results.Length - 1)).ToArray();

    /// <summary>A direct call, wrapped in the call-depth limiter; <paramref name="trailer"/> drops unwanted results.</summary>
    private CodeNode Call(FunctionShape callee, byte[] trailer, ValueType[] results)
    {
        var operands = Values(callee.Signature.Parameters);
        var w = new WasmWriter();
        WriteDepthEnter(w);
        w.WriteByte(0x10); w.WriteVarUInt32((uint)callee.Index);
        WriteDepthExit(w);
        return new CodeNode { Mnemonic = $"call {callee.Index}", Results = results, Operands = operands, Code = w.ToArray(), Trailer = trailer, Opcodes = [0x10] };
    }

    private CodeNode? CallIndirectProducing(ValueType type)
    {
        bool Wanted(Signature s) => s.Results.Length > 0 && s.Results[0] == type;
        var slots = KnownSlots(Wanted);
        if (slots.Count > 0 && _random.Chance(95))
        {
            var (table, slot, known) = _random.Pick(slots);
            return CallIndirect(known, DropsAfterFirst(known.Results), table, slot);
        }
        // Through an unknown slot: usually a trap (null, type mismatch or out of bounds), so kept rare.
        if (_random.Chance(95)) return null;
        var signatures = _module.Functions.Select(f => f.Signature).Where(Wanted).ToList();
        if (signatures.Count == 0) return null;
        var signature = _random.Pick(signatures);
        return CallIndirect(signature, DropsAfterFirst(signature.Results), -1, -1);
    }

    private static CodeNode Nop() => new() { Mnemonic = "nop", Results = [], Code = [0x01], Opcodes = [0x01] };

    private CodeNode CallIndirectStatement()
    {
        var slots = KnownSlots(_ => true);
        if (slots.Count > 0 && _random.Chance(95))
        {
            var (table, slot, known) = _random.Pick(slots);
            return CallIndirect(known, Enumerable.Repeat((byte)0x1A, known.Results.Length).ToArray(), table, slot);
        }
        if (_random.Chance(95)) return CallStatement() ?? Nop();
        var signature = _random.Pick(_module.Functions).Signature;
        return CallIndirect(signature, Enumerable.Repeat((byte)0x1A, signature.Results.Length).ToArray(), -1, -1);
    }

    /// <summary>
    /// Table slots the active element segments fill with a function of a wanted signature: calling through them
    /// mostly succeeds, so indirect calls run code instead of trapping (until the program overwrites the slot).
    /// </summary>
    private List<(int Table, int Slot, Signature Signature)> KnownSlots(Func<Signature, bool> wanted)
    {
        var slots = new List<(int, int, Signature)>();
        foreach (var segment in _module.Elements)
        {
            if (segment.Kind != SegmentKind.Active || segment.ElementType != ValueType.FuncRef) continue;
            for (int i = 0; i < segment.Items.Length; i++)
            {
                if (segment.Items[i] < 0) continue;
                var callee = _module.FunctionAt(segment.Items[i]);
                // Through the fuel intrinsic a random amount usually runs out of gas: rarely.
                if (callee.IsFuelIntrinsic && !_random.Chance(10)) continue;
                // Mostly forward calls, as for direct calls, so most indirect calls return.
                if (wanted(callee.Signature) && (callee.Index > _function.Index || _random.Chance(5)))
                    slots.Add((segment.Table, (int)segment.Offset + i, callee.Signature));
            }
        }
        return slots;
    }

    /// <summary>call_indirect through <paramref name="table"/> (random funcref table when -1) at <paramref name="slot"/> (random index when -1).</summary>
    private CodeNode CallIndirect(Signature signature, byte[] trailer, int table, int slot)
    {
        if (table < 0) table = _random.Pick(Enumerable.Range(0, _module.Tables.Count).Where(t => _module.Tables[t].ElementType == ValueType.FuncRef).ToList());
        var operands = Values(signature.Parameters);
        operands.Add(slot >= 0
            ? I32Constant(slot)
            : _random.Next(10) switch
            {
                < 8 => SmallIndex((int)_module.Tables[table].Min),
                < 9 => SmallIndex((int)_module.Tables[table].Min + 2),
                _ => Value(ValueType.I32),
            });
        var w = new WasmWriter();
        WriteDepthEnter(w);
        w.WriteByte(0x11); w.WriteVarUInt32((uint)_module.TypeIndex(signature)); w.WriteVarUInt32((uint)table);
        WriteDepthExit(w);
        ValueType[] results = trailer.Length == signature.Results.Length ? [] : signature.Results[..1];
        return new CodeNode { Mnemonic = $"call_indirect {signature} table {table}", Results = results, Operands = operands, Code = w.ToArray(), Trailer = trailer, Opcodes = [0x11] };
    }

    /// <summary>
    /// Candidate callees, mostly later functions: calls then form a DAG and most calls return, while the rare
    /// backward call still produces recursion (stopped by the stack-height limiter or the fuel guard).
    /// </summary>
    private List<FunctionShape> Callees(Func<FunctionShape, bool> predicate)
    {
        // The host function is a callee like any other; the fuel intrinsic is called through FuelCharge.
        var host = _module.ImportedFunctions.Where(f => !f.IsFuelIntrinsic && predicate(f));
        var all = _module.Functions.Where(predicate).ToList();
        if (_random.Chance(5)) return [.. host, .. all];
        return [.. host, .. all.Where(f => f.Index > _function.Index)];
    }

    private CodeNode? CallStatement()
    {
        var callees = Callees(_ => true);
        if (callees.Count == 0) return null;
        var callee = _random.Pick(callees);
        return Call(callee, Enumerable.Repeat((byte)0x1A, callee.Signature.Results.Length).ToArray(), []);
    }

    /// <summary>depth += 1; if depth > limit { flag = 2; unreachable }.</summary>
    private void WriteDepthEnter(WasmWriter w)
    {
        int depth = _module.GlobalIndex(GlobalRole.Depth);
        int flag = _module.GlobalIndex(GlobalRole.Flag);
        w.WriteByte(0x23); w.WriteVarUInt32((uint)depth);
        w.WriteByte(0x41); w.WriteVarInt32(1);
        w.WriteByte(0x6A);
        w.WriteByte(0x24); w.WriteVarUInt32((uint)depth);
        w.WriteByte(0x23); w.WriteVarUInt32((uint)depth);
        w.WriteByte(0x41); w.WriteVarInt32(_options.CallDepthLimit);
        w.WriteByte(0x4B);
        w.WriteByte(0x04); w.WriteByte(0x40);
        w.WriteByte(0x41); w.WriteVarInt32(2);
        w.WriteByte(0x24); w.WriteVarUInt32((uint)flag);
        w.WriteByte(0x00);
        w.WriteByte(0x0B);
    }

    private void WriteDepthExit(WasmWriter w)
    {
        int depth = _module.GlobalIndex(GlobalRole.Depth);
        w.WriteByte(0x23); w.WriteVarUInt32((uint)depth);
        w.WriteByte(0x41); w.WriteVarInt32(1);
        w.WriteByte(0x6B);
        w.WriteByte(0x24); w.WriteVarUInt32((uint)depth);
    }

    /// <summary>A call of the engine's fuel intrinsic with a small amount (the import is function 0).</summary>
    private CodeNode FuelCharge()
    {
        long amount = _random.Chance(90) ? _random.Range(0, 50) : (long)InterestingValues.Next(_random, ValueType.I64);
        var operand = new CodeNode { Mnemonic = $"i64.const {amount}", Results = [ValueType.I64], Code = [0x42, .. Sleb(amount)], Opcodes = [0x42] };
        return new CodeNode { Mnemonic = "call 0 (gas.charge)", Results = [], Operands = [operand], Code = [0x10, 0x00], Opcodes = [0x10] };
    }
}
