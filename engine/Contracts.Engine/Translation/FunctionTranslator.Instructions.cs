using Contracts.Engine.Binary;
using Contracts.Engine.Execution;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Translation;

internal sealed partial class FunctionTranslator
{
    /// <summary>A conditional branch: taken when the condition holds.</summary>
    private readonly record struct Condition(Op Op, int A, int B, bool HasB);

    private void TranslateBody(ref InstructionReader reader)
    {
        int skipDepth = 0;
        while (!reader.IsAtEnd)
        {
            _instructionOffset = reader.Offset;
            var instruction = reader.Read();
            var opcode = instruction.Opcode;
            var frame = _frames[^1];

            if (frame.Unreachable)
            {
                // Dead code: only track nesting to find the frame's else/end.
                switch (opcode)
                {
                    case Opcode.Block or Opcode.Loop or Opcode.If:
                        skipDepth++;
                        continue;
                    case Opcode.Else when skipDepth == 0:
                        TranslateElse();
                        continue;
                    case Opcode.End when skipDepth == 0:
                        TranslateEnd();
                        continue;
                    case Opcode.End:
                        skipDepth--;
                        continue;
                    default:
                        continue;
                }
            }

            TranslateInstruction(ref reader, in instruction);
        }
    }

    private void TranslateInstruction(ref InstructionReader reader, in Instruction instruction)
    {
        var opcode = instruction.Opcode;
        switch (opcode)
        {
            case Opcode.Unreachable:
                Begin(Op.Unreachable);
                SetUnreachable();
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                TranslateBlock(opcode, instruction.BlockType);
                return;
            case Opcode.Else:
                TranslateElse();
                return;
            case Opcode.End:
                TranslateEnd();
                return;
            case Opcode.Br:
                EmitBranchToLabel(instruction.Index);
                SetUnreachable();
                return;
            case Opcode.BrIf:
                TranslateBrIf(instruction.Index);
                return;
            case Opcode.BrTable:
                TranslateBrTable(ref reader, in instruction);
                return;
            case Opcode.Return:
                EmitReturn();
                SetUnreachable();
                return;
            case Opcode.Call:
                TranslateCall(instruction.Index);
                return;
            case Opcode.CallIndirect:
                TranslateCallIndirect(instruction.Index, instruction.SecondIndex);
                return;
            case Opcode.Drop:
                Pop();
                return;
            case Opcode.Select or Opcode.SelectTyped:
                TranslateSelect();
                return;
            case Opcode.LocalGet:
                Push(Operand.OfLocal((int)instruction.Index));
                return;
            case Opcode.LocalSet:
                TranslateLocalSet((int)instruction.Index, tee: false);
                return;
            case Opcode.LocalTee:
                TranslateLocalSet((int)instruction.Index, tee: true);
                return;
            case Opcode.GlobalGet:
            {
                int index = (int)instruction.Index;
                if (TryFuseGlobalUpdate(ref reader, index)) return;
                PushTemp();
                EmitWithDst(IsV128Global(index) ? Op.GlobalGetV128 : Op.GlobalGet, TempSlot(_sp - 1), index);
                return;
            }
            case Opcode.GlobalSet:
            {
                int index = (int)instruction.Index;
                int src = SlotOf(_sp - 1);
                Pop();
                Emit(IsV128Global(index) ? Op.GlobalSetV128 : Op.GlobalSet, index, src);
                return;
            }
            case Opcode.TableGet:
            {
                int table = (int)instruction.Index;
                int index = SlotOf(_sp - 1);
                Pop();
                PushTemp();
                EmitWithDst(Op.TableGet, TempSlot(_sp - 1), table, index);
                return;
            }
            case Opcode.TableSet:
            {
                int table = (int)instruction.Index;
                int index = SlotOf(_sp - 2);
                int value = SlotOf(_sp - 1);
                PopN(2);
                Emit(Op.TableSet, table, index, value);
                return;
            }
            case >= Opcode.I32Load and <= Opcode.I64Load32U:
            {
                int offset = (int)instruction.MemoryOffset; // the alignment is a hint only
                int address = SlotOf(_sp - 1);
                Pop();
                PushTemp();
                Begin(LoadOp(opcode));
                _lastDstOperand = _code.Length;
                _code.Add(TempSlot(_sp - 1));
                _code.Add(address);
                _code.Add(offset);
                return;
            }
            case >= Opcode.I32Store and <= Opcode.I64Store32:
            {
                int offset = (int)instruction.MemoryOffset;
                int address = SlotOf(_sp - 2);
                int value = SlotOf(_sp - 1);
                PopN(2);
                Emit(StoreOp(opcode), address, value, offset);
                return;
            }
            case Opcode.MemorySize:
                PushTemp();
                Emit(Op.MemorySize, TempSlot(_sp - 1));
                return;
            case Opcode.MemoryGrow:
            {
                int delta = SlotOf(_sp - 1);
                Pop();
                PushTemp();
                Emit(Op.MemoryGrow, TempSlot(_sp - 1), delta);
                return;
            }
            case Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const or Opcode.RefNull:
                Push(Operand.OfConst(instruction.ConstantBits));
                return;
            case Opcode.RefIsNull:
                TranslateUnary(Op.RefIsNull);
                return;
            case Opcode.RefFunc:
            {
                int function = (int)instruction.Index;
                PushTemp();
                EmitWithDst(Op.RefFunc, TempSlot(_sp - 1), function);
                return;
            }
            case >= Opcode.I32ReinterpretF32 and <= Opcode.F64ReinterpretI64:
                // Values are raw bits in every slot: reinterpretation is free.
                return;
            case Opcode.I32Eqz:
                TranslateEqz(Op.I32Eqz);
                return;
            case Opcode.I64Eqz:
                TranslateEqz(Op.I64Eqz);
                return;
            case Opcode.PrefixFC when !OpTables.IsNumeric(instruction.Info):
                TranslatePrefixed(in instruction);
                return;
            case Opcode.PrefixSimd:
                TranslateSimd(ref reader, in instruction);
                return;
        }

        int row = instruction.Info.Index;
        var binary = OpTables.Binary[row];
        if (binary.Op != 0)
        {
            TranslateBinary(binary);
            return;
        }
        var unary = OpTables.Unary[row];
        if (unary != 0)
        {
            TranslateUnary(unary);
            return;
        }
        throw new InvalidOperationException($"{instruction.Info.Mnemonic} has no translation");
    }

