using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.GasMetering.Instrumentation;

/// <summary>
/// Rewrites one function body: a gas charge at the start of every metered block, a dynamic charge before every
/// dynamic-cost instruction, the stack-height prologue and epilogue, and renumbered function indices. Two passes over
/// the validated code: <see cref="Analyze"/> prices the blocks and measures the operand stack, the emit pass writes.
/// One instance serves every body of a module (its buffers are reused).
/// </summary>
/// <remarks>
/// Metered blocks: a block starts at function entry and after every instruction where control can leave or enter
/// (<c>block</c>, <c>loop</c>, <c>if</c>, <c>else</c>, <c>end</c>, <c>br</c>, <c>br_if</c>, <c>br_table</c>,
/// <c>return</c>, <c>unreachable</c>), and includes that instruction: straight-line code runs from the start of a
/// block to its last instruction unless it traps, so charging the whole block on entry charges every executed
/// instruction exactly once (a trap refunds nothing). A <c>call</c> does not end a block: the callee charges its own.
/// A block that follows <c>br</c>, <c>br_table</c>, <c>return</c> or <c>unreachable</c> cannot be entered and gets
/// no charge. The instrumentation's own instructions are not charged; dynamic charges are.
/// </remarks>
internal sealed class FunctionInstrumenter
{
    /// <summary>
    /// A leaf function (no <c>call</c>, no <c>call_indirect</c>) whose frame costs at most this many slots is not
    /// counted by the stack-height limiter: it cannot deepen the stack further, so the live total exceeds the limit by
    /// at most this much, which the default limit leaves room for on every engine. Small leaves are the most called
    /// functions, and their prologue and epilogue would cost more than their body.
    /// </summary>
    public const uint UncountedLeafFrameCost = 64;

    private readonly ModuleInfo _module;
    private readonly GasSchedule _schedule;
    private readonly FunctionIndexMap _functions;
    private readonly uint? _stackLimit;
    private readonly uint _stackGlobal;
    private readonly Func<FunctionType, uint> _typeIndexOf;

    private readonly List<ulong> _blockCosts = [];
    private readonly List<bool> _blockUnreachable = [];
    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;
    private readonly WasmWriter _code = new(1024);
    private readonly List<int> _runs = [];
    private int _originalCodeOffset;

    public FunctionInstrumenter(ModuleInfo module, GasSchedule schedule, FunctionIndexMap functions, uint? stackLimit, uint stackGlobal,
        Func<FunctionType, uint> typeIndexOf)
    {
        _module = module;
        _schedule = schedule;
        _functions = functions;
        _stackLimit = stackLimit;
        _stackGlobal = stackGlobal;
        _typeIndexOf = typeIndexOf;
    }

    /// <summary>The frame cost of the last instrumented function (parameters + locals + maximum operand depth, at least 1).</summary>
    public uint LastFrameCost { get; private set; }

    /// <summary>Whether the last instrumented function got the stack-height prologue and epilogue.</summary>
    public bool LastStackLimited { get; private set; }

    /// <summary>How many <c>gas.charge</c> calls the last instrumented function got (block and dynamic charges).</summary>
    public int LastChargeCount { get; private set; }

    /// <summary>
    /// Where the last function's original bytes went: triples (position in the instrumented body's code, offset in the
    /// original module, length), in order. Bytes between runs are the instrumentation's own.
    /// </summary>
    public int[] LastOffsetRuns { get; private set; } = [];

