using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

internal sealed partial class FunctionEmitter
{
    private int Word(int at, int operand) => _function.Code[at + operand];

    private void EmitOp(Op op, int at)
    {
        var form = Forms[(int)op];
        switch (form.Kind)
        {
            case FormKind.Integer:
                EmitInteger(form, at);
                return;
            case FormKind.Float:
                EmitFloat(form.Float, at);
                return;
            case FormKind.Numeric:
                EmitNumeric(form, at);
                return;
            case FormKind.Special:
                EmitSpecial(op, at);
                return;
            default:
                throw new InvalidOperationException($"op {op} is not compiled (FunctionSupport lets such functions run interpreted)");
        }
    }

    // ---- integer operators ---------------------------------------------------------------------------------------

    /// <summary>Pushes slot operand <paramref name="operand"/> as an int32 (i32) or int64 (i64).</summary>
    private void LoadInteger(int at, int operand, bool wide)
    {
        LoadBits(Word(at, operand));
        if (!wide) _il.Emit(OpCodes.Conv_U4);
    }

    /// <summary>Pushes immediate operand <paramref name="operand"/> (sign-extended for i64, as the interpreter's (long)imm).</summary>
    private void LoadImmediate(int at, int operand, bool wide)
    {
        _il.Emit(OpCodes.Ldc_I4, Word(at, operand));
        if (wide) _il.Emit(OpCodes.Conv_I8);
    }

    private void EmitInteger(OpForm form, int at)
    {
        // A comparison only the next branch reads is emitted by that branch (FunctionEmitter.FusedCompares.cs).
        if (IsFusedCompare(at)) return;
        bool wide = form.Wide;
        // Layouts: dst a b (sss/ssi), or BrIf a b offset (ssb/sib).
        int a = form.Branch ? 1 : 2, b = a + 1;
        switch (form.Operator)
        {
            case "DivS" or "DivU" or "RemS" or "RemU":
                EmitDivision(form, at, a, b);
                return;
            case "Rotl" or "Rotr":
                EmitRotation(form, at);
                return;
            case "Or" or "Xor" when !form.Immediate && JoinsShifts(at):
                // A spelled-out rotation, perhaps: no or/xor node for the JIT to make a rotate of (FunctionEmitter.SpelledRotations.cs).
                EmitJoinWithoutOr(at, wide, xor: form.Operator == "Xor");
                if (!wide) _il.Emit(OpCodes.Conv_U8);
                StoreBits(Word(at, 1));
                return;
        }
        var shiftLike = form.Branch ? ShiftLike.None : ResultShiftLike(form.Operator, form.Immediate, at);
        LoadInteger(at, a, wide);
        if (form.Operator is "Shl" or "ShrS" or "ShrU")
        {
            int mask = wide ? 63 : 31;
            if (form.Immediate)
            {
                _il.Emit(OpCodes.Ldc_I4, Word(at, b) & mask);
            }
            else
            {
                LoadBits(Word(at, b));
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Ldc_I4, mask);
                _il.Emit(OpCodes.And);
            }
        }
        else if (form.Immediate)
        {
            LoadImmediate(at, b, wide);
        }
        else
        {
            LoadInteger(at, b, wide);
        }

        if (form.Branch)
        {
            var target = LabelAt(at + Word(at, 3));
            _il.Emit(form.Operator switch
            {
                "Eq" => OpCodes.Beq,
                "Ne" => OpCodes.Bne_Un,
                "LtS" => OpCodes.Blt,
                "LtU" => OpCodes.Blt_Un,
                "GtS" => OpCodes.Bgt,
                "GtU" => OpCodes.Bgt_Un,
                "LeS" => OpCodes.Ble,
                "LeU" => OpCodes.Ble_Un,
                "GeS" => OpCodes.Bge,
                "GeU" => OpCodes.Bge_Un,
                _ => throw new InvalidOperationException($"no branch for {form.Operator}"),
            }, target);
            return;
        }