    private void TranslatePrefixed(in Instruction instruction)
    {
        var opcode = instruction.Prefixed;
        switch (opcode)
        {
            case OpcodeFC.MemoryInit:
            {
                int segment = (int)instruction.Index;
                int d = SlotOf(_sp - 3), s = SlotOf(_sp - 2), n = SlotOf(_sp - 1);
                PopN(3);
                Emit(Op.MemoryInit, segment, d, s, n);
                return;
            }
            case OpcodeFC.DataDrop:
                Emit(Op.DataDrop, (int)instruction.Index);
                return;
            case OpcodeFC.MemoryCopy:
            {
                int d = SlotOf(_sp - 3), s = SlotOf(_sp - 2), n = SlotOf(_sp - 1);
                PopN(3);
                Emit(Op.MemoryCopy, d, s, n);
                return;
            }
            case OpcodeFC.MemoryFill:
            {
                int d = SlotOf(_sp - 3), v = SlotOf(_sp - 2), n = SlotOf(_sp - 1);
                PopN(3);
                Emit(Op.MemoryFill, d, v, n);
                return;
            }
            case OpcodeFC.TableInit:
            {
                int segment = (int)instruction.Index;
                int table = (int)instruction.SecondIndex;
                int d = SlotOf(_sp - 3), s = SlotOf(_sp - 2), n = SlotOf(_sp - 1);
                PopN(3);
                Emit(Op.TableInit, table, segment, d, s, n);
                return;
            }
            case OpcodeFC.ElemDrop:
                Emit(Op.ElemDrop, (int)instruction.Index);
                return;
            case OpcodeFC.TableCopy:
            {
                int dstTable = (int)instruction.Index;
                int srcTable = (int)instruction.SecondIndex;
                int d = SlotOf(_sp - 3), s = SlotOf(_sp - 2), n = SlotOf(_sp - 1);
                PopN(3);
                Emit(Op.TableCopy, dstTable, srcTable, d, s, n);
                return;
            }
            case OpcodeFC.TableGrow:
            {
                int table = (int)instruction.Index;
                int init = SlotOf(_sp - 2), delta = SlotOf(_sp - 1);
                PopN(2);
                PushTemp();
                Emit(Op.TableGrow, TempSlot(_sp - 1), table, init, delta);
                return;
            }
            case OpcodeFC.TableSize:
            {
                int table = (int)instruction.Index;
                PushTemp();
                Emit(Op.TableSize, TempSlot(_sp - 1), table);
                return;
            }
            case OpcodeFC.TableFill:
            {
                int table = (int)instruction.Index;
                int i = SlotOf(_sp - 3), v = SlotOf(_sp - 2), n = SlotOf(_sp - 1);
                PopN(3);
                Emit(Op.TableFill, table, i, v, n);
                return;
            }
        }
        throw new InvalidOperationException($"{instruction.Info.Mnemonic} has no translation");
    }

