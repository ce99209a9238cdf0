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

        ulong localSlots = PrepareLocalWidths(type, body);
        var analysis = Analyze(code, type);
        ulong frameCost = Math.Max(1UL, localSlots + analysis.MaxOperandDepth);
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

    /// <summary>A control frame of the analysis: where its operands start (as an operand count) and its arity.</summary>
    private struct ControlFrame
    {
        public int Base;
        public ValueType[] Params;
        public ValueType[] Results;
        public bool Unreachable;
    }

    /// <summary>
    /// The slots a value occupies in the frame cost: 2 for a v128 (16 bytes, twice a scalar's 8, on engines that keep
    /// values at their native width), 1 for everything else. Counting v128 double keeps the limit conservative on such
    /// engines; ours stores every value in one 16-byte cell, so a slot bound is a cell bound.
    /// </summary>
    public static int SlotsOf(ValueType type) => type == ValueType.V128 ? 2 : 1;

    // Slot widths of the current function's locals (parameters first), and the operand stack of the analysis as
    // widths; its height in slots is the running sum.
    private byte[] _localWidths = new byte[64];
    private byte[] _operands = new byte[64];
    private int _operandCount;
    private long _height;

    private ulong PrepareLocalWidths(FunctionType type, FunctionBody body)
    {
        int count = type.Parameters.Length + (int)body.LocalCount;
        if (_localWidths.Length < count) _localWidths = new byte[Math.Max(count, _localWidths.Length * 2)];
        ulong slots = 0;
        int at = 0;
        foreach (var parameter in type.Parameters) slots += _localWidths[at++] = (byte)SlotsOf(parameter);
        foreach (var group in body.Locals)
        {
            byte width = (byte)SlotsOf(group.Type);
            _localWidths.AsSpan(at, (int)group.Count).Fill(width);
            at += (int)group.Count;
            slots += group.Count * width;
        }
        return slots;
    }

    private Analysis Analyze(ReadOnlySpan<byte> code, FunctionType type)
    {
        _blockCosts.Clear();
        _blockUnreachable.Clear();
        _frameCount = 0;
        _operandCount = 0;
        _height = 0;
        PushFrame([], type.Results);
        long maxHeight = 0;
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
                    MakeUnreachable(ref frame);
                    break;
                case Opcode.BrTable:
                    MakeUnreachable(ref frame);
                    break;
                case Opcode.Block or Opcode.Loop:
                {
                    var (p, r) = BlockTypes(instruction.BlockType);
                    PushFrame(p, r);
                    break;
                }
                case Opcode.If:
                {
                    Pop(frame);
                    var (p, r) = BlockTypes(instruction.BlockType);
                    PushFrame(p, r);
                    break;
                }
                case Opcode.Else:
                    TruncateTo(frame.Base);
                    PushAll(frame.Params);
                    frame.Unreachable = false;
                    break;
                case Opcode.End:
                    TruncateTo(frame.Base);
                    PushAll(frame.Results);
                    _frameCount--;
                    break;
                default:
                    ApplyStackEffect(instruction, frame);
                    if (instruction.Opcode == Opcode.MemoryGrow) usesGrow = true;
                    if (instruction.Opcode is Opcode.Call or Opcode.CallIndirect) hasCalls = true;
                    if (IsBulkWithLength(instruction)) usesBulk = true;
                    break;
            }
            if (_height > maxHeight) maxHeight = _height;

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

    /// <summary>Enters a block whose parameters are on the stack: they become the frame's own operands.</summary>
    private void PushFrame(ValueType[] parameters, ValueType[] results)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        int baseCount = Math.Max(0, _operandCount - parameters.Length);
        if (_frameCount > 0) baseCount = Math.Max(baseCount, _frames[_frameCount - 1].Base);
        _frames[_frameCount++] = new ControlFrame { Base = baseCount, Params = parameters, Results = results };
    }

    private void MakeUnreachable(ref ControlFrame frame)
    {
        TruncateTo(frame.Base);
        frame.Unreachable = true;
    }

    private void TruncateTo(int count)
    {
        while (_operandCount > count) _height -= _operands[--_operandCount];
    }

    private void Push(ValueType type)
    {
        if (_operandCount == _operands.Length) Array.Resize(ref _operands, _operands.Length * 2);
        _height += _operands[_operandCount++] = (byte)SlotsOf(type);
    }

    private void PushAll(ReadOnlySpan<ValueType> types)
    {
        foreach (var type in types) Push(type);
    }

    /// <summary>
    /// Pops one operand and returns its width; in unreachable code the stack is polymorphic and never goes below the
    /// frame (a missing operand has width 1, as validation typed it by context).
    /// </summary>
    private int Pop(in ControlFrame frame)
    {
        if (_operandCount <= frame.Base) return 1;
        int width = _operands[--_operandCount];
        _height -= width;
        return width;
    }

    private void PopCount(int count, in ControlFrame frame)
    {
        for (int i = 0; i < count; i++) Pop(frame);
    }
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

    private static readonly ValueType[][] SingleResults =
        [[ValueType.I32], [ValueType.I64], [ValueType.F32], [ValueType.F64], [ValueType.V128], [ValueType.FuncRef], [ValueType.ExternRef]];

    private (ValueType[] Params, ValueType[] Results) BlockTypes(long blockType)
    {
        if (blockType == -64) return ([], []);
        if (blockType < 0)
        {
            var single = (ValueType)(byte)(blockType & 0x7F);
            foreach (var results in SingleResults)
                if (results[0] == single) return ([], results);
            throw new InvalidOperationException($"block type {blockType} passed validation but is not a value type");
        }
        var type = _module.Types[blockType];
        return (type.Parameters, type.Results);
    }

    /// <summary>Pops the operands and pushes the results: from the instruction's row when its signature is fixed.</summary>
    private void ApplyStackEffect(in Instruction instruction, in ControlFrame frame)
    {
        var info = instruction.Info;
        if (info.HasFixedSignature)
        {
            PopCount(info.Operands.Length, frame);
            PushAll(info.Results);
            return;
        }
        switch (instruction.Opcode)
        {
            case Opcode.BrIf or Opcode.LocalSet or Opcode.GlobalSet or Opcode.Drop:
                Pop(frame);
                break;
            case Opcode.Call:
            {
                var type = _module.GetFunctionType(instruction.Index);
                PopCount(type.Parameters.Length, frame);
                PushAll(type.Results);
                break;
            }
            case Opcode.CallIndirect:
            {
                var type = _module.Types[instruction.Index];
                PopCount(type.Parameters.Length + 1, frame);
                PushAll(type.Results);
                break;
            }
            case Opcode.Select or Opcode.SelectTyped:
            {
                // The condition, then two operands of one type: the result has the width of the first popped.
                Pop(frame);
                int width = Pop(frame);
                Pop(frame);
                Push(width == 2 ? ValueType.V128 : ValueType.I64);
                break;
            }
            case Opcode.LocalGet:
                Push(_localWidths[instruction.Index] == 2 ? ValueType.V128 : ValueType.I64);
                break;
            case Opcode.LocalTee:
                Pop(frame);
                Push(_localWidths[instruction.Index] == 2 ? ValueType.V128 : ValueType.I64);
                break;
            case Opcode.GlobalGet:
                Push(_module.AllGlobals[instruction.Index].ValueType);
                break;
            case Opcode.RefNull or Opcode.RefFunc:
                Push(ValueType.FuncRef);
                break;
            case Opcode.TableGet or Opcode.RefIsNull:
                Pop(frame);
                Push(ValueType.I32);
                break;
            case Opcode.TableSet:
                PopCount(2, frame);
                break;
            case Opcode.PrefixFC:
                switch (instruction.Prefixed)
                {
                    case OpcodeFC.TableInit or OpcodeFC.TableCopy or OpcodeFC.TableFill: PopCount(3, frame); break;
                    case OpcodeFC.TableGrow: PopCount(2, frame); Push(ValueType.I32); break;
                    case OpcodeFC.TableSize: Push(ValueType.I32); break;
                }
                break; // elem.drop: nothing
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
