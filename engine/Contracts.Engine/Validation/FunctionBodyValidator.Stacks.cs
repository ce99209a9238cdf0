using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Validation;

/// <summary>
/// The operand and control stacks of the spec appendix's algorithm. Both are arrays reused across every function
/// of a module; they only grow, and the operand stack never past <see cref="ValidationLimits.MaxOperandStackDepth"/>.
/// </summary>
internal sealed partial class FunctionBodyValidator
{
    /// <summary>The appendix's <c>Unknown</c> operand type, produced by pops in unreachable code.</summary>
    private const ValueType Unknown = 0;

    private ValueType[] _operands;
    private int _operandCount;
    private ControlFrame[] _controls = new ControlFrame[16];
    private int _controlCount;
    // Mirrors of the top control frame's Height and Unreachable, read by every pop.
    private int _frameHeight;
    private bool _frameUnreachable;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ValueType type)
    {
        if (_operandCount == _operands.Length) GrowOperands();
        _operands[_operandCount++] = type;
    }

    private void PushValues(ReadOnlySpan<ValueType> types)
    {
        foreach (var type in types) Push(type);
    }

    /// <summary>Pops one operand of any type (the appendix's <c>pop_val()</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueType Pop()
    {
        if (_operandCount > _frameHeight) return _operands[--_operandCount];
        if (_frameUnreachable) return Unknown;
        ThrowStackEmpty(0);
        return Unknown;
    }

    /// <summary>Pops one operand that must have type <paramref name="expected"/> (<c>pop_val(expect)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PopExpect(ValueType expected)
    {
        int count = _operandCount;
        if (count > _frameHeight)
        {
            var actual = _operands[count - 1];
            if (actual != expected && actual != Unknown) ThrowTypeMismatch(expected, actual);
            _operandCount = count - 1;
            return;
        }
        if (!_frameUnreachable) ThrowStackEmpty(expected);
    }

    private void PopValues(ReadOnlySpan<ValueType> types)
    {
        for (int i = types.Length - 1; i >= 0; i--) PopExpect(types[i]);
    }

    /// <summary>
    /// Checks that the top operands match <paramref name="types"/> without popping them: the appendix's
    /// <c>push_vals(pop_vals(types))</c>, whose only effect is the check (Unknowns it would materialise read the
    /// same as the polymorphic stack base they came from).
    /// </summary>
    private void PeekValues(ReadOnlySpan<ValueType> types)
    {
        int first = _operandCount - types.Length;
        for (int i = 0; i < types.Length; i++)
        {
            int slot = first + i;
            if (slot < _frameHeight)
            {
                if (!_frameUnreachable) ThrowStackEmpty(types[i]);
                continue;
            }
            var actual = _operands[slot];
            if (actual != types[i] && actual != Unknown) ThrowTypeMismatch(types[i], actual);
        }
    }

    /// <summary>The appendix's <c>unreachable()</c>: drop the frame's operands and make its stack polymorphic.</summary>
    private void MarkUnreachable()
    {
        _operandCount = _frameHeight;
        _frameUnreachable = true;
        _controls[_controlCount - 1].Unreachable = true;
    }

    /// <summary>
    /// Pushes a frame whose parameters have already been popped and pushes them back (<c>push_ctrl</c>).
    /// </summary>
    private void PushControl(ControlKind kind, int typeIndex, ValueType singleResult)
    {
        // The function's own frame is entry 0, so the new frame's nesting depth is the current count.
        if ((uint)_controlCount > _limits.MaxNestingDepth)
        {
            ValidationError.Limit(_limits, nameof(ValidationLimits.MaxNestingDepth), (ulong)_controlCount, _limits.MaxNestingDepth,
                _instructionOffset, $"function {_functionIndex}");
        }
        if (_controlCount == _controls.Length) Array.Resize(ref _controls, _controls.Length * 2);
        ref var frame = ref _controls[_controlCount++];
        frame.Kind = kind;
        frame.Unreachable = false;
        frame.SingleResult = singleResult;
        frame.TypeIndex = typeIndex;
        frame.Height = _operandCount;
        _frameHeight = _operandCount;
        _frameUnreachable = false;
        if (kind != ControlKind.Function) PushValues(Parameters(in frame));
    }

    /// <summary>Checks the frame's results, pops it and returns a copy (<c>pop_ctrl</c>).</summary>
    private ControlFrame PopControl()
    {
        var frame = _controls[_controlCount - 1];
        PopValues(Results(in frame));
        if (_operandCount != frame.Height)
        {
            ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
                $"type mismatch: {_operandCount - frame.Height} value(s) left on the stack at the end of a block in function {_functionIndex}");
        }
        _controlCount--;
        if (_controlCount > 0)
        {
            ref var top = ref _controls[_controlCount - 1];
            _frameHeight = top.Height;
            _frameUnreachable = top.Unreachable;
        }
        return frame;
    }

    /// <summary>The label at <paramref name="depth"/> (0 = innermost), or "unknown label".</summary>
    private ref ControlFrame Label(uint depth)
    {
        if (depth >= (uint)_controlCount)
        {
            ValidationError.Invalid(WasmErrorKind.UnknownLabel, _instructionOffset, $"unknown label {depth} in function {_functionIndex}");
        }
        return ref _controls[_controlCount - 1 - (int)depth];
    }

    private ReadOnlySpan<ValueType> Parameters(in ControlFrame frame) =>
        frame.TypeIndex >= 0 ? _types[frame.TypeIndex].Parameters : [];

    private ReadOnlySpan<ValueType> Results(in ControlFrame frame)
    {
        if (frame.TypeIndex >= 0) return _types[frame.TypeIndex].Results;
        return frame.SingleResult == 0 ? [] : SingleValue(frame.SingleResult);
    }

    /// <summary>What a branch to the frame carries: a loop's parameters, any other frame's results.</summary>
    private ReadOnlySpan<ValueType> LabelTypes(in ControlFrame frame) =>
        frame.Kind == ControlKind.Loop ? Parameters(in frame) : Results(in frame);

    private static ReadOnlySpan<ValueType> SingleValue(ValueType type) => type switch
    {
        ValueType.I32 => SingleI32,
        ValueType.I64 => SingleI64,
        ValueType.F32 => SingleF32,
        ValueType.F64 => SingleF64,
        ValueType.V128 => SingleV128,
        ValueType.FuncRef => SingleFuncRef,
        _ => SingleExternRef,
    };

    private static readonly ValueType[] SingleI32 = [ValueType.I32];
    private static readonly ValueType[] SingleI64 = [ValueType.I64];
    private static readonly ValueType[] SingleF32 = [ValueType.F32];
    private static readonly ValueType[] SingleF64 = [ValueType.F64];
    private static readonly ValueType[] SingleV128 = [ValueType.V128];
    private static readonly ValueType[] SingleFuncRef = [ValueType.FuncRef];
    private static readonly ValueType[] SingleExternRef = [ValueType.ExternRef];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowOperands()
    {
        uint limit = _limits.MaxOperandStackDepth;
        if ((uint)_operands.Length >= limit)
        {
            ValidationError.Limit(_limits, nameof(ValidationLimits.MaxOperandStackDepth), (ulong)_operands.Length + 1, limit,
                _instructionOffset, $"function {_functionIndex}");
        }
        int newLength = (int)Math.Min((ulong)_operands.Length * 2, limit);
        Array.Resize(ref _operands, Math.Max(newLength, 1));
    }

    [DoesNotReturn]
    private void ThrowTypeMismatch(ValueType expected, ValueType actual) =>
        ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
            $"type mismatch: expected {expected.ToWatName()}, found {actual.ToWatName()} in function {_functionIndex}");

    [DoesNotReturn]
    private void ThrowStackEmpty(ValueType expected) =>
        ValidationError.Invalid(WasmErrorKind.TypeMismatch, _instructionOffset,
            $"type mismatch: expected {(expected == Unknown ? "a value" : expected.ToWatName())}, found an empty stack in function {_functionIndex}");
}