    /// <summary>
    /// Peephole for the i32 global update idiom <c>global.get G; i32.const K; i32.add|i32.sub; global.set G</c>
    /// (stack pointers, counters, a stack-height limiter): one <see cref="Op.GlobalAddImm"/>. When the update is
    /// followed by the check <c>global.get G; i32.const L; i32.gt_u; if</c>, the check becomes the if's condition
    /// branch of one <see cref="Op.GlobalAddBrIfLeU"/>. Reads ahead on a copy of the reader and consumes the bytes
    /// only when the whole idiom matches.
    /// </summary>
    private bool TryFuseGlobalUpdate(ref InstructionReader reader, int global)
    {
        // The body is validated and ends with `end`, so every instruction read here exists; the checks stop at it.
        var look = reader;
        var constant = look.Read();
        if (constant.Opcode != Opcode.I32Const) return false;
        var arithmetic = look.Read();
        if (arithmetic.Opcode != Opcode.I32Add && arithmetic.Opcode != Opcode.I32Sub) return false;
        var set = look.Read();
        if (set.Opcode != Opcode.GlobalSet || set.Index != (uint)global) return false;
        int delta = arithmetic.Opcode == Opcode.I32Add ? constant.I32 : unchecked(-constant.I32);

        var check = look;
        var get = check.Read();
        if (get.Opcode == Opcode.GlobalGet && get.Index == (uint)global
            && check.Read() is { Opcode: Opcode.I32Const } limitConstant
            && check.Read().Opcode == Opcode.I32GtU
            && check.Read() is { Opcode: Opcode.If, BlockType: -64 })
        {
            int limit = limitConstant.I32;
            reader = check;
            MaterializeAllLocals();
            int at = Begin(Op.GlobalAddBrIfLeU);
            _code.Add(global);
            _code.Add(delta);
            _code.Add(limit);
            int operand = _code.Length;
            _code.Add(0);
            var frame = NewFrame(FrameKind.If, _sp, 0, 0);
            frame.ElseInstruction = at;
            frame.ElseOperand = operand;
            _frames.Add(frame);
            return true;
        }
        reader = look;
        Emit(Op.GlobalAddImm, global, delta);
        return true;
    }

    private static Op LoadOp(Opcode opcode) => opcode switch
    {
        Opcode.I32Load or Opcode.F32Load => Op.I32Load,
        Opcode.I64Load or Opcode.F64Load => Op.I64Load,
        Opcode.I32Load8S => Op.I32Load8S,
        Opcode.I32Load8U => Op.I32Load8U,
        Opcode.I32Load16S => Op.I32Load16S,
        Opcode.I32Load16U => Op.I32Load16U,
        Opcode.I64Load8S => Op.I64Load8S,
        Opcode.I64Load8U => Op.I64Load8U,
        Opcode.I64Load16S => Op.I64Load16S,
        Opcode.I64Load16U => Op.I64Load16U,
        Opcode.I64Load32S => Op.I64Load32S,
        _ => Op.I64Load32U,
    };

    private static Op StoreOp(Opcode opcode) => opcode switch
    {
        Opcode.I32Store8 or Opcode.I64Store8 => Op.Store8,
        Opcode.I32Store16 or Opcode.I64Store16 => Op.Store16,
        Opcode.I32Store or Opcode.F32Store or Opcode.I64Store32 => Op.Store32,
        _ => Op.Store64,
    };