    public EncodedFunctionBody Instrument(int definedIndex)
    {
        var body = _module.Bodies[definedIndex];
        var type = _module.Types[_module.FunctionTypeIndices[definedIndex]];
        var code = _module.Bytes.AsSpan(body.CodeOffset, body.CodeLength);
        _originalCodeOffset = body.CodeOffset;

        var analysis = Analyze(code, type);
        ulong frameCost = Math.Max(1UL, (ulong)type.Parameters.Length + body.LocalCount + analysis.MaxOperandDepth);
        // A frame larger than the limit trips on entry whatever its exact size; clamping keeps the counter in i32.
        if (_stackLimit is { } limit) frameCost = Math.Min(frameCost, (ulong)limit + 1);
        LastFrameCost = (uint)frameCost;

        uint scratch = (uint)type.Parameters.Length + body.LocalCount;
        var locals = body.Locals;
        if (analysis.UsesMemoryGrow || analysis.UsesBulk)
        {
            // One i32 for the operand (delta or length); two i64 for memory.grow's old and new sizes.
            var extra = new List<LocalGroup>(locals) { new(1, ValueType.I32) };
            if (analysis.UsesMemoryGrow) extra.Add(new LocalGroup(2, ValueType.I64));
            locals = extra.ToArray();
        }

        _code.Clear();
        _runs.Clear();
        LastChargeCount = 0;
        bool limitStack = _stackLimit.HasValue && (analysis.HasCalls || frameCost > UncountedLeafFrameCost);
        LastStackLimited = limitStack;
        Emit(code, type, (uint)frameCost, scratch, limitStack);
        LastOffsetRuns = _runs.ToArray();
        return new EncodedFunctionBody(locals, _code.ToArray());
    }

    // ---- pass 1: block prices and operand depth -----------------------------------------------------------------

    private readonly record struct Analysis(ulong MaxOperandDepth, bool UsesMemoryGrow, bool UsesBulk, bool HasCalls);

    private struct ControlFrame
    {
        public long Base;
        public int Params;
        public int Results;
        public bool Unreachable;
    }

    private Analysis Analyze(ReadOnlySpan<byte> code, FunctionType type)
    {
        _blockCosts.Clear();
        _blockUnreachable.Clear();
        _frameCount = 0;
        PushFrame(0, 0, type.Results.Length);
        long height = 0, maxHeight = 0;
        bool usesGrow = false, usesBulk = false, hasCalls = false;
        ulong cost = 0;
        bool startsUnreachable = false;

        var reader = new InstructionReader(code);
        while (!reader.IsAtEnd)
        {
            var instruction = reader.Read();
            cost += StaticCost(instruction);
            ref var frame = ref _frames[_frameCount - 1];
            switch (instruction.Opcode)
            {
                case Opcode.Unreachable or Opcode.Br or Opcode.Return:
                    MakeUnreachable(ref frame, ref height);
                    break;
                case Opcode.BrTable:
                    Pop(ref height, 1, frame);
                    MakeUnreachable(ref frame, ref height);
                    break;
                case Opcode.Block or Opcode.Loop:
                {
                    var (p, r) = BlockArity(instruction.BlockType);
                    PushFrame(height - p, p, r);
                    break;
                }
                case Opcode.If:
                {
                    Pop(ref height, 1, frame);
                    var (p, r) = BlockArity(instruction.BlockType);
                    PushFrame(height - p, p, r);
                    break;
                }
                case Opcode.Else:
                    height = frame.Base + frame.Params;
                    frame.Unreachable = false;
                    break;
                case Opcode.End:
                    height = frame.Base + frame.Results;
                    _frameCount--;
                    break;
                default:
                {
                    var (pops, pushes) = StackEffect(instruction);
                    Pop(ref height, pops, frame);
                    height += pushes;
                    if (instruction.Opcode == Opcode.MemoryGrow) usesGrow = true;
                    if (instruction.Opcode is Opcode.Call or Opcode.CallIndirect) hasCalls = true;
                    if (IsBulkWithLength(instruction)) usesBulk = true;
                    break;
                }
            }
            if (height > maxHeight) maxHeight = height;

            if (EndsBlock(instruction.Opcode))
            {
                _blockCosts.Add(cost);
                _blockUnreachable.Add(startsUnreachable);
                cost = 0;
                startsUnreachable = instruction.Opcode is Opcode.Br or Opcode.BrTable or Opcode.Return or Opcode.Unreachable;
            }
        }
        return new Analysis((ulong)maxHeight, usesGrow, usesBulk, hasCalls);
    }

