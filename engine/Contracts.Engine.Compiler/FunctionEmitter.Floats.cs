using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Float arithmetic and comparisons emitted inline instead of as <see cref="NumericOps"/> calls. Inlined by the .NET
/// JIT, each call brought its own temporaries (the canonicalization's bits), and a function with hundreds of float ops
/// ran past the JIT's limit of tracked locals, so its values lived in memory. Inline, every op of a width shares one
/// float temporary and the canonicalization (where the bits are read: FunctionEmitter.Canonical.cs) is <c>r == r ? bits(r) : canonical NaN</c> — the same predicate as
/// <see cref="NumericOps"/>' bit test (a value is unequal to itself exactly when it is a NaN), so the bits are the
/// same; the arithmetic is the same IL the C# compiler emits for <see cref="NumericOps"/>' expressions (the operator,
/// or the same <see cref="Math"/>/<see cref="MathF"/> method), so the rounding is too. Tests compare every op with
/// <see cref="NumericOps"/> on NaNs, infinities, zeros and subnormals.
/// </summary>
internal sealed partial class FunctionEmitter
{
    private enum FloatShape { Binary, Unary, Compare, Demote, Promote }

    /// <summary>How a float op is emitted inline: its width, shape, IL opcode (arithmetic, or comparison with whether
    /// its result is negated) or the Math method.</summary>
    private readonly record struct FloatForm(bool Wide, FloatShape Shape, OpCode Code = default, bool Negate = false, MethodInfo? Math = null);

    private static Dictionary<Op, FloatForm> ReadFloatForms()
    {
        var forms = new Dictionary<Op, FloatForm>();
        foreach (bool wide in (bool[])[false, true])
        {
            string prefix = wide ? "F64" : "F32";
            var math = wide ? typeof(Math) : typeof(MathF);
            var type = wide ? typeof(double) : typeof(float);
            void Add(string name, FloatForm form) => forms[Enum.Parse<Op>(prefix + name)] = form;
            Add("Add", new FloatForm(wide, FloatShape.Binary, OpCodes.Add));
            Add("Sub", new FloatForm(wide, FloatShape.Binary, OpCodes.Sub));
            Add("Mul", new FloatForm(wide, FloatShape.Binary, OpCodes.Mul));
            Add("Div", new FloatForm(wide, FloatShape.Binary, OpCodes.Div));
            // The methods NumericOps' Sqrt, Ceil, Floor, Trunc and Nearest call (Round without a mode: ties to even).
            foreach (var (name, method) in new[] { ("Ceil", "Ceiling"), ("Floor", "Floor"), ("Trunc", "Truncate"), ("Nearest", "Round") })
                Add(name, new FloatForm(wide, FloatShape.Unary, Math: math.GetMethod(method, [type])!));
            Add("Sqrt", new FloatForm(wide, FloatShape.Unary, Math: typeof(FunctionEmitter).GetMethod(nameof(Sqrt),
                BindingFlags.NonPublic | BindingFlags.Static, [type])!));
            // As the C# compiler emits a == b, a != b, a < b, a > b, a <= b, a >= b on floats (false on a NaN but for !=).
            Add("Eq", new FloatForm(wide, FloatShape.Compare, OpCodes.Ceq));
            Add("Ne", new FloatForm(wide, FloatShape.Compare, OpCodes.Ceq, Negate: true));
            Add("Lt", new FloatForm(wide, FloatShape.Compare, OpCodes.Clt));
            Add("Gt", new FloatForm(wide, FloatShape.Compare, OpCodes.Cgt));
            Add("Le", new FloatForm(wide, FloatShape.Compare, OpCodes.Cgt_Un, Negate: true));
            Add("Ge", new FloatForm(wide, FloatShape.Compare, OpCodes.Clt_Un, Negate: true));
        }
        forms[Op.F32DemoteF64] = new FloatForm(false, FloatShape.Demote);
        forms[Op.F64PromoteF32] = new FloatForm(true, FloatShape.Promote);
        return forms;
    }

    /// <summary>Math.Sqrt's result. The .NET JIT emits Math.Sqrt as <c>vsqrtsd dst, dst, src</c> when src stays live,
    /// taking dst's upper half from whatever dst held: in a loop that makes each square root wait for the previous
    /// iteration's last write of that register (nbody's inner loop ran a third slower for it). Sse2.SqrtScalar takes
    /// the upper half from its own operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sqrt(double value) =>
        Sse2.IsSupported ? Sse2.SqrtScalar(Vector128.CreateScalarUnsafe(value)).ToScalar() : Math.Sqrt(value);

    /// <summary>MathF.Sqrt's result, without the false dependency (see <see cref="Sqrt(double)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sqrt(float value) =>
        Sse.IsSupported ? Sse.SqrtScalar(Vector128.CreateScalarUnsafe(value)).ToScalar() : MathF.Sqrt(value);

    private static readonly MethodInfo DoubleFromBits = typeof(BitConverter).GetMethod(nameof(BitConverter.Int64BitsToDouble))!;
    private static readonly MethodInfo DoubleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!;
    private static readonly MethodInfo SingleFromBits = typeof(BitConverter).GetMethod(nameof(BitConverter.Int32BitsToSingle))!;
    private static readonly MethodInfo SingleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!;

    private void EmitFloat(FloatForm form, int at)
    {
        switch (form.Shape)
        {
            case FloatShape.Binary:
                LoadFloat(at, 2, form.Wide);
                LoadFloat(at, 3, form.Wide);
                _il.Emit(form.Code);
                EmitRawToSlot(at, form.Wide);
                break;
            case FloatShape.Unary:
                LoadFloat(at, 2, form.Wide);
                _il.Emit(OpCodes.Call, form.Math!);
                EmitRawToSlot(at, form.Wide);
                break;
            case FloatShape.Demote:
                LoadFloat(at, 2, wide: true);
                _il.Emit(OpCodes.Conv_R4);
                EmitRawToSlot(at, wide: false);
                break;
            case FloatShape.Promote:
                LoadFloat(at, 2, wide: false);
                _il.Emit(OpCodes.Conv_R8);
                EmitRawToSlot(at, wide: true);
                break;
            case FloatShape.Compare:
                LoadFloat(at, 2, form.Wide);
                LoadFloat(at, 3, form.Wide);
                _il.Emit(form.Code);
                if (form.Negate)
                {
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Ceq);
                }
                _il.Emit(OpCodes.Conv_U8);
                StoreBits(Word(at, 1));
                break;
        }
    }

    /// <summary>Pushes slot operand <paramref name="operand"/> as a float64 (its bits) or float32 (its low 32 bits).</summary>
    private void LoadFloat(int at, int operand, bool wide) => LoadSlotAsFloat(Word(at, operand), wide);

    /// <summary>Pushes slot <paramref name="slot"/> as a float64 (its bits) or float32 (its low 32 bits).</summary>
    private void LoadSlotAsFloat(int slot, bool wide)
    {
        if (wide && IsFloatCell(slot))
        {
            _il.Emit(OpCodes.Ldloc, Cell(slot));
            return;
        }
        LoadBits(slot);
        if (wide)
        {
            _il.Emit(OpCodes.Call, DoubleFromBits);
        }
        else
        {
            _il.Emit(OpCodes.Conv_U4);
            _il.Emit(OpCodes.Call, SingleFromBits);
        }
    }
}