    // ---- arithmetic ---------------------------------------------------------------------------------------------

    private void TranslateUnary(Op op)
    {
        int a = SlotOf(_sp - 1);
        Pop();
        PushTemp();
        EmitWithDst(op, TempSlot(_sp - 1), a);
    }

    private void TranslateEqz(Op op)
    {
        int a = SlotOf(_sp - 1);
        Pop();
        PushTemp();
        EmitWithDst(op, TempSlot(_sp - 1), a);
        _lastCompareInstruction = _code.Length - 3;
        _lastCompareOp = op;
        _lastCompareA = a;
    }

    private void TranslateBinary(BinaryOpInfo info)
    {
        int lhsPosition = _sp - 2, rhsPosition = _sp - 1;
        var lhs = _stack[lhsPosition];
        var rhs = _stack[rhsPosition];
        int dst = TempSlot(lhsPosition);
        Op op = info.Op;
        int a, b;
        // A constant operand becomes an immediate (a commutative op may take it from the left).
        int slotPosition = lhsPosition;
        ulong constant = rhs.Bits;
        bool useImm = false;
        if (info.HasImm)
        {
            if (rhs.Kind == OperandKind.Const) useImm = true;
            else if (lhs.Kind == OperandKind.Const && info.Commutative)
            {
                useImm = true;
                slotPosition = rhsPosition;
                constant = lhs.Bits;
            }
        }
        if (useImm && FitsImm(info, constant, out int imm))
        {
            a = SlotOf(slotPosition);
            b = imm;
            op += 1;
        }
        else
        {
            a = SlotOf(lhsPosition);
            b = SlotOf(rhsPosition);
        }
        PopN(2);
        PushTemp();
        EmitWithDst(op, dst, a, b);
        if (info.IsIntegerCompare)
        {
            _lastCompareInstruction = _code.Length - 4;
            _lastCompareOp = op;
            _lastCompareA = a;
            _lastCompareB = b;
        }
    }

    private static bool FitsImm(BinaryOpInfo info, ulong bits, out int imm)
    {
        if (!info.Is64)
        {
            imm = (int)(uint)bits;
            return true;
        }
        long value = (long)bits;
        imm = (int)value;
        return value == imm;
    }

    // ---- locals, select -----------------------------------------------------------------------------------------

    private void TranslateLocalSet(int local, bool tee)
    {
        int position = _sp - 1;
        var value = _stack[position];
        if (value.Kind == OperandKind.Local && value.Local == local)
        {
            if (!tee) Pop();
            return;
        }

        bool hazards = _deferredLocalRefs[local] > 0;
        if (value.Kind == OperandKind.Temp && !hazards && _lastDstOperand >= 0 && _code[_lastDstOperand] == TempSlot(position))
        {
            // The value was just computed: write it straight into the local.
            _code[_lastDstOperand] = LocalSlot(local);
            ClearPeephole();
        }
        else
        {
            MaterializeLocalRefs(local, position);
            value = _stack[position];
            switch (value.Kind)
            {
                case OperandKind.Temp: EmitCopy(LocalSlot(local), TempSlot(position)); break;
                case OperandKind.Local: EmitCopy(LocalSlot(local), LocalSlot(value.Local)); break;
                case OperandKind.Pooled: EmitCopy(LocalSlot(local), value.Local); break;
                default: EmitConst(LocalSlot(local), value.Bits); break;
            }
        }
        Pop();
        if (tee) Push(Operand.OfLocal(local));
    }

    private void TranslateSelect()
    {
        int a = SlotOf(_sp - 3), b = SlotOf(_sp - 2), condition = SlotOf(_sp - 1);
        PopN(3);
        PushTemp();
        Begin(Op.Select);
        _lastDstOperand = _code.Length;
        _code.Add(TempSlot(_sp - 1));
        _code.Add(condition);
        _code.Add(a);
        _code.Add(b);
    }

    // ---- calls --------------------------------------------------------------------------------------------------

