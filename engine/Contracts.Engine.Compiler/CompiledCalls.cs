using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Model;

namespace Contracts.Engine.Compiler;

/// <summary>
/// The two calling conventions of compiled functions. The <em>frame</em> convention (<see cref="CompiledCode"/>) is the
/// interpreter's: arguments and results in the value stack at the frame base, a status result (1: trapped). The
/// <em>direct</em> one, for calls between compiled functions of a module: <c>ulong f(context, frameBase, depth,
/// nativeBudget, ulong argument…)</c> returns the single result's bits (0 without one); a trap leaves
/// <see cref="InstanceContext.PendingTrap"/> set, which the caller tests after the call. The frame base still travels:
/// the callee's frame is where it writes the arguments of its own calls into the interpreter or the host, and the
/// value-stack checks (the interpreter's call-stack-exhausted point) are made against it exactly as before.
/// </summary>
internal static class CompiledCalls
{
    public static readonly Type[] FrameSignature = [typeof(InstanceContext), typeof(int), typeof(int), typeof(int)];

    /// <summary>The first IL argument holding a Wasm parameter in the direct convention.</summary>
    public const int FirstParameter = 4;

    public static bool IsDirect(FunctionType type) => type.Results.Length <= 1;

    public static Type[] DirectSignature(FunctionType type) =>
        [.. FrameSignature, .. Enumerable.Repeat(typeof(ulong), type.Parameters.Length)];

    /// <summary>The frame entry of a direct method: arguments from the frame, the direct call, the result back to the frame base.</summary>
    public static void EmitFrameEntry(DynamicMethod entry, DynamicMethod direct, FunctionType type)
    {
        var il = entry.GetILGenerator();
        var slots = il.DeclareLocal(typeof(ulong[]));
        var result = il.DeclareLocal(typeof(ulong));
        var trapped = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.Stack))!);
        il.Emit(OpCodes.Ldfld, typeof(ExecutionStack).GetField(nameof(ExecutionStack.Slots))!);
        il.Emit(OpCodes.Stloc, slots);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_3);
        for (int i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, slots);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i * CompiledFunction.WordsPerCell);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldelem_I8);
        }
        il.Emit(OpCodes.Call, direct);
        il.Emit(OpCodes.Stloc, result);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.PendingTrap))!);
        il.Emit(OpCodes.Brtrue, trapped);
        if (type.Results.Length == 1)
        {
            // The callee may have grown the value stack: the slots are read again.
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.Stack))!);
            il.Emit(OpCodes.Ldfld, typeof(ExecutionStack).GetField(nameof(ExecutionStack.Slots))!);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Stelem_I8);
        }
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(trapped);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
    }
}
