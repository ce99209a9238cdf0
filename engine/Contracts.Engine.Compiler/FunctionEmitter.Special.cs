using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

internal sealed partial class FunctionEmitter
{
    private void EmitSpecial(Op op, int at)
    {
        switch (op)
        {
            case Op.Unreachable:
                _il.Emit(OpCodes.Br, TrapStub(TrapKind.Unreachable, at));
                break;
            case Op.Br:
                _il.Emit(OpCodes.Br, LabelAt(at + Word(at, 1)));
                break;
            case Op.BrIfNez:
            case Op.BrIfEqz:
                if (EmitFusedBranch(op, at)) break;
                LoadInteger(at, 1, wide: false);
                _il.Emit(op == Op.BrIfNez ? OpCodes.Brtrue : OpCodes.Brfalse, LabelAt(at + Word(at, 2)));
                break;
            case Op.BrTable:
            {
                int count = Word(at, 2);
                var targets = new Label[count];
                for (int t = 0; t < count; t++) targets[t] = LabelAt(at + Word(at, 3 + t));
                LoadInteger(at, 1, wide: false);
                _il.Emit(OpCodes.Switch, targets);
                _il.Emit(OpCodes.Br, LabelAt(at + Word(at, 3 + count)));
                break;
            }
            case Op.ReturnVoid:
                EmitReturn(0, 0);
                break;
            case Op.Return1:
                EmitReturn(1, Word(at, 1));
                break;
            case Op.ReturnN:
                EmitReturn(Word(at, 1), Word(at, 2));
                break;
            case Op.CallInternal:
                EmitCallInternal(at, Word(at, 1), Word(at, 2));
                break;
            case Op.CallImported:
            {
                var type = _module.Info.GetFunctionType((uint)Word(at, 1));
                int argBase = Word(at, 2);
                // The fuel and the carried global handed over before or after the room's helper call (FunctionEmitter.HandOver.cs).
                HandOverEarly();
                EmitOwnFrameRoom(at);
                EmitStoreArguments(argBase, type.Parameters.Length);
                HandOverLate();
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 1));
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.ImportedFunction)));
                EmitCallOperands(at, argBase);
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.CallFunction)));
                EmitAfterCall(argBase, type.Results.Length);
                break;
            }
            case Op.CallIndirect:
                EmitCallIndirect(at);
                break;
            case Op.ConsumeFuel:
            {
                ulong amount = (uint)Word(at, 1) | ((ulong)(uint)Word(at, 2) << 32);
                if (amount < MaxPendingFuel)
                {
                    if (!ChargedOnEdges(at)) ChargeFuel((long)amount, at);
                    break;
                }
                FlushCharges();
                _il.Emit(OpCodes.Ldloc, _fuel);
                _il.Emit(OpCodes.Ldc_I8, (long)amount);
                _il.Emit(OpCodes.Blt_Un, TrapStub(TrapKind.OutOfFuel, at));
                _il.Emit(OpCodes.Ldloc, _fuel);
                _il.Emit(OpCodes.Ldc_I8, (long)amount);
                _il.Emit(OpCodes.Sub);
                _il.Emit(OpCodes.Stloc, _fuel);
                break;
            }
            case Op.ConsumeFuelSlot:
                _il.Emit(OpCodes.Ldloc, _fuel);
                LoadBits(Word(at, 1));
                _il.Emit(OpCodes.Blt_Un, TrapStub(TrapKind.OutOfFuel, at));
                _il.Emit(OpCodes.Ldloc, _fuel);
                LoadBits(Word(at, 1));
                _il.Emit(OpCodes.Sub);
                _il.Emit(OpCodes.Stloc, _fuel);
                break;
            case Op.Copy:
                EmitMove(Word(at, 1), Word(at, 2));
                break;
            case Op.Const32:
                _il.Emit(OpCodes.Ldc_I8, (long)(uint)Word(at, 2));
                StoreBits(Word(at, 1));
                NoteConstantCell(Word(at, 1));
                break;
            case Op.Const64:
                _il.Emit(OpCodes.Ldc_I8, (long)((uint)Word(at, 2) | ((ulong)(uint)Word(at, 3) << 32)));
                StoreBits(Word(at, 1));
                NoteConstantCell(Word(at, 1));
                break;
            case Op.Select:
            {
                var second = _il.DefineLabel();
                var done = _il.DefineLabel();
                LoadInteger(at, 2, wide: false);
                _il.Emit(OpCodes.Brfalse, second);
                EmitMove(Word(at, 1), Word(at, 3));
                _il.Emit(OpCodes.Br, done);
                _il.MarkLabel(second);
                EmitMove(Word(at, 1), Word(at, 4));
                _il.MarkLabel(done);
                break;
            }
            case Op.GlobalGet:
                EmitGlobal(Word(at, 2));
                _il.Emit(OpCodes.Ldfld, Field(typeof(Global), nameof(Global.Bits)));
                StoreBits(Word(at, 1));
                break;
            case Op.GlobalSet:
                EmitGlobal(Word(at, 1));
                LoadBits(Word(at, 2));
                _il.Emit(OpCodes.Stfld, Field(typeof(Global), nameof(Global.Bits)));
                break;
            case Op.GlobalAddImm or Op.GlobalAddBrIfLeU when Word(at, 1) == _carried:
                // The carried global: a register add (and compare).
                _il.Emit(OpCodes.Ldloc, _carriedValue!);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 2));
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Stloc, _carriedValue!);
                if (op == Op.GlobalAddBrIfLeU && !EmitImpliedHeightCheck(at))
                {
                    _il.Emit(OpCodes.Ldloc, _carriedValue!);
                    _il.Emit(OpCodes.Ldc_I4, Word(at, 3));
                    _il.Emit(OpCodes.Ble_Un, LabelAt(at + Word(at, 4)));
                }
                break;
            case Op.GlobalAddImm:
            case Op.GlobalAddBrIfLeU:
            {
                // global.Bits = (uint)((int)global.Bits + imm), then (the fused check) branch when it is ≤u limit.
                var value = Temporary(typeof(int));
                EmitGlobal(Word(at, 1));
                _il.Emit(OpCodes.Dup);
                _il.Emit(OpCodes.Ldfld, Field(typeof(Global), nameof(Global.Bits)));
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 2));
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Dup);
                _il.Emit(OpCodes.Stloc, value);
                _il.Emit(OpCodes.Conv_U8);
                _il.Emit(OpCodes.Stfld, Field(typeof(Global), nameof(Global.Bits)));
                if (op == Op.GlobalAddBrIfLeU && !EmitImpliedHeightCheck(at))
                {
                    _il.Emit(OpCodes.Ldloc, value);
                    _il.Emit(OpCodes.Ldc_I4, Word(at, 3));
                    _il.Emit(OpCodes.Ble_Un, LabelAt(at + Word(at, 4)));
                }
                break;
            }
            case Op.I32Load: EmitLoad(at, 4, OpCodes.Ldind_U4, OpCodes.Conv_U8); break;
            case Op.I64Load: EmitLoad(at, 8, OpCodes.Ldind_I8, null); break;
            case Op.I32Load8S: EmitLoad(at, 1, OpCodes.Ldind_I1, OpCodes.Conv_U8); break;
            case Op.I32Load8U: EmitLoad(at, 1, OpCodes.Ldind_U1, OpCodes.Conv_U8); break;
            case Op.I32Load16S: EmitLoad(at, 2, OpCodes.Ldind_I2, OpCodes.Conv_U8); break;
            case Op.I32Load16U: EmitLoad(at, 2, OpCodes.Ldind_U2, OpCodes.Conv_U8); break;
            case Op.I64Load8S: EmitLoad(at, 1, OpCodes.Ldind_I1, OpCodes.Conv_I8); break;
            case Op.I64Load8U: EmitLoad(at, 1, OpCodes.Ldind_U1, OpCodes.Conv_U8); break;
            case Op.I64Load16S: EmitLoad(at, 2, OpCodes.Ldind_I2, OpCodes.Conv_I8); break;
            case Op.I64Load16U: EmitLoad(at, 2, OpCodes.Ldind_U2, OpCodes.Conv_U8); break;
            case Op.I64Load32S: EmitLoad(at, 4, OpCodes.Ldind_I4, OpCodes.Conv_I8); break;
            case Op.I64Load32U: EmitLoad(at, 4, OpCodes.Ldind_U4, OpCodes.Conv_U8); break;
            case Op.Store8: EmitStore(at, 1, OpCodes.Stind_I1); break;
            case Op.Store16: EmitStore(at, 2, OpCodes.Stind_I2); break;
            case Op.Store32: EmitStore(at, 4, OpCodes.Stind_I4); break;
            case Op.Store64: EmitStore(at, 8, OpCodes.Stind_I8); break;
            case Op.MemorySize:
                _il.Emit(OpCodes.Ldloc, _memoryLength);
                _il.Emit(OpCodes.Ldc_I4, Memory.PageSize);
                _il.Emit(OpCodes.Conv_U8);
                _il.Emit(OpCodes.Div_Un);
                StoreBits(Word(at, 1));
                break;
            case Op.MemoryGrow:
                _il.Emit(OpCodes.Ldarg_0);
                LoadInteger(at, 2, wide: false);
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.MemoryGrow)));
                _il.Emit(OpCodes.Conv_U8);
                StoreBits(Word(at, 1));
                EmitReloadMemory();
                break;
            case Op.MemoryFill:
                EmitHelperWithTrap(at, nameof(CompiledRuntime.MemoryFill), TrapKind.MemoryOutOfBounds, -1, 1, 2, 3);
                break;
            case Op.MemoryCopy:
                EmitHelperWithTrap(at, nameof(CompiledRuntime.MemoryCopy), TrapKind.MemoryOutOfBounds, -1, 1, 2, 3);
                break;
            case Op.MemoryInit:
                EmitHelperWithTrap(at, nameof(CompiledRuntime.MemoryInit), TrapKind.MemoryOutOfBounds, 1, 2, 3, 4);
                break;
            case Op.DataDrop:
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 1));
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.DataDrop)));
                break;
            case Op.TableGet:
            {
                var value = Temporary(typeof(ulong));
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 2));
                LoadInteger(at, 3, wide: false);
                _il.Emit(OpCodes.Ldloca, value);
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.TableGet)));
                _il.Emit(OpCodes.Brtrue, TrapStub(TrapKind.TableOutOfBounds, at));
                _il.Emit(OpCodes.Ldloc, value);
                StoreBits(Word(at, 1));
                break;
            }
            case Op.TableSet:
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 1));
                LoadInteger(at, 2, wide: false);
                LoadBits(Word(at, 3));
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.TableSet)));
                _il.Emit(OpCodes.Brtrue, TrapStub(TrapKind.TableOutOfBounds, at));
                break;
            case Op.TableSize:
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 2));
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.TableSize)));
                _il.Emit(OpCodes.Conv_U8);
                StoreBits(Word(at, 1));
                break;
            case Op.TableGrow:
                // dst table init delta
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 2));
                LoadBits(Word(at, 3));
                LoadInteger(at, 4, wide: false);
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.TableGrow)));
                _il.Emit(OpCodes.Conv_U8);
                StoreBits(Word(at, 1));
                break;
            case Op.TableFill:
                // table start value count
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 1));
                LoadInteger(at, 2, wide: false);
                LoadBits(Word(at, 3));
                LoadInteger(at, 4, wide: false);
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.TableFill)));
                _il.Emit(OpCodes.Brtrue, TrapStub(TrapKind.TableOutOfBounds, at));
                break;
            case Op.TableCopy:
                EmitTableTransfer(at, nameof(CompiledRuntime.TableCopy));
                break;
            case Op.TableInit:
                EmitTableTransfer(at, nameof(CompiledRuntime.TableInit));
                break;
            case Op.ElemDrop:
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 1));
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.ElemDrop)));
                break;
            case Op.RefIsNull:
                LoadBits(Word(at, 2));
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_U8);
                _il.Emit(OpCodes.Ceq);
                _il.Emit(OpCodes.Conv_U8);
                StoreBits(Word(at, 1));
                break;
            case Op.RefFunc:
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, Word(at, 2));
                _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.RefFunc)));
                StoreBits(Word(at, 1));
                break;
            case Op.I32Eqz:
            case Op.I64Eqz:
                LoadInteger(at, 2, wide: op == Op.I64Eqz);
                _il.Emit(OpCodes.Ldc_I4_0);
                if (op == Op.I64Eqz) _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Ceq);
                _il.Emit(OpCodes.Conv_U8);
                StoreBits(Word(at, 1));
                break;
            case Op.I32WrapI64:
            case Op.I64ExtendI32U:
                EmitConversion(at, OpCodes.Conv_U4, OpCodes.Conv_U8);
                break;
            case Op.I64ExtendI32S:
            case Op.I64Extend32S:
                EmitConversion(at, OpCodes.Conv_I4, OpCodes.Conv_I8);
                break;
            case Op.I32Extend8S: EmitConversion(at, OpCodes.Conv_I1, OpCodes.Conv_U8); break;
            case Op.I32Extend16S: EmitConversion(at, OpCodes.Conv_I2, OpCodes.Conv_U8); break;
            case Op.I64Extend8S: EmitConversion(at, OpCodes.Conv_I1, OpCodes.Conv_I8); break;
            case Op.I64Extend16S: EmitConversion(at, OpCodes.Conv_I2, OpCodes.Conv_I8); break;
            default:
                throw new InvalidOperationException($"op {op} has no emitter case");
        }
    }

    private void EmitConversion(int at, OpCode narrow, OpCode widen)
    {
        LoadBits(Word(at, 2));
        _il.Emit(narrow);
        _il.Emit(widen);
        StoreBits(Word(at, 1));
    }

    private void EmitGlobal(int index)
    {
        if (index == _counterAtRest) EmitCounterAtRestGlobal();
        else _il.Emit(OpCodes.Ldloc, _globalLocals[index]);
    }

    /// <summary>address = (ulong)(uint)slot + (uint)offset; trap unless address ≤ memory length − size (the function's
    /// limit for the size, reloaded with the length: one compare), unless it is proven in bounds
    /// (FunctionEmitter.Bounds.cs); pushes the access's address.</summary>
    private void EmitAddress(int at, int addressOperand, int size)
    {
        if (IsProvenInBounds(at))
        {
            _il.Emit(OpCodes.Ldloc, _memoryBase);
            EmitAddressBits(Word(at, addressOperand));
            if (Word(at, 3) != 0)
            {
                _il.Emit(OpCodes.Ldc_I4, Word(at, 3));
                _il.Emit(OpCodes.Conv_U8);
                _il.Emit(OpCodes.Add);
            }
            _il.Emit(OpCodes.Conv_U);
            _il.Emit(OpCodes.Add);
            return;
        }
        EmitAddressBits(Word(at, addressOperand));
        if (Word(at, 3) != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, Word(at, 3));
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Stloc, _address);
        // Both below 2^34 in magnitude: a signed compare, so a memory smaller than the access (a negative limit) traps every address.
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldloc, _accessLimits[size]);
        _il.Emit(OpCodes.Bgt, TrapStub(TrapKind.MemoryOutOfBounds, at));
        _il.Emit(OpCodes.Ldloc, _memoryBase);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
    }

    private void EmitLoad(int at, int size, OpCode load, OpCode? widen)
    {
        EmitAddress(at, 2, size);
        if (IsReloadedLoad(at))
        {
            // Read again at each read (FunctionEmitter.ReloadedLoads.cs): only the bounds check is made here.
            _il.Emit(OpCodes.Pop);
            ForgetCellOrigin(Word(at, 1));
            return;
        }
        if (size > 1) _il.Emit(OpCodes.Unaligned, (byte)1);
        if (size == 8 && IsFloatCell(Word(at, 1)))
        {
            // f64.load into a float cell: the same 8 bytes, read by a float load (no integer round trip).
            _il.Emit(OpCodes.Ldind_R8);
            _il.Emit(OpCodes.Stloc, Cell(Word(at, 1)));
            return;
        }
        _il.Emit(load);
        if (widen is { } conversion) _il.Emit(conversion);
        StoreBits(Word(at, 1));
    }

    private void EmitStore(int at, int size, OpCode store)
    {
        EmitAddress(at, 1, size);
        if (size == 8 && IsFloatCell(Word(at, 2)))
        {
            _il.Emit(OpCodes.Ldloc, Cell(Word(at, 2)));
            _il.Emit(OpCodes.Unaligned, (byte)1);
            _il.Emit(OpCodes.Stind_R8);
            return;
        }
        LoadBits(Word(at, 2));
        if (size < 8) _il.Emit(OpCodes.Conv_U4);
        if (size > 1) _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(store);
    }

    /// <summary>Calls a bulk-memory helper (an index immediate at operand <paramref name="indexOperand"/> when ≥ 0, then
    /// three u32 slot operands) that returns a trap kind, 0 for none.</summary>
    private void EmitHelperWithTrap(int at, string helper, TrapKind kind, int indexOperand, int first, int second, int third)
    {
        _il.Emit(OpCodes.Ldarg_0);
        if (indexOperand >= 0) _il.Emit(OpCodes.Ldc_I4, Word(at, indexOperand));
        LoadInteger(at, first, wide: false);
        LoadInteger(at, second, wide: false);
        LoadInteger(at, third, wide: false);
        _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), helper));
        _il.Emit(OpCodes.Brtrue, TrapStub(kind, at));
        // memory.init/fill/copy never move the memory, but a data segment copy may touch it: the base stays valid.
    }

    /// <summary>table.copy / table.init: two indices, then destination, source and count slots.</summary>
    private void EmitTableTransfer(int at, string helper)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, Word(at, 1));
        _il.Emit(OpCodes.Ldc_I4, Word(at, 2));
        LoadInteger(at, 3, wide: false);
        LoadInteger(at, 4, wide: false);
        LoadInteger(at, 5, wide: false);
        _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), helper));
        _il.Emit(OpCodes.Brtrue, TrapStub(TrapKind.TableOutOfBounds, at));
    }

    // ---- calls and returns ---------------------------------------------------------------------------------------

    /// <summary>Writes <paramref name="count"/> results from cells starting at <paramref name="source"/> to the frame base and returns 0.</summary>
    private void EmitReturn(int count, int source)
    {
        if (_direct && _fuelInArguments)
        {
            // The direct convention returns the single result itself, and here the fuel left beside it.
            var returned = Temporary(typeof(FuelAndBits));
            _il.Emit(OpCodes.Ldloca, returned);
            if (count == 1) LoadBits(source);
            else _il.Emit(OpCodes.Ldc_I8, 0L);
            _il.Emit(OpCodes.Stfld, CompiledCalls.ReturnedBits);
            _il.Emit(OpCodes.Ldloca, returned);
            _il.Emit(OpCodes.Ldloc, _fuel);
            _il.Emit(OpCodes.Stfld, CompiledCalls.ReturnedFuel);
            _il.Emit(OpCodes.Ldloc, returned);
            _il.Emit(OpCodes.Ret);
            return;
        }
        if (_direct)
        {
            // The direct convention returns the single result itself.
            EmitStoreFuel();
            if (count == 1)
            {
                LoadBits(source);
            }
            else
            {
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
            }
            _il.Emit(OpCodes.Ret);
            return;
        }
        if (count > 0)
        {
            var slots = Temporary(typeof(ulong[]));
            EmitLoadSlots(slots);
            for (int i = 0; i < count; i++)
            {
                _il.Emit(OpCodes.Ldloc, slots);
                EmitFrameIndex(i * CompiledFunction.WordsPerCell);
                LoadBits(source + i * CompiledFunction.WordsPerCell);
                _il.Emit(OpCodes.Stelem_I8);
            }
        }
        EmitLeave();
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Writes the cells of <paramref name="count"/> arguments at <paramref name="argBase"/> into the frame, where the callee's frame begins.</summary>
    private void EmitStoreArguments(int argBase, int count)
    {
        if (count == 0) return;
        var slots = Temporary(typeof(ulong[]));
        EmitLoadSlots(slots);
        for (int i = 0; i < count; i++)
        {
            int word = argBase + i * CompiledFunction.WordsPerCell;
            _il.Emit(OpCodes.Ldloc, slots);
            EmitFrameIndex(word);
            LoadBits(word);
            _il.Emit(OpCodes.Stelem_I8);
        }
    }

    /// <summary>Pushes a helper call's trailing operands: callee frame base, depth, native budget, caller frame end, function index, offset.</summary>
    private void EmitCallOperands(int at, int argBase)
    {
        EmitFrameIndex(argBase);
        EmitDepth();
        EmitBudget();
        EmitFrameIndex(_function.FrameSize);
        _il.Emit(OpCodes.Ldc_I4, _function.FunctionIndex);
        _il.Emit(OpCodes.Ldc_I4, OffsetOf(at));
    }

    /// <summary>After a call returned its status: propagate a trap, else reload fuel and memory and read the results.</summary>
    private void EmitAfterCall(int argBase, int results)
    {
        _il.Emit(OpCodes.Brtrue, _propagate);
        EmitReenter();
        EmitReloadMemory();
        EmitReadResults(argBase, results);
    }

    /// <summary>
    /// A call within the module. While the native budget covers the callee's frame (which also puts the depth below the
    /// interpreter's limit: <see cref="DepthAndBudget"/>), the value-stack check (trapping here) and a direct IL call of
    /// the callee's method; else the interpreter's depth and value-stack checks in its order, and the interpreter runs
    /// the callee (and whatever it calls).
    /// </summary>
    private void EmitCallInternal(int at, int index, int argBase)
    {
        var callee = _module.Functions[index];
        var done = _il.DefineLabel();
        var interpret = _il.DefineLabel();
        var returned = _il.DefineLabel();
        int cost = _costs[index];
        int results = callee.Type.Results.Length;
        if (_directMethods[index] is not null || _entries[index] is not null)
        {
            // budget ≥ cost, as one unsigned compare of the packed value (DepthAndBudget.BudgetFloor).
            _il.Emit(OpCodes.Ldloc, _depthAndBudget);
            _il.Emit(OpCodes.Ldc_I8, (long)DepthAndBudget.BudgetFloor(cost));
            _il.Emit(OpCodes.Blt_Un, interpret);
            if (_roomAtEntry == 0) EmitSlotRoom(at, argBase + callee.FrameSize, left: false);
        }
        if (_directMethods[index] is not null && InlinesLeaf(index))
        {
            // A quiet straight leaf's code, in place of the call (FunctionEmitter.InlinedLeaves.cs); its charges as a
            // prepaid leaf's.
            if (_prepaidLeaves[index] is { } charges) EmitLeafCharges(callee, charges);
            EmitInlinedLeaf(index, argBase);
            _il.Emit(OpCodes.Br, returned);
        }
        else if (_directMethods[index] is { } direct)
        {
            // Compiled to compiled: arguments as IL arguments (the fuel too, when the module charges it), the result
            // returned (with the fuel left); a trap unwinds through this frame (CompiledTrap). A prepaid leaf's charges
            // are made here, and it takes neither the fuel nor the counter (FunctionEmitter.PrepaidLeaves.cs).
            var leafCharges = _prepaidLeaves[index];
            if (leafCharges is not null) EmitLeafCharges(callee, leafCharges);
            else if (!_fuelInArguments) EmitStoreFuel();
            EmitDirectCalleeOperands(argBase, cost);
            if (_fuelInArguments && leafCharges is null) _il.Emit(OpCodes.Ldloc, _fuel);
            if (_carried >= 0 && leafCharges is null) _il.Emit(OpCodes.Ldloc, _carriedValue!);
            for (int i = 0; i < callee.Type.Parameters.Length; i++) LoadBits(argBase + i * CompiledFunction.WordsPerCell);
            _il.Emit(OpCodes.Call, direct);
            if (leafCharges is not null)
            {
                if (results == 1) StoreBits(argBase);
                else _il.Emit(OpCodes.Pop);
                _il.Emit(OpCodes.Br, returned);
            }
            else if (_fuelInArguments)
            {
                var fuelAndBits = Temporary(typeof(FuelAndBits));
                _il.Emit(OpCodes.Stloc, fuelAndBits);
                _il.Emit(OpCodes.Ldloc, fuelAndBits);
                _il.Emit(OpCodes.Ldfld, CompiledCalls.ReturnedFuel);
                _il.Emit(OpCodes.Stloc, _fuel);
                if (results == 1)
                {
                    _il.Emit(OpCodes.Ldloc, fuelAndBits);
                    _il.Emit(OpCodes.Ldfld, CompiledCalls.ReturnedBits);
                    StoreBits(argBase);
                }
                _il.Emit(OpCodes.Br, returned);
            }
            else
            {
                if (results == 1) StoreBits(argBase);
                else _il.Emit(OpCodes.Pop);
                // A balanced callee left the carried global as it was given (CarriedGlobal): only the fuel is read back.
                EmitLoadFuel();
                _il.Emit(OpCodes.Br, returned);
            }
        }
        else if (_entries[index] is { } method)
        {
            // A direct method checked the callee's frame against the stack's limit on entry, not against its array.
            HandOverEarly();
            if (_direct) EmitSlotRoom(at, argBase + callee.FrameSize, left: _handsOverFirst);
            HandOverLate();
            EmitStoreArguments(argBase, callee.Type.Parameters.Length);
            EmitFrameCalleeOperands(argBase, cost);
            _il.Emit(OpCodes.Call, method);
            EmitResultsFromFrame(argBase, results);
            _il.Emit(OpCodes.Br, done);
        }
        // The interpreter runs the callee (and whatever it calls): not compiled, or the native budget is spent.
        _il.MarkLabel(interpret);
        // The fuel and the carried global handed over before the checks and the room's helper call or after them
        // (FunctionEmitter.HandOver.cs).
        HandOverEarly();
        // depth >= MaxCallDepth: call stack exhausted; then the value stack's room, as the interpreter checks them.
        EmitDepth();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.MaxCallDepth)));
        _il.Emit(OpCodes.Bge, TrapStub(TrapKind.CallStackExhausted, at, left: _handsOverFirst));
        // (In a direct method the entry check put the frame within the stack's limit: this only grows the array.)
        EmitSlotRoom(at, argBase + callee.FrameSize, left: _handsOverFirst);
        HandOverLate();
        EmitStoreArguments(argBase, callee.Type.Parameters.Length);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, index);
        EmitFrameIndex(argBase);
        EmitDepth();
        EmitBudget();
        _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.CallInterpreted)));
        EmitResultsFromFrame(argBase, results);
        _il.MarkLabel(done);
        EmitReenter();
        _il.MarkLabel(returned);
        // A callee that cannot move memory (no grow, import or call_indirect on any path) leaves base and length as they were.
        if (_memoryMovers[index]) EmitReloadMemory();
    }

    /// <summary>Most a call_indirect site dispatches to directly: candidates are the module's functions of its type.</summary>
    private const int MaxIndirectCandidates = 16;

    /// <summary>
    /// call_indirect. When the element is one of this instance's few functions of the site's type (found inline from its
    /// store handle: <see cref="InstanceContext.FirstDefinedHandle"/>), a chain of compares on its index calls it as a
    /// direct call does (parameters as IL arguments); anything else — an index out of range, a null element, a function
    /// of another type, instance or an import — goes through <see cref="CompiledRuntime.CallIndirect"/> and the frame,
    /// which makes the interpreter's element checks in its order and traps where it does.
    /// <para>A compare chain, not an IL <c>switch</c>: the .NET JIT makes a switch a jump table, whose indirect jump
    /// cost the calls benchmark ~30% of its time (its targets cycle through four functions); conditional branches are
    /// predicted from their history, and at most one of them mispredicts per dispatch where the jump would.</para>
    /// </summary>
    private void EmitCallIndirect(int at)
    {
        int typeIndex = Word(at, 1);
        var type = _module.Info.Types[typeIndex];
        int argBase = Word(at, 4);
        var candidates = IndirectCandidates(typeIndex);
        var generic = _il.DefineLabel();
        var end = _il.DefineLabel();
        if (candidates.Count > 0)
        {
            // Inline: index < table.Count, then the element's defined index (element - 1 - FirstDefinedHandle) compared
            // with each candidate's; anything else (out of range, null, another instance's function, an import, a
            // function of another type) takes the generic path, whose helper makes the interpreter's checks in its order
            // and traps there.
            var defined = Temporary(typeof(int), 2);
            var index = Temporary(typeof(uint));
            var table = TableLocal(Word(at, 2));
            LoadInteger(at, 3, wide: false);
            _il.Emit(OpCodes.Stloc, index);
            _il.Emit(OpCodes.Ldloc, index);
            _il.Emit(OpCodes.Ldloc, table);
            _il.Emit(OpCodes.Ldfld, Field(typeof(Table), nameof(Table.Count)));
            _il.Emit(OpCodes.Bge_Un, generic);
            _il.Emit(OpCodes.Ldloc, table);
            _il.Emit(OpCodes.Ldfld, Field(typeof(Table), nameof(Table.Elements)));
            _il.Emit(OpCodes.Ldloc, index);
            _il.Emit(OpCodes.Ldelem_I8);
            _il.Emit(OpCodes.Conv_I4);
            _il.Emit(OpCodes.Ldc_I4_1);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.FirstDefinedHandle)));
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Stloc, defined);
            var cases = new Label[candidates.Count];
            for (int i = 0; i < candidates.Count; i++)
            {
                cases[i] = _il.DefineLabel();
                _il.Emit(OpCodes.Ldloc, defined);
                _il.Emit(OpCodes.Ldc_I4, candidates[i]);
                _il.Emit(OpCodes.Beq, cases[i]);
            }
            _il.Emit(OpCodes.Br, generic);
            for (int i = 0; i < candidates.Count; i++)
            {
                int candidate = candidates[i];
                _il.MarkLabel(cases[i]);
                EmitCallInternal(at, candidate, argBase);
                _il.Emit(OpCodes.Br, end);
            }
        }
        _il.MarkLabel(generic);
        HandOverEarly();
        EmitOwnFrameRoom(at);
        EmitStoreArguments(argBase, type.Parameters.Length);
        HandOverLate();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, typeIndex);
        _il.Emit(OpCodes.Ldc_I4, Word(at, 2));
        LoadInteger(at, 3, wide: false);
        EmitCallOperands(at, argBase);
        _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.CallIndirect)));
        EmitAfterCall(argBase, type.Results.Length);
        _il.MarkLabel(end);
    }

    /// <summary>Pushes frameBase + <paramref name="end"/> (where a callee's frame would end) and the value stack's length, to compare.</summary>
    private void EmitFrameEndAndSlots(int end)
    {
        EmitFrameIndex(end);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Stack)));
        _il.Emit(OpCodes.Ldfld, Field(typeof(ExecutionStack), nameof(ExecutionStack.Slots)));
        _il.Emit(OpCodes.Ldlen);
        _il.Emit(OpCodes.Conv_I4);
    }

    /// <summary>frameBase + <paramref name="end"/> > slots.Length (a callee's frame ending there): grow the value stack,
    /// or trap with call stack exhausted at <paramref name="at"/>; <paramref name="left"/>: after <see cref="EmitLeave"/>
    /// (the fuel and the carried global in the store and their <c>Global</c>, where the trap finds them).</summary>
    private void EmitSlotRoom(int at, int end, bool left)
    {
        var fits = _il.DefineLabel();
        EmitFrameEndAndSlots(end);
        _il.Emit(OpCodes.Ble, fits);
        _il.Emit(OpCodes.Ldarg_0);
        EmitFrameIndex(end);
        _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.EnsureSlots)));
        _il.Emit(OpCodes.Brfalse, TrapStub(TrapKind.CallStackExhausted, at, left));
        _il.MarkLabel(fits);
    }

    /// <summary>In a direct method, before its frame is written for a call out of the module's direct calls: the value
    /// stack's array grown to hold the frame, which direct callers put within the stack's limit but not in the array
    /// (FunctionEmitter.Room.cs), so this never traps; a frame-convention method's frame is in the array already.</summary>
    private void EmitOwnFrameRoom(int at)
    {
        if (_direct) EmitSlotRoom(at, _function.FrameSize, left: _handsOverFirst);
    }

    /// <summary>The defined functions a call_indirect of type <paramref name="typeIndex"/> calls directly from its switch
    /// (those of the site's type), in order; none when they are too many for a switch.</summary>
    private List<int> IndirectCandidates(int typeIndex)
    {
        var type = _module.Info.Types[typeIndex];
        var candidates = new List<int>();
        for (int i = 0; i < _module.Functions.Length; i++)
        {
            var candidate = _module.Functions[i].Type;
            if (ReferenceEquals(candidate, type) || candidate.Equals(type)) candidates.Add(i);
        }
        return candidates.Count <= MaxIndirectCandidates ? candidates : [];
    }

    /// <summary>Pushes a direct callee's leading arguments: the context, and its frame base, depth + 1 and the budget
    /// less its frame, packed.</summary>
    private void EmitDirectCalleeOperands(int argBase, int cost)
    {
        _il.Emit(OpCodes.Ldarg_0);
        // The callee's frame lies within the stack's limit (checked on entry or at the call): its base fits the field.
        _il.Emit(OpCodes.Ldloc, _depthAndBudget);
        _il.Emit(OpCodes.Ldc_I8, DepthAndBudget.CalleeDelta(argBase, cost));
        _il.Emit(OpCodes.Add);
    }

    /// <summary>Pushes a frame-convention callee's leading arguments: the context, its frame base, depth + 1, the budget less its frame.</summary>
    private void EmitFrameCalleeOperands(int argBase, int cost)
    {
        _il.Emit(OpCodes.Ldarg_0);
        EmitFrameIndex(argBase);
        EmitDepth();
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Add);
        EmitBudget();
        _il.Emit(OpCodes.Ldc_I4, cost);
        _il.Emit(OpCodes.Sub);
    }

    /// <summary>After a frame-convention call returned its status: propagate a trap, else read the results from the frame.</summary>
    private void EmitResultsFromFrame(int argBase, int results)
    {
        _il.Emit(OpCodes.Brtrue, _propagate);
        EmitReadResults(argBase, results);
    }

    /// <summary>Reads a returned call's <paramref name="results"/> cells from the frame, where the callee left them, into the caller's cells at <paramref name="argBase"/>.</summary>
    private void EmitReadResults(int argBase, int results)
    {
        if (results == 0) return;
        var slots = Temporary(typeof(ulong[]));
        EmitLoadSlots(slots);
        for (int i = 0; i < results; i++)
        {
            int word = argBase + i * CompiledFunction.WordsPerCell;
            _il.Emit(OpCodes.Ldloc, slots);
            EmitFrameIndex(word);
            _il.Emit(OpCodes.Ldelem_I8);
            StoreBits(word);
        }
    }
}