    private void TranslateCall(uint functionIndex)
    {
        var type = _module.GetFunctionType(functionIndex);
        if ((int)functionIndex == _fuelFunctionIndex)
        {
            var amount = _stack[_sp - 1];
            if (amount.Kind == OperandKind.Const)
            {
                if (amount.Bits <= int.MaxValue)
                {
                    // A fuel prefix: the interpreter charges it in its dispatch head, so the charge costs no
                    // dispatch of its own (it is folded into the instruction that follows).
                    ClearPeephole();
                    _code.BeginRaw(~(int)amount.Bits, _instructionOffset);
                }
                else
                {
                    Emit(Op.ConsumeFuel, (int)(uint)amount.Bits, (int)(uint)(amount.Bits >> 32));
                }
            }
            else
            {
                Emit(Op.ConsumeFuelSlot, SlotOf(_sp - 1));
            }
            Pop();
            return;
        }

        int argCount = type.Parameters.Length;
        MaterializeTop(argCount);
        int argBase = TempSlot(_sp - argCount);
        PopN(argCount);
        if (functionIndex >= (uint)_module.ImportedFunctionCount)
        {
            Emit(Op.CallInternal, (int)functionIndex - _module.ImportedFunctionCount, argBase);
        }
        else
        {
            Emit(Op.CallImported, (int)functionIndex, argBase);
        }
        for (int i = 0; i < type.Results.Length; i++) PushTemp();
    }

    private void TranslateCallIndirect(uint typeIndex, uint tableIndex)
    {
        var type = _module.Types[typeIndex];
        int argCount = type.Parameters.Length;
        int index = SlotOf(_sp - 1);
        // Arguments sit below the index; materialize them without disturbing the index operand.
        for (int i = _sp - 1 - argCount; i < _sp - 1; i++) Materialize(i);
        Pop();
        int argBase = TempSlot(_sp - argCount);
        PopN(argCount);
        Emit(Op.CallIndirect, (int)typeIndex, (int)tableIndex, index, argBase);
        for (int i = 0; i < type.Results.Length; i++) PushTemp();
    }

    // ---- control ------------------------------------------------------------------------------------------------

    private (int Params, int Results) BlockArity(long blockType)
    {
        if (blockType == -64) return (0, 0);
        if (blockType < 0) return (0, 1);
        var type = _module.Types[blockType];
        return (type.Parameters.Length, type.Results.Length);
    }

    private void TranslateBlock(Opcode opcode, long blockType)
    {
        var (paramCount, resultCount) = BlockArity(blockType);
        Condition condition = default;
        if (opcode == Opcode.If) condition = PopCondition(negate: true);

        // Deferred local.gets must not cross a label (see class remarks); parameters go to their slots.
        MaterializeAllLocals();
        MaterializeTop(paramCount);
        ClearPeephole();

        var kind = opcode switch { Opcode.Block => FrameKind.Block, Opcode.Loop => FrameKind.Loop, _ => FrameKind.If };
        var frame = NewFrame(kind, _sp - paramCount, paramCount, resultCount);
        if (kind == FrameKind.Loop)
        {
            frame.LoopStart = _code.Length;
        }
        else if (kind == FrameKind.If)
        {
            (frame.ElseInstruction, frame.ElseOperand) = EmitConditionalBranch(condition);
        }
        _frames.Add(frame);
    }

    /// <summary>Pops the condition; fuses it with a just-emitted integer comparison when possible.</summary>
    private Condition PopCondition(bool negate)
    {
        if (_lastCompareInstruction >= 0 && _stack[_sp - 1].Kind == OperandKind.Temp)
        {
            var op = _lastCompareOp;
            int a = _lastCompareA, b = _lastCompareB;
            _code.Truncate(_lastCompareInstruction);
            ClearPeephole();
            Pop();
            if (op == Op.I32Eqz) return new Condition(negate ? Op.BrIfNez : Op.BrIfEqz, a, 0, HasB: false);
            if (op == Op.I64Eqz) return new Condition(negate ? Op.BrIfI64NeImm : Op.BrIfI64EqImm, a, 0, HasB: true);
            return new Condition(OpTables.BranchFor(op, negate), a, b, HasB: true);
        }
        int slot = SlotOf(_sp - 1);
        Pop();
        return new Condition(negate ? Op.BrIfEqz : Op.BrIfNez, slot, 0, HasB: false);
    }

