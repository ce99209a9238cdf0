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
                    case < 14: if (LocalSet() is { } set) return set; break;
                    case < 22: if (GlobalSet() is { } globalSet) return globalSet; break;
                    case < 34 when _module.Memory is not null: return Store();
                    case < 40 when _module.Memory is not null: return MemoryStatement();
                    case < 47: return TableStatement();
                    case < 52:
                    {
                        var type = _random.Pick(AllTypes);
                        return new CodeNode { Mnemonic = "drop", Results = [], Operands = [Value(type)], Code = [0x1A], Opcodes = [0x1A] };
                    }
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

    private CodeNode? LocalSet()
    {
        if (_visibleLocals.Count == 0) return null;
        var local = _random.Pick(_visibleLocals);
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
