using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Validation;

/// <summary>
/// Validates function bodies with the algorithm of the WebAssembly 2.0 spec's validation appendix: one pass over
/// the instructions with an operand stack of types (Unknown in unreachable code) and a stack of control frames.
/// Reads the instructions with <see cref="InstructionReader"/>, so encoding errors inside bodies (illegal opcode, a
/// non-zero reserved byte, a truncated body) surface here as <see cref="WasmDecodeException"/>; operators with a fixed
/// signature are typed from their <see cref="InstructionSet"/> row. One instance validates all
/// bodies of one module, reusing its stacks; nothing is allocated per instruction. Linear in the body size.
/// </summary>
internal sealed partial class FunctionBodyValidator
{
    private readonly ModuleInfo _module;
    private readonly ValidationLimits _limits;
    private readonly FunctionType[] _types;
    /// <summary>The spec's C.refs: functions that <c>ref.func</c> may name in a body.</summary>
    private readonly bool[] _declaredFunctionReferences;

    // The current function.
    private int _functionIndex;
    private FunctionType _functionType = FunctionType.Empty;
    private long _instructionOffset;

    // Locals: parameters, then runs of declared locals found by binary search over their cumulative ends, so a
    // function declaring 50,000 locals in one group costs one entry, not 50,000.
    private ValueType[] _parameters = [];
    private uint[] _localGroupEnds = new uint[8];
    private ValueType[] _localGroupTypes = new ValueType[8];
    private int _localGroupCount;
    private uint _localCount;

    // br_table: labels already checked by the current br_table, keyed by their label types, so a table of a
    // million targets costs one comparison per distinct label type, not one per target.
    private int[]? _labelStamps;
    private int _labelStamp;

    public FunctionBodyValidator(ModuleInfo module, ValidationLimits limits, bool[] declaredFunctionReferences)
    {
        _module = module;
        _limits = limits;
        _types = module.Types;
        _declaredFunctionReferences = declaredFunctionReferences;
        _operands = new ValueType[(int)Math.Min(256u, limits.MaxOperandStackDepth)];
    }

    /// <summary>Validates the body of the <paramref name="definedIndex"/>-th function defined by the module.</summary>
    public void Validate(int definedIndex)
    {
        var body = _module.Bodies[definedIndex];
        uint typeIndex = _module.FunctionTypeIndices[definedIndex];
        _functionIndex = _module.ImportedFunctionCount + definedIndex;
        _functionType = _types[typeIndex];
        _instructionOffset = body.CodeOffset;

        var bytes = _module.Bytes;
        if (body.CodeOffset < 0 || body.CodeLength < 0 || body.CodeOffset > bytes.Length - body.CodeLength)
        {
            ValidationError.Malformed(WasmErrorKind.UnexpectedEnd, body.CodeOffset,
                $"unexpected end: the body of function {_functionIndex} lies outside the module");
        }
        SetUpLocals(body);

        var reader = new InstructionReader(bytes.AsSpan(body.CodeOffset, body.CodeLength), body.CodeOffset, _limits.MaxBrTableTargets);
        _operandCount = 0;
        _controlCount = 0;
        PushControl(ControlKind.Function, (int)typeIndex, 0);
        ValidateInstructions(ref reader);
    }

    private void SetUpLocals(FunctionBody body)
    {
        _parameters = _functionType.Parameters;
        var groups = body.Locals;
        if (groups.Length > _localGroupEnds.Length)
        {
            int capacity = Math.Max(groups.Length, _localGroupEnds.Length * 2);
            _localGroupEnds = new uint[capacity];
            _localGroupTypes = new ValueType[capacity];
        }
        ulong total = (ulong)_parameters.Length;
        for (int i = 0; i < groups.Length; i++)
        {
            var group = groups[i];
            if (group.Type == ValueType.V128 && !_limits.AllowSimd) ValidationError.UnsupportedSimd(body.CodeOffset, $"v128 local in function {_functionIndex}");
            total += group.Count;
            if (total > _limits.MaxLocals)
            {
                ValidationError.Limit(_limits, nameof(ValidationLimits.MaxLocals), total, _limits.MaxLocals, body.CodeOffset,
                    $"function {_functionIndex} (parameters and declared locals)");
            }
            _localGroupEnds[i] = (uint)total;
            _localGroupTypes[i] = group.Type;
        }
        _localGroupCount = groups.Length;
        _localCount = (uint)total;
    }

