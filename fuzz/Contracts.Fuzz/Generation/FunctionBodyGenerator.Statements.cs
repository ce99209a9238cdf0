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
            while (true)
            {
                int roll = _random.Next(100);
                switch (roll)
                {
                    case < 17: if (LocalSet() is { } set) return set; break;
                    case < 22: if (GlobalSet() is { } globalSet) return globalSet; break;
                    case < 34 when _module.Memory is not null: return Store();
                    case < 40 when _module.Memory is not null: return MemoryStatement();
                    case < 47: return TableStatement();
                    case < 49:
                    {
                        var type = _random.Pick(AllTypes);
                        return new CodeNode { Mnemonic = "drop", Results = [], Operands = [Value(type)], Code = [0x1A], Opcodes = [0x1A] };
                    }
                    case < 52: return Observe(_random.Pick(NumericTypes));
                    case < 60: if (CallStatement() is { } call) return call; break;
                    case < 64: return CallIndirectStatement();
                    case < 82: return Structured(RandomParameters(), []);
                    case < 88: return BrIfStatement();
                    case < 90: return new CodeNode { Mnemonic = "nop", Results = [], Code = [0x01], Opcodes = [0x01] };
                    case < 95 when _module.ImportsFuel: return FuelCharge();
                    case < 97: return Diverge([]);
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
        int sink = _module.GlobalIndex(GlobalRole.Sink);
        var w = new WasmWriter();
        switch (type)
        {
            case ValueType.I32: w.Byte(0xAD); break;
            case ValueType.F32: w.Byte(0xBC); w.Byte(0xAD); break;
            case ValueType.F64: w.Byte(0xBD); break;
        }
        w.Byte(0x23); w.U32((uint)sink);
        w.Byte(0x85);
        w.Byte(0x42); w.S64(1);
        w.Byte(0x89);
        w.Byte(0x24); w.U32((uint)sink);
        return new CodeNode { Mnemonic = $"observe {type.ToWatName()} (fold into the sink)", Results = [], Operands = [Value(type)], Code = w.ToArray() };
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
