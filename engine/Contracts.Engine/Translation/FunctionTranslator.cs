using Contracts.Engine.Binary;
using Contracts.Engine.Execution;
using Contracts.Engine.Model;

namespace Contracts.Engine.Translation;

/// <summary>
/// Translates one validated function body from Wasm stack code into register code, in one pass.
/// <para>
/// Every operand-stack position p has a fixed temporary slot (LocalCount + p). The translator keeps a compile-time
/// stack of operands that are either in their temporary slot, a deferred <c>local.get</c> (read straight from the
/// local's slot), or a deferred constant (folded into an Imm form or materialized when needed). So
/// <c>local.get a; local.get b; i32.add; local.set c</c> becomes one instruction <c>I32Add c, a, b</c>.
/// </para>
/// <para>
/// Invariants: a Temp operand at position p lives in slot LocalCount + p. At every label (block end, loop header,
/// else) the label's values sit in the temporaries of their positions, and no deferred local.get crosses a block
/// boundary (they are materialized on block entry), so all paths into a label agree on where values are.
/// Calls place arguments in consecutive temporaries; the callee's frame starts at the first of them and leaves its
/// results there, so calls copy nothing.
/// </para>
/// </summary>
internal sealed partial class FunctionTranslator
{
    /// <summary>
    /// Where an operand is: its temporary, a deferred local.get, a deferred scalar constant, or a pooled v128 constant
    /// (<see cref="Operand.Local"/> is then the pool slot, which nothing ever writes).
    /// </summary>
    private enum OperandKind : byte { Temp, Local, Const, Pooled }

    private readonly struct Operand(OperandKind kind, int local, ulong bits)
    {
        public readonly OperandKind Kind = kind;
        public readonly int Local = local;
        public readonly ulong Bits = bits;

        public static Operand Temp => new(OperandKind.Temp, 0, 0);
        public static Operand OfLocal(int index) => new(OperandKind.Local, index, 0);
        public static Operand OfConst(ulong bits) => new(OperandKind.Const, 0, bits);
        public static Operand OfPooled(int slot) => new(OperandKind.Pooled, slot, 0);
    }

    private enum FrameKind : byte { Function, Block, Loop, If }

    private sealed class ControlFrame
    {
        public FrameKind Kind;
        /// <summary>Stack height below the frame's parameters.</summary>
        public int Height;
        public int ParamCount;
        public int ResultCount;
        public int LoopStart;
        /// <summary>For if: the conditional branch to the else arm (instruction, operand) or -1.</summary>
        public int ElseInstruction = -1;
        public int ElseOperand = -1;
        public bool HasElse;
        public bool Unreachable;
        public readonly List<(int Instruction, int Operand)> Pending = [];

        public int BranchArity => Kind == FrameKind.Loop ? ParamCount : ResultCount;
    }

    private readonly ModuleInfo _module;
    private readonly int _fuelFunctionIndex;
    private readonly CodeBuffer _code = new();
    private readonly List<ControlFrame> _frames = [];
    private readonly List<ControlFrame> _framePool = [];
    private Operand[] _stack = new Operand[64];
    private int _sp;
    private int _maxHeight;
    private int[] _deferredLocalRefs = [];
    private int _deferredLocalTotal;
    private int _localCount;
    private readonly List<ulong> _constants = [];
    private readonly Dictionary<ulong, int> _constantSlots = [];
    private readonly Dictionary<(ulong Low, ulong High), int> _v128ConstantSlots = [];
    private FunctionType _type = FunctionType.Empty;

    // Peephole state: the last emitted instruction's dst operand (for retargeting into local.set) and the last
    // integer comparison (for fusing into br_if / if). Both are cleared whenever another instruction or a label
    // is emitted.
    private int _lastDstOperand = -1;
    private int _lastCompareInstruction = -1;
    private Op _lastCompareOp;
    private int _lastCompareA, _lastCompareB;

    private int _instructionOffset;