    private (int Instruction, int Operand) EmitConditionalBranch(Condition condition)
    {
        int at = Begin(condition.Op);
        _code.Add(condition.A);
        if (condition.HasB) _code.Add(condition.B);
        int operand = _code.Length;
        _code.Add(0);
        return (at, operand);
    }

    private void TranslateBrIf(uint depth)
    {
        var target = LabelFrame(depth);
        if (target.Kind != FrameKind.Function && BranchValuesInPlace(target))
        {
            var condition = PopCondition(negate: false);
            var (instruction, operand) = EmitConditionalBranch(condition);
            LinkBranch(target, instruction, operand);
            return;
        }

        // Branch over the copies (or the return) when the condition does not hold.
        var skip = PopCondition(negate: true);
        var (skipInstruction, skipOperand) = EmitConditionalBranch(skip);
        EmitBranchToLabel(depth);
        _code[skipOperand] = _code.Length - skipInstruction;
        ClearPeephole();
    }

    private void TranslateBrTable(ref InstructionReader instructions, in Instruction instruction)
    {
        uint count = instruction.TargetCount;
        var reader = instructions.BranchTargets(in instruction);
        Span<uint> depths = count < 64 ? stackalloc uint[(int)count + 1] : new uint[count + 1];
        for (int i = 0; i <= count; i++) depths[i] = reader.ReadVarUInt32();

        int index = SlotOf(_sp - 1);
        Pop();
        int at = Begin(Op.BrTable);
        _code.Add(index);
        _code.Add((int)count);
        int table = _code.Length;
        for (int i = 0; i <= count; i++) _code.Add(0);

        // Targets whose values are already in place are linked directly; others get one stub each (per label).
        Dictionary<uint, int>? stubs = null;
        for (int i = 0; i <= count; i++)
        {
            var target = LabelFrame(depths[i]);
            if (target.Kind != FrameKind.Function && (target.BranchArity == 0 || BranchValuesInPlace(target)))
            {
                LinkBranch(target, at, table + i);
            }
            else
            {
                stubs ??= [];
                stubs.TryAdd(depths[i], -1);
            }
        }
        if (stubs is not null)
        {
            foreach (var depth in stubs.Keys.Order().ToArray())
            {
                stubs[depth] = _code.Length;
                EmitBranchToLabel(depth);
            }
            for (int i = 0; i <= count; i++)
            {
                if (stubs.TryGetValue(depths[i], out int stub)) _code[table + i] = stub - at;
            }
        }
        SetUnreachable();
    }

    private void TranslateElse()
    {
        var frame = _frames[^1];
        if (!frame.Unreachable)
        {
            MaterializeTop(frame.ResultCount);
            EmitBr(frame);
        }
        _code[frame.ElseOperand] = _code.Length - frame.ElseInstruction;
        frame.ElseInstruction = -1;
        frame.HasElse = true;
        frame.Unreachable = false;
        ResetStack(frame.Height);
        for (int i = 0; i < frame.ParamCount; i++) PushTemp();
        ClearPeephole();
    }

    private void TranslateEnd()
    {
        var frame = _frames[^1];
        if (frame.Kind == FrameKind.Function)
        {
            if (!frame.Unreachable)
            {
                if (frame.Pending.Count == 0)
                {
                    EmitReturn();
                    _frames.RemoveAt(_frames.Count - 1);
                    _framePool.Add(frame);
                    return;
                }
                MaterializeTop(frame.ResultCount);
            }
            ClearPeephole();
            PatchPending(frame, _code.Length);
            ResetStack(0);
            for (int i = 0; i < frame.ResultCount; i++) PushTemp();
            EmitReturn();
            _frames.RemoveAt(_frames.Count - 1);
            _framePool.Add(frame);
            return;
        }

        if (!frame.Unreachable) MaterializeTop(frame.ResultCount);
        ClearPeephole();
        int label = _code.Length;
        PatchPending(frame, label);
        if (frame.Kind == FrameKind.If && frame.ElseInstruction >= 0)
        {
            _code[frame.ElseOperand] = label - frame.ElseInstruction;
        }
        ResetStack(frame.Height);
        for (int i = 0; i < frame.ResultCount; i++) PushTemp();
        _frames.RemoveAt(_frames.Count - 1);
        _framePool.Add(frame);
    }
}
