using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Model;
using System.Reflection;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// The two calling conventions of compiled functions. The <em>frame</em> convention (<see cref="CompiledCode"/>) is the
/// interpreter's: arguments and results in the value stack at the frame base, a status result (1: trapped). The
/// <em>direct</em> one, for calls between compiled functions of a module: <c>ulong f(context, long frame, ulong
/// argument…)</c> (<see cref="DepthAndBudget"/>: frame base, depth and native budget packed in one argument) returns
/// the single result's bits (0 without one); a trap unwinds as a <see cref="CompiledTrap"/> to the entry from the
/// interpreter or the host (<see cref="IlTier"/>), so no caller tests anything after a call. The frame base still
/// travels (packed): the callee's frame is where it writes the arguments of its own calls into the interpreter or the
/// host, and the value-stack checks (the interpreter's call-stack-exhausted point) are made against it exactly as before.
/// <para>In a module whose code charges fuel, the direct convention also carries the fuel: <c>f(context, frame,
/// long fuel, ulong argument…)</c> returns a <see cref="FuelAndBits"/> (on x64 Unix in two
/// registers), so a call between compiled functions neither stores the fuel to the store before it nor reads it back
/// after. The store's fuel is current only where compiled code leaves the module's direct calls: around helper,
/// host and interpreter calls, at a trap (<see cref="CompiledRuntime.Trap"/> records it) and when a frame entry returns.</para>
/// </summary>
internal static class CompiledCalls
{
    public static readonly Type[] FrameSignature = [typeof(InstanceContext), typeof(int), typeof(int), typeof(int)];

    /// <summary>The IL argument holding the packed frame base, depth and budget (<see cref="DepthAndBudget"/>) in the direct convention.</summary>
    public const int DepthAndBudgetArgument = 1;

    /// <summary>The IL argument holding the fuel in the direct convention of a module that charges fuel.</summary>
    public const int FuelArgument = 2;

    /// <summary>The IL argument holding the carried global (<see cref="CarriedGlobal"/>) in the direct convention.</summary>
    public static int CarriedArgument(bool fuelInArguments) => fuelInArguments ? FuelArgument + 1 : FuelArgument;

    /// <summary>The first IL argument holding a Wasm parameter in the direct convention.</summary>
    public static int FirstParameter(bool fuelInArguments, bool carriesGlobal) =>
        CarriedArgument(fuelInArguments) + (carriesGlobal ? 1 : 0);

    public static bool IsDirect(FunctionType type) => type.Results.Length <= 1;

    public static Type DirectReturn(bool fuelInArguments) => fuelInArguments ? typeof(FuelAndBits) : typeof(ulong);

    public static Type[] DirectSignature(FunctionType type, bool fuelInArguments, bool carriesGlobal) =>
        [typeof(InstanceContext), typeof(long), .. fuelInArguments ? new[] { typeof(long) } : [],
            .. carriesGlobal ? new[] { typeof(int) } : [],
            .. Enumerable.Repeat(typeof(ulong), type.Parameters.Length)];

    public static readonly System.Reflection.FieldInfo ReturnedBits = typeof(FuelAndBits).GetField(nameof(FuelAndBits.Bits))!;
    public static readonly System.Reflection.FieldInfo ReturnedFuel = typeof(FuelAndBits).GetField(nameof(FuelAndBits.Fuel))!;

    /// <summary>The frame entry of a direct method: arguments from the frame, the direct call, the result back to the frame base.</summary>
    public static void EmitFrameEntry(DynamicMethod entry, DynamicMethod direct, FunctionType type, bool fuelInArguments, int carriedGlobal,
        ImpliedHeightChecks? implied = null, int definedIndex = -1)
    {
        var il = entry.GetILGenerator();
        var slots = il.DeclareLocal(typeof(ulong[]));
        var result = il.DeclareLocal(typeof(ulong));
        var returned = il.DeclareLocal(typeof(FuelAndBits));
        var budget = il.DeclareLocal(typeof(int));
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Stloc, budget);
        if (implied is not null) ImpliedHeightChecks.EmitEntry(il, implied, definedIndex, carriedGlobal, budget);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.Stack))!);
        il.Emit(OpCodes.Ldfld, typeof(ExecutionStack).GetField(nameof(ExecutionStack.Slots))!);
        il.Emit(OpCodes.Stloc, slots);
        il.Emit(OpCodes.Ldarg_0);
        // Frame base, depth and budget packed, the budget capped (DepthAndBudget: what stands for the depth check in
        // direct calls; ImpliedHeightChecks: what stands for the counter's entry checks).
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, budget);
        il.Emit(OpCodes.Call, PackDepthAndBudget);
        if (fuelInArguments)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.Store))!);
            il.Emit(OpCodes.Callvirt, StoreFuel.GetGetMethod()!);
        }
        var carried = il.DeclareLocal(typeof(int));
        if (carriedGlobal >= 0)
        {
            EmitCarriedGlobalObject(il, carriedGlobal);
            il.Emit(OpCodes.Ldfld, GlobalBits);
            il.Emit(OpCodes.Conv_I4);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Stloc, carried);
        }
        for (int i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, slots);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i * CompiledFunction.WordsPerCell);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldelem_I8);
        }
        il.Emit(OpCodes.Call, direct);
        if (fuelInArguments)
        {
            il.Emit(OpCodes.Stloc, returned);
            il.Emit(OpCodes.Ldloc, returned);
            il.Emit(OpCodes.Ldfld, ReturnedBits);
        }
        il.Emit(OpCodes.Stloc, result);
        if (fuelInArguments)
        {
            // The fuel left goes back to the store (a trap, which unwinds past here, has put it there already).
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.Store))!);
            il.Emit(OpCodes.Ldloc, returned);
            il.Emit(OpCodes.Ldfld, ReturnedFuel);
            il.Emit(OpCodes.Callvirt, StoreFuel.GetSetMethod()!);
        }
        if (carriedGlobal >= 0)
        {
            // The callee is balanced: the global's value is the one it was given (its Global may hold a value written
            // deeper in the calls).
            EmitCarriedGlobalObject(il, carriedGlobal);
            il.Emit(OpCodes.Ldloc, carried);
            il.Emit(OpCodes.Conv_U8);
            il.Emit(OpCodes.Stfld, GlobalBits);
        }
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
    }

    /// <summary>Pushes the carried global's <c>Global</c> object: context.Instance.Globals[index].</summary>
    internal static void EmitCarriedGlobalObject(ILGenerator il, int index)
    {
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.Instance))!);
        il.Emit(OpCodes.Ldfld, typeof(Instance).GetField(nameof(Instance.Globals), BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!);
        il.Emit(OpCodes.Ldc_I4, index);
        il.Emit(OpCodes.Ldelem_Ref);
    }

    internal static readonly FieldInfo GlobalBits = typeof(Global).GetField(nameof(Global.Bits), BindingFlags.Instance | BindingFlags.NonPublic)!;

    public static readonly MethodInfo PackDepthAndBudget = typeof(DepthAndBudget).GetMethod(nameof(DepthAndBudget.Pack))!;

    public static readonly System.Reflection.PropertyInfo StoreFuel = typeof(Store).GetProperty(nameof(Store.Fuel))!;
}

/// <summary>What a direct method of a module that charges fuel returns: its result's bits (0 without one) and the fuel left
/// (anything after a trap: the store has it then).</summary>
internal struct FuelAndBits
{
    public ulong Bits;
    public long Fuel;
}