    private ValueType LocalType(uint index)
    {
        if (index < (uint)_parameters.Length) return _parameters[index];
        if (index >= _localCount)
        {
            ValidationError.Invalid(WasmErrorKind.UnknownLocal, _instructionOffset, $"unknown local {index} in function {_functionIndex}");
        }
        int low = 0;
        int high = _localGroupCount - 1;
        while (low < high)
        {
            int middle = (low + high) >> 1;
            if (_localGroupEnds[middle] > index) high = middle;
            else low = middle + 1;
        }
        return _localGroupTypes[low];
    }

    private void ValidateInstructions(ref InstructionReader reader)
    {
        while (true)
        {
            if (reader.IsAtEnd)
            {
                ValidationError.Malformed(WasmErrorKind.EndOpcodeExpected, reader.Offset,
                    $"END opcode expected: the body of function {_functionIndex} ends inside a block");
            }
            _instructionOffset = reader.Offset;
            var instruction = reader.Read();
            switch (instruction.Opcode)
            {
                case Opcode.Unreachable:
                    MarkUnreachable();
                    break;
                case Opcode.Nop:
                    break;
                case Opcode.Block:
                case Opcode.Loop:
                {
                    var (typeIndex, single) = BlockType(in instruction);
                    if (typeIndex >= 0) PopValues(_types[typeIndex].Parameters);
                    PushControl(instruction.Opcode == Opcode.Block ? ControlKind.Block : ControlKind.Loop, typeIndex, single);
                    break;
                }
                case Opcode.If:
                {
                    var (typeIndex, single) = BlockType(in instruction);
                    PopExpect(ValueType.I32);
                    if (typeIndex >= 0) PopValues(_types[typeIndex].Parameters);
                    PushControl(ControlKind.If, typeIndex, single);
                    break;
                }
                case Opcode.Else:
                {
                    if (_controls[_controlCount - 1].Kind != ControlKind.If)
                    {
                        ValidationError.Malformed(WasmErrorKind.EndOpcodeExpected, _instructionOffset,
                            $"END opcode expected: else without a matching if in function {_functionIndex}");
                    }
                    var frame = PopControl();
                    PushControl(ControlKind.Else, frame.TypeIndex, frame.SingleResult);
                    break;
                }
                case Opcode.End:
                {
                    var frame = PopControl();
                    if (frame.Kind == ControlKind.If && !Parameters(in frame).SequenceEqual(Results(in frame)))
                    {
                        ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
                            $"type mismatch: if without else must have equal parameter and result types in function {_functionIndex}");
                    }
                    if (_controlCount == 0)
                    {
                        if (!reader.IsAtEnd)
                        {
                            ValidationError.Malformed(WasmErrorKind.SectionSizeMismatch, reader.Offset,
                                $"section size mismatch: bytes after the final end of function {_functionIndex}");
                        }
                        return;
                    }
                    PushValues(Results(in frame));
                    break;
                }
                case Opcode.Br:
                {
                    var types = LabelTypes(in Label(instruction.Index));
                    PopValues(types);
                    MarkUnreachable();
                    break;
                }
                case Opcode.BrIf:
                {
                    var types = LabelTypes(in Label(instruction.Index));
                    PopExpect(ValueType.I32);
                    PopValues(types);
                    PushValues(types);
                    break;
                }
                case Opcode.BrTable:
                    ValidateBrTable(ref reader, in instruction);
                    break;
                case Opcode.Return:
                    PopValues(_functionType.Results);
                    MarkUnreachable();
                    break;
                case Opcode.Call:
                {
                    uint functionIndex = instruction.Index;
                    if (functionIndex >= (uint)_module.AllFunctionTypeIndices.Length) ThrowUnknown(WasmErrorKind.UnknownFunction, "function", functionIndex);
                    var type = _types[_module.AllFunctionTypeIndices[functionIndex]];
                    PopValues(type.Parameters);
                    PushValues(type.Results);
                    break;
                }
                case Opcode.CallIndirect:
                {
                    uint typeIndex = instruction.Index;
                    uint tableIndex = instruction.SecondIndex;
                    var elementType = TableElementType(tableIndex);
                    if (elementType != ValueType.FuncRef)
                    {
                        ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
                            $"type mismatch: call_indirect through table {tableIndex} of {elementType.ToWatName()} in function {_functionIndex}");
                    }
                    if (typeIndex >= (uint)_types.Length) ThrowUnknown(WasmErrorKind.UnknownType, "type", typeIndex);
                    var type = _types[typeIndex];
                    PopExpect(ValueType.I32);
                    PopValues(type.Parameters);
                    PushValues(type.Results);
                    break;
                }
                case Opcode.Drop:
                    Pop();
                    break;
                case Opcode.Select:
                {
                    PopExpect(ValueType.I32);
                    var first = Pop();
                    var second = Pop();
                    if (first.IsReference() || second.IsReference() || (first != second && first != Unknown && second != Unknown))
                    {
                        ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
                            $"type mismatch: select without a type needs two numeric operands of one type in function {_functionIndex}");
                    }
                    Push(first == Unknown ? second : first);
                    break;
                }
                case Opcode.SelectTyped:
                {
                    uint arity = instruction.SelectArity;
                    if (arity != 1)
                    {
                        ValidationError.Invalid(WasmErrorKind.InvalidResultArity, _instructionOffset,
                            $"invalid result arity: typed select lists {arity} types in function {_functionIndex}");
                    }
                    var type = instruction.SelectType;
                    if (type == ValueType.V128 && !_limits.AllowSimd) ValidationError.UnsupportedSimd(_instructionOffset, $"v128 operand in function {_functionIndex}");
                    PopExpect(ValueType.I32);
                    PopExpect(type);
                    PopExpect(type);
                    Push(type);
                    break;
                }
                case Opcode.LocalGet:
                    Push(LocalType(instruction.Index));
                    break;
                case Opcode.LocalSet:
                    PopExpect(LocalType(instruction.Index));
                    break;
                case Opcode.LocalTee:
                {
                    var type = LocalType(instruction.Index);
                    PopExpect(type);
                    Push(type);
                    break;
                }
                case Opcode.GlobalGet:
                    Push(Global(instruction.Index).ValueType);
                    break;
                case Opcode.GlobalSet:
                {
                    uint globalIndex = instruction.Index;
                    var global = Global(globalIndex);
                    if (!global.Mutable)
                    {
                        ValidationError.Invalid(WasmErrorKind.ImmutableGlobal, _instructionOffset,
                            $"global is immutable: global.set {globalIndex} in function {_functionIndex}");
                    }
                    PopExpect(global.ValueType);
                    break;
                }
                case Opcode.TableGet:
                {
                    var elementType = TableElementType(instruction.Index);
                    PopExpect(ValueType.I32);
                    Push(elementType);
                    break;
                }
                case Opcode.TableSet:
                {
                    var elementType = TableElementType(instruction.Index);
                    PopExpect(elementType);
                    PopExpect(ValueType.I32);
                    break;
                }
                case Opcode.RefNull:
                    Push(instruction.ReferenceType);
                    break;
                case Opcode.RefIsNull:
                {
                    var type = Pop();
                    if (type != Unknown && !type.IsReference())
                    {
                        ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
                            $"type mismatch: ref.is_null of {type.ToWatName()} in function {_functionIndex}");
                    }
                    Push(ValueType.I32);
                    break;
                }
                case Opcode.RefFunc:
                {
                    uint functionIndex = instruction.Index;
                    if (functionIndex >= (uint)_module.AllFunctionTypeIndices.Length) ThrowUnknown(WasmErrorKind.UnknownFunction, "function", functionIndex);
                    if (!_declaredFunctionReferences[functionIndex])
                    {
                        ValidationError.Invalid(WasmErrorKind.UndeclaredFunctionReference, _instructionOffset,
                            $"undeclared function reference: ref.func {functionIndex} in function {_functionIndex} names a function no element segment, export or global declares");
                    }
                    Push(ValueType.FuncRef);
                    break;
                }
                case Opcode.PrefixFC when !instruction.Info.HasFixedSignature:
                    ValidateTablesAndSegments(in instruction);
                    break;
                case Opcode.PrefixSimd:
                    ValidateSimd(ref reader, in instruction);
                    break;
                default:
                {
                    // The bulk of any body: numeric operators, typed by their row's signature alone.
                    var info = instruction.Info;
                    if (info.Immediates == ImmediateKind.None && info.IsSimple)
                    {
                        if (info.SecondOperand != 0) PopExpect(info.SecondOperand);
                        if (info.FirstOperand != 0) PopExpect(info.FirstOperand);
                        if (info.SingleResult != 0) Push(info.SingleResult);
                        break;
                    }
                    ValidateFixedSignature(in instruction);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// An operator typed by its <see cref="InstructionSet"/> row alone: numeric, comparison, conversion, constants,
    /// memory accesses and bulk memory (which also need a memory, a data segment or an alignment check).
    /// </summary>
    private void ValidateFixedSignature(in Instruction instruction)
    {
        var info = instruction.Info;
        if (!info.HasFixedSignature) throw new InvalidOperationException($"{info.Mnemonic} has no fixed signature and no validation case");
        switch (info.Immediates)
        {
            case ImmediateKind.MemArg or ImmediateKind.MemArgLane:
                RequireMemory();
                if (instruction.Alignment > info.NaturalAlignment)
                {
                    ValidationError.Invalid(WasmErrorKind.InvalidAlignment, _instructionOffset,
                        $"alignment must not be larger than natural: 2^{instruction.Alignment} > {1 << info.NaturalAlignment} bytes in function {_functionIndex}");
                }
                break;
            case ImmediateKind.Memory or ImmediateKind.MemoryPair:
                RequireMemory();
                break;
            case ImmediateKind.DataAndMemory:
                RequireMemory();
                RequireDataSegment(instruction.Index);
                break;
            case ImmediateKind.Data:
                RequireDataSegment(instruction.Index);
                break;
        }
        if (info.IsSimple)
        {
            if (info.SecondOperand != 0) PopExpect(info.SecondOperand);
            if (info.FirstOperand != 0) PopExpect(info.FirstOperand);
            if (info.SingleResult != 0) Push(info.SingleResult);
            return;
        }
        PopValues(info.Operands);
        PushValues(info.Results);
    }

    /// <summary>
    /// A 0xFD instruction: the feature flag, its lane immediates (below the shape's lane count; shuffle lanes below
    /// 32), then its row's signature and memarg like any fixed-signature operator.
    /// </summary>
    private void ValidateSimd(ref InstructionReader reader, in Instruction instruction)
    {
        var info = instruction.Info;
        if (!_limits.AllowSimd) ValidationError.UnsupportedSimd(_instructionOffset, $"{info.Mnemonic} in function {_functionIndex}");
        switch (info.Immediates)
        {
            case ImmediateKind.Lane or ImmediateKind.MemArgLane:
            {
                int lanes = SimdLaneCount(info);
                if (instruction.Lane >= lanes)
                {
                    ValidationError.Invalid(WasmErrorKind.InvalidLaneIndex, _instructionOffset,
                        $"invalid lane index: {info.Mnemonic} lane {instruction.Lane} of {lanes} in function {_functionIndex}");
                }
                break;
            }
            case ImmediateKind.LaneIndices:
                foreach (byte lane in reader.ImmediateBytes(in instruction))
                {
                    if (lane >= 32)
                    {
                        ValidationError.Invalid(WasmErrorKind.InvalidLaneIndex, _instructionOffset,
                            $"invalid lane index: i8x16.shuffle lane {lane} of 32 in function {_functionIndex}");
                    }
                }
                break;
        }
        ValidateFixedSignature(in instruction);
    }

    /// <summary>Lanes of a lane instruction: by the access size of <c>load/store*_lane</c>, else by the shape prefix.</summary>
    private static int SimdLaneCount(InstructionInfo info) =>
        info.Immediates == ImmediateKind.MemArgLane ? 16 >> info.NaturalAlignment : info.Mnemonic[..5] switch
        {
            "i8x16" => 16,
            "i16x8" => 8,
            "i32x4" or "f32x4" => 4,
            _ => 2,
        };

    /// <summary>The 0xFC table and element-segment operators, typed by the tables and segments they name.</summary>
    private void ValidateTablesAndSegments(in Instruction instruction)
    {
        switch (instruction.Prefixed)
        {
            case OpcodeFC.TableInit:
            {
                uint elementIndex = instruction.Index;
                uint tableIndex = instruction.SecondIndex;
                var tableType = TableElementType(tableIndex);
                var segmentType = ElementSegmentType(elementIndex);
                if (tableType != segmentType)
                {
                    ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
                        $"type mismatch: table.init of {segmentType.ToWatName()} segment {elementIndex} into {tableType.ToWatName()} table {tableIndex} in function {_functionIndex}");
                }
                PopThreeI32();
                break;
            }
            case OpcodeFC.ElemDrop:
                ElementSegmentType(instruction.Index);
                break;
            case OpcodeFC.TableCopy:
            {
                uint destination = instruction.Index;
                uint source = instruction.SecondIndex;
                var destinationType = TableElementType(destination);
                var sourceType = TableElementType(source);
                if (destinationType != sourceType)
                {
                    ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
                        $"type mismatch: table.copy from {sourceType.ToWatName()} table {source} to {destinationType.ToWatName()} table {destination} in function {_functionIndex}");
                }
                PopThreeI32();
                break;
            }
            case OpcodeFC.TableGrow:
            {
                var elementType = TableElementType(instruction.Index);
                PopExpect(ValueType.I32);
                PopExpect(elementType);
                Push(ValueType.I32);
                break;
            }
            case OpcodeFC.TableSize:
                TableElementType(instruction.Index);
                Push(ValueType.I32);
                break;
            case OpcodeFC.TableFill:
            {
                var elementType = TableElementType(instruction.Index);
                PopExpect(ValueType.I32);
                PopExpect(elementType);
                PopExpect(ValueType.I32);
                break;
            }
            default:
                throw new InvalidOperationException($"{instruction.Info.Mnemonic} has no fixed signature and no validation case");
        }
    }

    private void ValidateBrTable(ref InstructionReader instructions, in Instruction instruction)
    {
        uint targetCount = instruction.TargetCount;
        // Checked before anything else (the reader stops after the count of a table over the limit): the targets are
        // then read twice from the bytes, never copied.
        if (targetCount > _limits.MaxBrTableTargets)
        {
            ValidationError.Limit(_limits, nameof(ValidationLimits.MaxBrTableTargets), targetCount, _limits.MaxBrTableTargets,
                _instructionOffset, $"br_table in function {_functionIndex}");
        }
        var reader = instructions.BranchTargets(in instruction);
        int targetsStart = reader.Position;
        for (uint i = 0; i < targetCount; i++) reader.ReadVarUInt32();
        var defaultTypes = LabelTypes(in Label(reader.ReadVarUInt32()));

        PopExpect(ValueType.I32);
        int arity = defaultTypes.Length;
        NextLabelStamp();
        reader.Position = targetsStart;
        for (uint i = 0; i < targetCount; i++)
        {
            ref var frame = ref Label(reader.ReadVarUInt32());
            int key = LabelTypesKey(in frame);
            if (_labelStamps![key] == _labelStamp) continue;
            _labelStamps[key] = _labelStamp;
            var types = LabelTypes(in frame);
            if (types.Length != arity)
            {
                ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
                    $"type mismatch: br_table targets carry {types.Length} and {arity} values in function {_functionIndex}");
            }
            PeekValues(types);
        }
        PopValues(defaultTypes);
        MarkUnreachable();
    }

    /// <summary>
    /// A small integer naming a label's type sequence: 0 for [], 1..7 for one value type, then two per type index
    /// (its parameters, its results). Equal keys mean equal types, so one check covers all targets sharing a key.
    /// </summary>
    private static int LabelTypesKey(in ControlFrame frame)
    {
        if (frame.TypeIndex >= 0) return 8 + 2 * frame.TypeIndex + (frame.Kind == ControlKind.Loop ? 0 : 1);
        if (frame.Kind == ControlKind.Loop) return 0;
        return frame.SingleResult switch
        {
            0 => 0,
            ValueType.I32 => 1,
            ValueType.I64 => 2,
            ValueType.F32 => 3,
            ValueType.F64 => 4,
            ValueType.V128 => 5,
            ValueType.FuncRef => 6,
            _ => 7,
        };
    }

    private void NextLabelStamp()
    {
        _labelStamps ??= new int[8 + 2 * _types.Length];
        if (_labelStamp == int.MaxValue)
        {
            Array.Clear(_labelStamps);
            _labelStamp = 0;
        }
        _labelStamp++;
    }

    private (int TypeIndex, ValueType Single) BlockType(in Instruction instruction)
    {
        long blockType = instruction.BlockType;
        if (blockType < 0)
        {
            var single = instruction.BlockResult;
            if (single == ValueType.V128 && !_limits.AllowSimd) ValidationError.UnsupportedSimd(_instructionOffset, $"v128 block type in function {_functionIndex}");
            return (-1, single);
        }
        if (blockType >= _types.Length) ThrowUnknown(WasmErrorKind.UnknownType, "type", (ulong)blockType);
        return ((int)blockType, 0);
    }

    private void RequireMemory()
    {
        if (_module.AllMemories.Length == 0) ThrowUnknown(WasmErrorKind.UnknownMemory, "memory", 0);
    }

    private void RequireDataSegment(uint dataIndex)
    {
        if (_module.DataCount is not { } dataCount)
        {
            throw new WasmDecodeException(WasmErrorKind.DataCountSectionRequired, _instructionOffset,
                $"data count section required: function {_functionIndex} uses a data segment index");
        }
        if (dataIndex >= dataCount) ThrowUnknown(WasmErrorKind.UnknownDataSegment, "data segment", dataIndex);
    }

    private ValueType ElementSegmentType(uint elementIndex)
    {
        if (elementIndex >= (uint)_module.Elements.Length) ThrowUnknown(WasmErrorKind.UnknownElementSegment, "elem segment", elementIndex);
        return _module.Elements[elementIndex].ElementType;
    }

    private ValueType TableElementType(uint tableIndex)
    {
        if (tableIndex >= (uint)_module.AllTables.Length) ThrowUnknown(WasmErrorKind.UnknownTable, "table", tableIndex);
        return _module.AllTables[tableIndex].ElementType;
    }

    private GlobalType Global(uint globalIndex)
    {
        if (globalIndex >= (uint)_module.AllGlobals.Length) ThrowUnknown(WasmErrorKind.UnknownGlobal, "global", globalIndex);
        return _module.AllGlobals[globalIndex];
    }

    private void PopThreeI32()
    {
        PopExpect(ValueType.I32);
        PopExpect(ValueType.I32);
        PopExpect(ValueType.I32);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowUnknown(WasmErrorKind kind, string what, ulong index) =>
        ValidationError.Invalid(kind, _instructionOffset, $"unknown {what} {index} in function {_functionIndex}");
}
