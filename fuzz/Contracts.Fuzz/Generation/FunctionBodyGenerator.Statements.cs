using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>Statements: nodes that leave nothing on the stack.</summary>
internal sealed partial class FunctionBodyGenerator
{
    private CodeNode Statement()
    {
        _depth++;
        _budget--;
        try
        {
            if (_arithmetic && _random.Chance(85)) return ArithmeticStatement();
            if (_strided && _random.Chance(30)) return StridedLoop();
            if (_kernel && _module.Memory is { Min: > 0 } && _random.Chance(15))
                return new CodeNode { Mnemonic = "constant-address f64 run", Results = [], Operands = ConstantF64Run() };
            if (_kernel && _module.Memory is { Min: > 0 } && _random.Chance(10)) return StridedLoop(rotating: true);
            while (true)
            {
                int roll = _random.Next(100);
                switch (roll)
                {
                    case < 17: if (LocalSet() is { } set) return set; break;
                    case < 22: if (GlobalSet() is { } globalSet) return globalSet; break;
                    case < 34 when _module.Memory is not null: return Store();
                    case < 40 when _module.Memory is not null: return MemoryStatement();
                    case < 45: return TableStatement();
                    case < 47:
                    {
                        var type = _random.Pick(_allTypes);
                        return new CodeNode { Mnemonic = "drop", Results = [], Operands = [Value(type)], Code = [0x1A], Opcodes = [0x1A] };
                    }
                    case < 56: return Observe(_random.Pick(_valueTypes));
                    case < 62: if (CallStatement() is { } call) return call; break;
                    case < 65: return CallIndirectStatement();
                    case < 82: return Structured(RandomParameters(), []);
                    case < 88: return BrIfStatement();
                    case < 90: return new CodeNode { Mnemonic = "nop", Results = [], Code = [0x01], Opcodes = [0x01] };
                    case < 95 when _module.ImportsFuel: return FuelCharge();
                    case < 96 when _random.Chance(40): return Diverge([]);
                }
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>
    /// Folds a value into the sink global: sink = rotl(sink xor bits(value), 1). Floats go in by their bits, so NaN
    /// payloads are observed too.
    /// </summary>
    private CodeNode Observe(ValueType type)
    {
        var w = new WasmWriter();
        WriteFold(w, type);
        return new CodeNode { Mnemonic = $"observe {type.ToWatName()} (fold into the sink)", Results = [], Operands = [Value(type)], Code = w.ToArray() };
    }

    /// <summary>
    /// An operator's result, folded into the sink where it is computed and still passed on (through a hidden
    /// scratch local): intermediate values are observed even when later operators lose them (comparisons, masks).
    /// </summary>
    private CodeNode ObservedNumeric(ValueType type)
    {
        if (!_scratch.TryGetValue(type, out int scratch))
        {
            scratch = _function.Signature.Parameters.Length + _function.Locals.Count;
            _function.Locals.Add(type);
            _scratch.Add(type, scratch);
        }
        var w = new WasmWriter();
        w.WriteByte(0x22); w.WriteVarUInt32((uint)scratch);
        WriteFold(w, type);
        w.WriteByte(0x20); w.WriteVarUInt32((uint)scratch);
        return new CodeNode { Mnemonic = $"observed {type.ToWatName()} (tee, fold into the sink, get)", Results = [type], Operands = [Numeric(type)], Code = w.ToArray() };
    }

    /// <summary>
    /// sink = rotl(sink xor bits(value), 1), consuming the value of <paramref name="type"/> on the stack; a v128 is
    /// folded as its two 64-bit halves (low, then high), through a hidden scratch local.
    /// </summary>
    private void WriteFold(WasmWriter w, ValueType type)
    {
        int sink = _module.GlobalIndex(GlobalRole.Sink);
        if (type == ValueType.V128)
        {
            if (_foldScratch < 0)
            {
                _foldScratch = _function.Signature.Parameters.Length + _function.Locals.Count;
                _function.Locals.Add(ValueType.V128);
            }
            w.WriteByte(0x21); w.WriteVarUInt32((uint)_foldScratch);
            for (byte lane = 0; lane < 2; lane++)
            {
                w.WriteByte(0x20); w.WriteVarUInt32((uint)_foldScratch);
                w.WriteByte(0xFD); w.WriteVarUInt32(0x1D); w.WriteByte(lane);
                WriteFold(w, ValueType.I64);
            }
            return;
        }
        switch (type)
        {
            case ValueType.I32: w.WriteByte(0xAD); break;
            case ValueType.F32: w.WriteByte(0xBC); w.WriteByte(0xAD); break;
            case ValueType.F64: w.WriteByte(0xBD); break;
        }
        if (_arithmetic)
        {
            WriteMemoryFold(w);
            return;
        }
        w.WriteByte(0x23); w.WriteVarUInt32((uint)sink);
        w.WriteByte(0x85);
        w.WriteByte(0x42); w.WriteVarInt64(1);
        w.WriteByte(0x89);
        w.WriteByte(0x24); w.WriteVarUInt32((uint)sink);
    }

    private CodeNode? LocalSet()
    {
        if (_visibleLocals.Count == 0) return null;
        var local = PickLocal(_visibleLocals);
        return new CodeNode { Mnemonic = $"local.set {local.Index}", Results = [], Operands = [Value(local.Type)], Code = [0x21, .. Uleb(local.Index)], Opcodes = [0x21] };
    }

    private CodeNode? GlobalSet()
    {
        var globals = ProgramGlobals(g => g.Mutable);
        if (globals.Count == 0) return null;
        int global = _random.Pick(globals);
        return new CodeNode { Mnemonic = $"global.set {global}", Results = [], Operands = [Value(_module.Globals[global].Type)], Code = [0x24, .. Uleb(global)], Opcodes = [0x24] };
    }
}