    public FunctionTranslator(ModuleInfo module, int fuelFunctionIndex)
    {
        _module = module;
        _fuelFunctionIndex = fuelFunctionIndex;
    }

    public CompiledFunction Translate(int definedIndex)
    {
        var body = _module.Bodies[definedIndex];
        int functionIndex = _module.ImportedFunctionCount + definedIndex;
        _type = _module.GetFunctionType((uint)functionIndex);
        _localCount = checked((int)(_type.Parameters.Length + body.LocalCount));
        if (_deferredLocalRefs.Length < _localCount) _deferredLocalRefs = new int[_localCount];
        else Array.Clear(_deferredLocalRefs, 0, _localCount);
        _deferredLocalTotal = 0;
        _constants.Clear();
        _constantSlots.Clear();
        _v128ConstantSlots.Clear();
        _sp = 0;
        _maxHeight = 0;
        _code.Truncate(0);
        ClearPeephole();
        foreach (var f in _frames) _framePool.Add(f);
        _frames.Clear();

        var root = NewFrame(FrameKind.Function, 0, 0, _type.Results.Length);
        _frames.Add(root);

        var reader = new InstructionReader(_module.Bytes.AsSpan(body.CodeOffset, body.CodeLength), body.CodeOffset);
        TranslateBody(ref reader);
        ThreadJumps();
        int pooled = ShrinkConstantPool();

        return new CompiledFunction
        {
            FunctionIndex = functionIndex,
            DefinedIndex = definedIndex,
            Type = _type,
            Code = _code.ToArray(),
            ParameterCount = _type.Parameters.Length * CompiledFunction.WordsPerCell,
            LocalCount = _localCount * CompiledFunction.WordsPerCell,
            // One spare cell: materializing a constant operand of an instruction may use the cell above the top.
            FrameSize = (_localCount + pooled + _maxHeight + 1) * CompiledFunction.WordsPerCell,
            Constants = _constants.ToArray(),
            OffsetMap = _code.OffsetMap(),
        };
    }

    /// <summary>
    /// How many constants a function pools at most. Each costs a store per call and a frame slot, so a body of
    /// millions of distinct constants must not get a frame (and a per-call copy) of that size; the rest are
    /// materialized as before.
    /// </summary>
    private const int ConstantPoolLimit = 256;

    /// <summary>
    /// Temporaries are laid out above a pool of <see cref="ConstantPoolLimit"/> cells while the body is translated
    /// (how many distinct constants it pools is known only at its end, and a pre-pass counting them cost a fifth of
    /// the translation time); once the body is done the pool shrinks to the cells used and every temporary slot
    /// operand moves down by the difference (<see cref="OpLayout.ShiftSlots"/>). Returns the pooled cells.
    /// </summary>
    private int ShrinkConstantPool()
    {
        int pooled = _constants.Count / CompiledFunction.WordsPerCell;
        if (pooled < ConstantPoolLimit)
            OpLayout.ShiftSlots(_code.Written, TempSlot(0), (ConstantPoolLimit - pooled) * CompiledFunction.WordsPerCell);
        return pooled;
    }

    private ControlFrame NewFrame(FrameKind kind, int height, int paramCount, int resultCount)
    {
        ControlFrame frame;
        if (_framePool.Count > 0)
        {
            frame = _framePool[^1];
            _framePool.RemoveAt(_framePool.Count - 1);
            frame.Pending.Clear();
        }
        else
        {
            frame = new ControlFrame();
        }
        frame.Kind = kind;
        frame.Height = height;
        frame.ParamCount = paramCount;
        frame.ResultCount = resultCount;
        frame.LoopStart = 0;
        frame.ElseInstruction = -1;
        frame.ElseOperand = -1;
        frame.HasElse = false;
        frame.Unreachable = false;
        return frame;
    }