    private void PushFrame(long baseHeight, int parameters, int results)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new ControlFrame { Base = baseHeight, Params = parameters, Results = results };
    }

    private static void MakeUnreachable(ref ControlFrame frame, ref long height)
    {
        height = frame.Base;
        frame.Unreachable = true;
    }

    /// <summary>Pops <paramref name="count"/> operands; in unreachable code the stack is polymorphic and never goes below the frame.</summary>
    private static void Pop(ref long height, int count, in ControlFrame frame) => height = Math.Max(frame.Base, height - count);

    private static bool EndsBlock(Opcode opcode) => opcode is Opcode.Block or Opcode.Loop or Opcode.If or Opcode.Else or Opcode.End
        or Opcode.Br or Opcode.BrIf or Opcode.BrTable or Opcode.Return or Opcode.Unreachable;

    private static bool IsBulkWithLength(in Instruction instruction) => instruction.IsPrefixed && instruction.Prefixed
        is OpcodeFC.MemoryInit or OpcodeFC.MemoryCopy or OpcodeFC.MemoryFill
        or OpcodeFC.TableInit or OpcodeFC.TableCopy or OpcodeFC.TableGrow or OpcodeFC.TableFill;

    private static bool IsTableBulk(in Instruction instruction) => instruction.Prefixed
        is OpcodeFC.TableInit or OpcodeFC.TableCopy or OpcodeFC.TableGrow or OpcodeFC.TableFill;

    private ulong StaticCost(in Instruction instruction)
    {
        var costClass = instruction.Info.Cost;
        if (GasSchedule.IsSimd(costClass) && !_schedule.PricesSimd)
            throw new GasInstrumentationException(
                $"gas schedule version {_schedule.Version} predates SIMD and has no price for {instruction.Info.Mnemonic} ({costClass}) at byte offset {_originalCodeOffset + instruction.Start}");
        ulong cost = _schedule.CostOf(costClass);
        if (instruction.Opcode == Opcode.BrTable)
            cost += ((ulong)instruction.TargetCount + 1) * _schedule.BranchTablePerTarget;
        else if (instruction.Opcode == Opcode.CallIndirect)
            cost += (ulong)_module.Types[instruction.Index].Parameters.Length * _schedule.CallIndirectPerParameter;
        return cost;
    }

    private (int Params, int Results) BlockArity(long blockType)
    {
        if (blockType == -64) return (0, 0);
        if (blockType < 0) return (0, 1);
        var type = _module.Types[blockType];
        return (type.Parameters.Length, type.Results.Length);
    }

    /// <summary>Operands popped and results pushed: from the instruction's row when its signature is fixed.</summary>
    private (int Pops, int Pushes) StackEffect(in Instruction instruction)
    {
        var info = instruction.Info;
        if (info.HasFixedSignature) return (info.Operands.Length, info.Results.Length);
        switch (instruction.Opcode)
        {
            case Opcode.BrIf or Opcode.Drop or Opcode.LocalSet or Opcode.GlobalSet:
                return (1, 0);
            case Opcode.Call:
            {
                var type = _module.GetFunctionType(instruction.Index);
                return (type.Parameters.Length, type.Results.Length);
            }
            case Opcode.CallIndirect:
            {
                var type = _module.Types[instruction.Index];
                return (type.Parameters.Length + 1, type.Results.Length);
            }
            case Opcode.Select or Opcode.SelectTyped:
                return (3, 1);
            case Opcode.LocalGet or Opcode.GlobalGet or Opcode.RefNull or Opcode.RefFunc:
                return (0, 1);
            case Opcode.LocalTee or Opcode.TableGet or Opcode.RefIsNull:
                return (1, 1);
            case Opcode.TableSet:
                return (2, 0);
            case Opcode.PrefixFC:
                return instruction.Prefixed switch
                {
                    OpcodeFC.TableInit or OpcodeFC.TableCopy or OpcodeFC.TableFill => (3, 0),
                    OpcodeFC.TableGrow => (2, 1),
                    OpcodeFC.TableSize => (0, 1),
                    _ => (0, 0), // elem.drop
                };
            default:
                return (0, 0); // nop
        }
    }

    // ---- pass 2: emit ---------------------------------------------------------------------------------------------

    private void Emit(ReadOnlySpan<byte> code, FunctionType type, uint frameCost, uint scratch, bool limitStack)
    {
        if (limitStack)
        {
            EmitPrologue(frameCost);
            // The body runs inside a block of the function's result type: a branch to the function's label now lands
            // on this block's end, where the epilogue runs before the function returns.
            _code.WriteByte((byte)Opcode.Block);
            WriteBlockType(type.Results);
        }

        int block = 0;
        EmitCharge(block);
        int depth = 1;
        var reader = new InstructionReader(code);
        while (!reader.IsAtEnd)
        {
            var instruction = reader.Read();
            var bytes = code[instruction.Start..instruction.End];
            switch (instruction.Opcode)
            {
                case Opcode.Block or Opcode.Loop or Opcode.If:
                    depth++;
                    CopyOriginal(bytes, instruction.Start);
                    break;
                case Opcode.End:
                    depth--;
                    CopyOriginal(bytes, instruction.Start);
                    break;
                case Opcode.Return:
                    if (limitStack) EmitEpilogue(frameCost);
                    CopyOriginal(bytes, instruction.Start);
                    break;
                case Opcode.Call:
                    AddRun(instruction.Start, 1);
                    _code.WriteByte((byte)Opcode.Call);
                    _code.WriteVarUInt32(_functions.ToInstrumented(instruction.Index));
                    break;
                case Opcode.RefFunc:
                    AddRun(instruction.Start, 1);
                    _code.WriteByte((byte)Opcode.RefFunc);
                    _code.WriteVarUInt32(_functions.ToInstrumented(instruction.Index));
                    break;
                case Opcode.MemoryGrow:
                    EmitMemoryGrowCharge(scratch);
                    CopyOriginal(bytes, instruction.Start);
                    break;
                case Opcode.PrefixFC when IsBulkWithLength(instruction):
                    EmitLengthCharge(scratch, IsTableBulk(instruction) ? _schedule.BulkTablePerElement : _schedule.BulkMemoryPerByte);
                    CopyOriginal(bytes, instruction.Start);
                    break;
                default:
                    CopyOriginal(bytes, instruction.Start);
                    break;
            }

            if (depth == 0)
            {
                // The function's final end (now the wrapper block's).
                if (limitStack)
                {
                    EmitEpilogue(frameCost);
                    _code.WriteByte((byte)Opcode.End);
                }
                break;
            }
            if (EndsBlock(instruction.Opcode)) EmitCharge(++block);
        }
    }

    /// <summary>Writes an instruction's original bytes and remembers where they came from.</summary>
    private void CopyOriginal(ReadOnlySpan<byte> bytes, int originalStart)
    {
        AddRun(originalStart, bytes.Length);
        _code.WriteBytes(bytes);
    }

    /// <summary>Records that the next <paramref name="length"/> bytes written come from <paramref name="originalStart"/>; extends the last run when contiguous in both.</summary>
    private void AddRun(int originalStart, int length)
    {
        int at = _code.Length, original = _originalCodeOffset + originalStart;
        int n = _runs.Count;
        if (n >= 3 && _runs[n - 3] + _runs[n - 1] == at && _runs[n - 2] + _runs[n - 1] == original)
        {
            _runs[n - 1] += length;
            return;
        }
        _runs.Add(at);
        _runs.Add(original);
        _runs.Add(length);
    }

    private void EmitCharge(int block)
    {
        ulong cost = _blockCosts[block];
        if (cost == 0 || _blockUnreachable[block]) return;
        LastChargeCount++;
        _code.WriteByte((byte)Opcode.I64Const);
        _code.WriteVarInt64((long)cost);
        WriteCall(_functions.ChargeFunction);
    }

    /// <summary>Stack: [.. n] → [.. n], having charged n × <paramref name="perUnit"/>.</summary>
    private void EmitLengthCharge(uint scratch, uint perUnit)
    {
        if (perUnit == 0) return;
        LastChargeCount++;
        _code.WriteByte((byte)Opcode.LocalTee);
        _code.WriteVarUInt32(scratch);
        _code.WriteByte((byte)Opcode.I64ExtendI32U);
        if (perUnit != 1)
        {
            _code.WriteByte((byte)Opcode.I64Const);
            _code.WriteVarInt64(perUnit);
            _code.WriteByte((byte)Opcode.I64Mul);
        }
        WriteCall(_functions.ChargeFunction);
        _code.WriteByte((byte)Opcode.LocalGet);
        _code.WriteVarUInt32(scratch);
    }

    /// <summary>
    /// Stack: [.. delta] → [.. delta], having charged M(old + delta) - M(old), or 0 when old + delta exceeds 65,536
    /// pages (see <see cref="GasSchedule.MemoryGrowPerPage"/>). Locals: scratch = delta, +1 = old, +2 = new (i64).
    /// </summary>
    private void EmitMemoryGrowCharge(uint scratch)
    {
        if (_schedule.MemoryGrowPerPage == 0 && _schedule.MemoryGrowRampPerPageSquared == 0) return;
        LastChargeCount++;
        uint delta = scratch, old = scratch + 1, target = scratch + 2;
        LocalSet(delta);
        _code.WriteByte((byte)Opcode.MemorySize);
        _code.WriteByte(0);
        _code.WriteByte((byte)Opcode.I64ExtendI32U);
        LocalSet(old);
        LocalGet(delta);
        _code.WriteByte((byte)Opcode.I64ExtendI32U);
        LocalGet(old);
        _code.WriteByte((byte)Opcode.I64Add);
        LocalSet(target);
        EmitMemoryPrice(target);
        EmitMemoryPrice(old);
        _code.WriteByte((byte)Opcode.I64Sub);
        I64Const(0);
        LocalGet(target);
        I64Const(GasSchedule.MaxPages);
        _code.WriteByte((byte)Opcode.I64LeU);
        _code.WriteByte((byte)Opcode.Select);
        WriteCall(_functions.ChargeFunction);
        LocalGet(delta);
    }

    /// <summary>Pushes M(pages) = perPage·pages + ramp·pages² (i64).</summary>
    private void EmitMemoryPrice(uint pages)
    {
        LocalGet(pages);
        I64Const(_schedule.MemoryGrowPerPage);
        _code.WriteByte((byte)Opcode.I64Mul);
        LocalGet(pages);
        LocalGet(pages);
        _code.WriteByte((byte)Opcode.I64Mul);
        I64Const(_schedule.MemoryGrowRampPerPageSquared);
        _code.WriteByte((byte)Opcode.I64Mul);
        _code.WriteByte((byte)Opcode.I64Add);
    }

    /// <summary>Raises the counter by the frame cost and calls <c>gas.stack_exhausted</c> past the limit.</summary>
    private void EmitPrologue(uint frameCost)
    {
        GlobalGet(_stackGlobal);
        I32Const(frameCost);
        _code.WriteByte((byte)Opcode.I32Add);
        GlobalSet(_stackGlobal);
        GlobalGet(_stackGlobal);
        I32Const(_stackLimit!.Value);
        _code.WriteByte((byte)Opcode.I32GtU);
        _code.WriteByte((byte)Opcode.If);
        _code.WriteByte(0x40);
        WriteCall(_functions.StackExhaustedFunction);
        // The import must trap; should a binding return, the limit still holds.
        _code.WriteByte((byte)Opcode.Unreachable);
        _code.WriteByte((byte)Opcode.End);
    }

    private void EmitEpilogue(uint frameCost)
    {
        GlobalGet(_stackGlobal);
        I32Const(frameCost);
        _code.WriteByte((byte)Opcode.I32Sub);
        GlobalSet(_stackGlobal);
    }

    private void WriteBlockType(ValueType[] results)
    {
        switch (results.Length)
        {
            case 0: _code.WriteByte(0x40); break;
            case 1: _code.WriteByte((byte)results[0]); break;
            default: _code.WriteVarInt64(_typeIndexOf(new FunctionType([], results))); break;
        }
    }

    private void WriteCall(uint function)
    {
        _code.WriteByte((byte)Opcode.Call);
        _code.WriteVarUInt32(function);
    }

    private void LocalGet(uint index)
    {
        _code.WriteByte((byte)Opcode.LocalGet);
        _code.WriteVarUInt32(index);
    }

    private void LocalSet(uint index)
    {
        _code.WriteByte((byte)Opcode.LocalSet);
        _code.WriteVarUInt32(index);
    }

    private void GlobalGet(uint index)
    {
        _code.WriteByte((byte)Opcode.GlobalGet);
        _code.WriteVarUInt32(index);
    }

    private void GlobalSet(uint index)
    {
        _code.WriteByte((byte)Opcode.GlobalSet);
        _code.WriteVarUInt32(index);
    }

    private void I32Const(uint value)
    {
        _code.WriteByte((byte)Opcode.I32Const);
        _code.WriteVarInt32((int)value);
    }

    private void I64Const(ulong value)
    {
        _code.WriteByte((byte)Opcode.I64Const);
        _code.WriteVarInt64((long)value);
    }
}