        bool comparison = true;
        switch (form.Operator)
        {
            case "Eq": _il.Emit(OpCodes.Ceq); break;
            case "Ne": EmitNot(OpCodes.Ceq); break;
            case "LtS": _il.Emit(OpCodes.Clt); break;
            case "LtU": _il.Emit(OpCodes.Clt_Un); break;
            case "GtS": _il.Emit(OpCodes.Cgt); break;
            case "GtU": _il.Emit(OpCodes.Cgt_Un); break;
            case "LeS": EmitNot(OpCodes.Cgt); break;
            case "LeU": EmitNot(OpCodes.Cgt_Un); break;
            case "GeS": EmitNot(OpCodes.Clt); break;
            case "GeU": EmitNot(OpCodes.Clt_Un); break;
            default:
                comparison = false;
                _il.Emit(form.Operator switch
                {
                    "Add" => OpCodes.Add,
                    "Sub" => OpCodes.Sub,
                    "Mul" => OpCodes.Mul,
                    "And" => OpCodes.And,
                    "Or" => OpCodes.Or,
                    "Xor" => OpCodes.Xor,
                    "Shl" => OpCodes.Shl,
                    "ShrS" => OpCodes.Shr,
                    "ShrU" => OpCodes.Shr_Un,
                    _ => throw new InvalidOperationException($"no operator {form.Operator}"),
                });
                break;
        }
        // An i32 result or a comparison's 0/1 is zero-extended into the slot, as the interpreter's (uint) is.
        if (comparison || !wide) _il.Emit(OpCodes.Conv_U8);
        StoreBits(Word(at, 1));
        if (!comparison) MarkShiftLike(Word(at, 1), shiftLike);
    }

    private void EmitNot(OpCode comparison)
    {
        _il.Emit(comparison);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
    }

    /// <summary>Division and remainder with the interpreter's traps: zero divisor, then (signed division) MIN / -1.</summary>
    private void EmitDivision(OpForm form, int at, int a, int b)
    {
        bool wide = form.Wide;
        bool signed = form.Operator is "DivS" or "RemS";
        bool remainder = form.Operator is "RemS" or "RemU";
        var shiftLike = ResultShiftLike(form.Operator, form.Immediate, at);
        var type = wide ? typeof(long) : typeof(int);
        var divisor = Temporary(type);
        var dividend = Temporary(type, 1);
        if (form.Immediate)
        {
            long value = Word(at, b);
            if (value == 0)
            {
                _il.Emit(OpCodes.Br, TrapStub(TrapKind.IntegerDivideByZero, at));
                return;
            }
            LoadImmediate(at, b, wide);
            _il.Emit(OpCodes.Stloc, divisor);
        }
        else
        {
            LoadInteger(at, b, wide);
            _il.Emit(OpCodes.Stloc, divisor);
            _il.Emit(OpCodes.Ldloc, divisor);
            _il.Emit(OpCodes.Brfalse, TrapStub(TrapKind.IntegerDivideByZero, at));
        }
        LoadInteger(at, a, wide);
        _il.Emit(OpCodes.Stloc, dividend);
        var store = _il.DefineLabel();
        if (signed)
        {
            // b == -1: the quotient overflows for MIN (trap) and the remainder is 0 (never the CLR's overflow).
            var normal = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, divisor);
            _il.Emit(OpCodes.Ldc_I4_M1);
            if (wide) _il.Emit(OpCodes.Conv_I8);
            _il.Emit(OpCodes.Bne_Un, normal);
            if (remainder)
            {
                _il.Emit(OpCodes.Ldc_I4_0);
                if (wide) _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Br, store);
            }
            else
            {
                _il.Emit(OpCodes.Ldloc, dividend);
                if (wide) _il.Emit(OpCodes.Ldc_I8, long.MinValue);
                else _il.Emit(OpCodes.Ldc_I4, int.MinValue);
                _il.Emit(OpCodes.Beq, TrapStub(TrapKind.IntegerOverflow, at));
            }
            _il.MarkLabel(normal);
        }
        _il.Emit(OpCodes.Ldloc, dividend);
        _il.Emit(OpCodes.Ldloc, divisor);
        _il.Emit((signed, remainder) switch
        {
            (true, false) => OpCodes.Div,
            (true, true) => OpCodes.Rem,
            (false, false) => OpCodes.Div_Un,
            (false, true) => OpCodes.Rem_Un,
        });
        _il.MarkLabel(store);
        if (!wide) _il.Emit(OpCodes.Conv_U8);
        StoreBits(Word(at, 1));
        MarkShiftLike(Word(at, 1), shiftLike);
    }

    // ---- NumericOps calls ----------------------------------------------------------------------------------------

    private void EmitNumeric(OpForm form, int at)
    {
        var method = form.Numeric!;
        var parameters = method.GetParameters();
        LocalBuilder? result = null;
        for (int k = 0; k < parameters.Length; k++)
        {
            var type = parameters[k].ParameterType;
            if (parameters[k].IsOut)
            {
                result = Temporary(type.GetElementType()!);
                _il.Emit(OpCodes.Ldloca, result);
                continue;
            }
            bool wide = type == typeof(long) || type == typeof(ulong);
            if (form.Immediate && k == parameters.Length - 1) LoadImmediate(at, 2 + k, wide);
            else LoadInteger(at, 2 + k, wide);
        }
        _il.Emit(OpCodes.Call, method);
        if (result is not null)
        {
            // TrapKind result: non-zero traps with that kind.
            _il.Emit(OpCodes.Stloc, _kind);
            _il.Emit(OpCodes.Ldloc, _kind);
            _il.Emit(OpCodes.Brtrue, DynamicTrapStub(at));
            _il.Emit(OpCodes.Ldloc, result);
            WidenToSlot(result.LocalType);
        }
        else
        {
            WidenToSlot(method.ReturnType);
        }
        StoreBits(Word(at, 1));
    }

    /// <summary>bool, int and uint results zero-extend into the slot (the interpreter's (uint) and 1UL/0UL); 64-bit ones are the slot.</summary>
    private void WidenToSlot(Type type)
    {
        if (type == typeof(bool) || type == typeof(int) || type == typeof(uint)) _il.Emit(OpCodes.Conv_U8);
    }
}