    /// <summary>
    /// Jump threading: a <c>Br</c> to a return becomes that return (same length, one dispatch less — the common
    /// shape of an if/else whose arms both end the function), and a <c>Br</c> to a <c>Br</c> jumps to the final target.
    /// </summary>
    private void ThreadJumps()
    {
        foreach (int at in _code.InstructionStarts)
        {
            if (_code[at] != (int)Op.Br) continue;
            int target = at + _code[at + 1];
            for (int hops = 0; hops < 8 && _code[target] == (int)Op.Br && target != at; hops++)
                target += _code[target + 1];
            if (_code[target] == (int)Op.Return1)
            {
                _code[at] = (int)Op.Return1;
                _code[at + 1] = _code[target + 1];
            }
            else if (_code[target] == (int)Op.ReturnVoid)
            {
                // The offset word left over becomes a second, unreachable ReturnVoid: the code stays a sequence of
                // whole instructions (what OpLayout.Verify walks and a compiled tier would decode).
                _code[at] = (int)Op.ReturnVoid;
                _code[at + 1] = (int)Op.ReturnVoid;
            }
            else
            {
                _code[at + 1] = target - at;
            }
        }
    }

    // ---- operand stack ------------------------------------------------------------------------------------------

    // Slots are word offsets in the frame; every value cell is CompiledFunction.WordsPerCell words (16 bytes, a v128).
    // While translating, temporaries sit above the whole constant pool; ShrinkConstantPool moves them down at the end.
    private int TempSlot(int position) => (_localCount + ConstantPoolLimit + position) * CompiledFunction.WordsPerCell;

    private static int LocalSlot(int local) => local * CompiledFunction.WordsPerCell;

    /// <summary>
    /// The slot of a pooled constant. Constants live in the frame between the locals and the temporaries and are
    /// copied in on every call, so an instruction reads a constant operand like any other slot instead of
    /// spending a dispatch on materializing it.
    /// </summary>
    private int ConstantSlot(ulong bits)
    {
        if (!_constantSlots.TryGetValue(bits, out int slot))
        {
            if (_constants.Count == ConstantPoolLimit * CompiledFunction.WordsPerCell) return -1;
            slot = _localCount * CompiledFunction.WordsPerCell + _constants.Count;
            _constants.Add(bits);
            _constants.Add(0);
            _constantSlots.Add(bits, slot);
        }
        return slot;
    }

    private static (ulong Low, ulong High) V128Constant(ReadOnlySpan<byte> bytes) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes), System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));

    /// <summary>The pool slot of a v128 constant (a whole cell), or -1 when the pool is full.</summary>
    private int V128ConstantSlot((ulong Low, ulong High) value)
    {
        if (!_v128ConstantSlots.TryGetValue(value, out int slot))
        {
            if (_constants.Count == ConstantPoolLimit * CompiledFunction.WordsPerCell) return -1;
            slot = _localCount * CompiledFunction.WordsPerCell + _constants.Count;
            _constants.Add(value.Low);
            _constants.Add(value.High);
            _v128ConstantSlots.Add(value, slot);
        }
        return slot;
    }

    private void Push(Operand operand)
    {
        if (_sp == _stack.Length) Array.Resize(ref _stack, _sp * 2);
        _stack[_sp++] = operand;
        if (_sp > _maxHeight) _maxHeight = _sp;
        if (operand.Kind == OperandKind.Local)
        {
            _deferredLocalRefs[operand.Local]++;
            _deferredLocalTotal++;
        }
    }

    private void PushTemp() => Push(Operand.Temp);

    private Operand Pop()
    {
        var operand = _stack[--_sp];
        if (operand.Kind == OperandKind.Local)
        {
            _deferredLocalRefs[operand.Local]--;
            _deferredLocalTotal--;
        }
        return operand;
    }

    private void PopN(int count)
    {
        for (int i = 0; i < count; i++) Pop();
    }

    /// <summary>Truncates the stack to <paramref name="height"/> (dropping deferred references correctly).</summary>
    private void ResetStack(int height)
    {
        while (_sp > height) Pop();
    }

    /// <summary>Ensures the operand at <paramref name="position"/> is in its temporary slot; returns that slot.</summary>
    private int Materialize(int position)
    {
        var operand = _stack[position];
        int slot = TempSlot(position);
        switch (operand.Kind)
        {
            case OperandKind.Local:
                EmitCopy(slot, LocalSlot(operand.Local));
                _deferredLocalRefs[operand.Local]--;
                _deferredLocalTotal--;
                _stack[position] = Operand.Temp;
                break;
            case OperandKind.Const:
                EmitConst(slot, operand.Bits);
                _stack[position] = Operand.Temp;
                break;
            case OperandKind.Pooled:
                EmitCopy(slot, operand.Local);
                _stack[position] = Operand.Temp;
                break;
        }
        return slot;
    }

    /// <summary>The slot holding the operand at <paramref name="position"/>: a local's own slot, or its temporary.</summary>
    private int SlotOf(int position)
    {
        var operand = _stack[position];
        return operand.Kind switch
        {
            OperandKind.Local => LocalSlot(operand.Local),
            OperandKind.Temp => TempSlot(position),
            OperandKind.Pooled => operand.Local,
            _ => ConstantSlot(operand.Bits) is var slot and >= 0 ? slot : Materialize(position),
        };
    }

    private void MaterializeTop(int count)
    {
        for (int i = _sp - count; i < _sp; i++) Materialize(i);
    }

    private void MaterializeAllLocals()
    {
        if (_deferredLocalTotal == 0) return;
        for (int i = 0; i < _sp; i++)
        {
            if (_stack[i].Kind == OperandKind.Local) Materialize(i);
        }
    }

    private void MaterializeLocalRefs(int local, int below)
    {
        if (_deferredLocalRefs[local] == 0) return;
        for (int i = 0; i < below; i++)
        {
            if (_stack[i].Kind == OperandKind.Local && _stack[i].Local == local) Materialize(i);
        }
    }

    // ---- emission -----------------------------------------------------------------------------------------------

    private void ClearPeephole()
    {
        _lastDstOperand = -1;
        _lastCompareInstruction = -1;
    }

    private int Begin(Op op)
    {
        ClearPeephole();
        return _code.Begin(op, _instructionOffset);
    }

    private void EmitCopy(int dst, int src)
    {
        if (dst == src) return;
        Begin(Op.Copy);
        _code.Add(dst);
        _code.Add(src);
    }

    private void EmitConst(int dst, ulong bits)
    {
        if (bits <= uint.MaxValue)
        {
            Begin(Op.Const32);
            _code.Add(dst);
            _code.Add((int)(uint)bits);
        }
        else
        {
            Begin(Op.Const64);
            _code.Add(dst);
            _code.Add((int)(uint)bits);
            _code.Add((int)(uint)(bits >> 32));
        }
    }

    /// <summary>Emits op dst, operands... where dst is retargetable by a following local.set.</summary>
    private void EmitWithDst(Op op, int dst, int a)
    {
        Begin(op);
        _lastDstOperand = _code.Length;
        _code.Add(dst);
        _code.Add(a);
    }

    private void EmitWithDst(Op op, int dst, int a, int b)
    {
        Begin(op);
        _lastDstOperand = _code.Length;
        _code.Add(dst);
        _code.Add(a);
        _code.Add(b);
    }

    private void Emit(Op op, int a)
    {
        Begin(op);
        _code.Add(a);
    }

    private void Emit(Op op, int a, int b)
    {
        Begin(op);
        _code.Add(a);
        _code.Add(b);
    }

    private void Emit(Op op, int a, int b, int c)
    {
        Begin(op);
        _code.Add(a);
        _code.Add(b);
        _code.Add(c);
    }

    private void Emit(Op op, int a, int b, int c, int d)
    {
        Begin(op);
        _code.Add(a);
        _code.Add(b);
        _code.Add(c);
        _code.Add(d);
    }

    private void Emit(Op op, int a, int b, int c, int d, int e)
    {
        Begin(op);
        _code.Add(a);
        _code.Add(b);
        _code.Add(c);
        _code.Add(d);
        _code.Add(e);
    }

    // ---- branches -----------------------------------------------------------------------------------------------

    private ControlFrame LabelFrame(uint depth) => _frames[_frames.Count - 1 - (int)depth];

    /// <summary>Records a forward (or resolves a backward) branch to <paramref name="target"/>.</summary>
    private void LinkBranch(ControlFrame target, int instruction, int operand)
    {
        if (target.Kind == FrameKind.Loop) _code[operand] = target.LoopStart - instruction;
        else target.Pending.Add((instruction, operand));
    }

    private void PatchPending(ControlFrame frame, int labelPosition)
    {
        foreach (var (instruction, operand) in frame.Pending) _code[operand] = labelPosition - instruction;
        frame.Pending.Clear();
    }

    /// <summary>True when the branch values for <paramref name="target"/> are already in the label's slots.</summary>
    private bool BranchValuesInPlace(ControlFrame target)
    {
        int arity = target.BranchArity;
        for (int i = 0; i < arity; i++)
        {
            int position = _sp - arity + i;
            if (_stack[position].Kind != OperandKind.Temp || position != target.Height + i) return false;
        }
        return true;
    }

    /// <summary>Copies the top branch values into the label's slots (ascending order is safe: dst ≤ src).</summary>
    private void EmitBranchCopies(ControlFrame target)
    {
        int arity = target.BranchArity;
        for (int i = 0; i < arity; i++)
        {
            int position = _sp - arity + i;
            int dst = TempSlot(target.Height + i);
            var operand = _stack[position];
            switch (operand.Kind)
            {
                case OperandKind.Temp: EmitCopy(dst, TempSlot(position)); break;
                case OperandKind.Local: EmitCopy(dst, LocalSlot(operand.Local)); break;
                case OperandKind.Pooled: EmitCopy(dst, operand.Local); break;
                default: EmitConst(dst, operand.Bits); break;
            }
        }
    }

    private void EmitBr(ControlFrame target)
    {
        int at = Begin(Op.Br);
        _code.Add(0);
        LinkBranch(target, at, at + 1);
    }

    /// <summary>An unconditional branch to label <paramref name="depth"/> (a return when it is the function label).</summary>
    private void EmitBranchToLabel(uint depth)
    {
        var target = LabelFrame(depth);
        if (target.Kind == FrameKind.Function)
        {
            EmitReturn();
            return;
        }
        EmitBranchCopies(target);
        EmitBr(target);
    }

    /// <summary>
    /// Emits a return of the top results. Never changes the compile-time stack: a conditional return (br_if to
    /// the function label) runs these copies only on its taken path.
    /// </summary>
    private void EmitReturn()
    {
        int count = _type.Results.Length;
        if (count == 0)
        {
            Begin(Op.ReturnVoid);
            return;
        }
        if (count == 1)
        {
            var operand = _stack[_sp - 1];
            int src = operand.Kind switch
            {
                OperandKind.Local => LocalSlot(operand.Local),
                OperandKind.Temp => TempSlot(_sp - 1),
                OperandKind.Pooled => operand.Local,
                _ => -1,
            };
            if (src < 0) src = ConstantSlot(operand.Bits);
            if (src < 0)
            {
                src = TempSlot(_sp - 1);
                EmitConst(src, operand.Bits);
            }
            Emit(Op.Return1, src);
            return;
        }
        for (int position = _sp - count; position < _sp; position++)
        {
            var operand = _stack[position];
            if (operand.Kind == OperandKind.Local) EmitCopy(TempSlot(position), LocalSlot(operand.Local));
            else if (operand.Kind == OperandKind.Const) EmitConst(TempSlot(position), operand.Bits);
            else if (operand.Kind == OperandKind.Pooled) EmitCopy(TempSlot(position), operand.Local);
        }
        Emit(Op.ReturnN, count, TempSlot(_sp - count));
    }

    private void SetUnreachable()
    {
        _frames[^1].Unreachable = true;
        ClearPeephole();
    }
}
