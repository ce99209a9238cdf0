using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// The value stack's room for a direct method's callees, checked once on entry instead of at every call.
/// <para>A call within the module needs its callee's frame (<c>frameBase + argBase + callee.FrameSize</c> words) in the
/// value stack; the interpreter checks that at the call, after the depth limit, and grows the stack or traps. A direct
/// method whose code calls within the module checks instead, on entry, that the stack already holds the furthest frame
/// any of its call sites can need (<see cref="CalleeFramesEnd"/>); the stack only ever grows, so then every site's check
/// would pass and none is made. When it does not, the method hands the call to its <em>room entry</em>
/// (<see cref="EmitRoomEntry"/>, a second method of the same signature, compiled by the .NET JIT only when first
/// called), which grows the stack to that end and calls the method again, or, when that is past the stack's limit,
/// has the interpreter run the function, which makes each call's checks where the interpreter makes them and traps
/// there. Either way no helper call is left on the method's own paths, so nothing it holds (the fuel, the packed depth
/// and budget) has to live across one: the .NET JIT spilled the fuel to the stack for the growth call of every call site.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // The end (in words past the frame base) of the furthest callee frame this function's module-internal call sites
    // need, checked once on entry (direct methods only; 0: no such site, or the sites check for themselves).
    private int _roomAtEntry;
    private Label _roomLabel;

    /// <summary>The furthest end of a callee frame over the function's calls within the module: every <c>call</c> of a
    /// defined function and every candidate of a call_indirect's switch (<see cref="IndirectCandidates"/>).</summary>
    private int CalleeFramesEnd()
    {
        var code = _function.Code;
        int end = 0;
        foreach (int at in RegisterCode.Ops(code))
        {
            switch ((Op)code[at])
            {
                case Op.CallInternal:
                    end = Math.Max(end, Word(at, 2) + _module.Functions[Word(at, 1)].FrameSize);
                    break;
                case Op.CallIndirect:
                    foreach (int candidate in IndirectCandidates(Word(at, 1)))
                        end = Math.Max(end, Word(at, 4) + _module.Functions[candidate].FrameSize);
                    break;
            }
        }
        return end;
    }

    /// <summary>On entry of a direct method with calls within the module: the room check, its failure out of line
    /// (<see cref="EmitRoomTail"/>).</summary>
    private void EmitRoomCheck()
    {
        _roomAtEntry = _direct ? CalleeFramesEnd() : 0;
        if (_roomAtEntry == 0) return;
        _roomLabel = _il.DefineLabel();
        EmitFrameEndAndSlots(_roomAtEntry);
        _il.Emit(OpCodes.Bgt, _roomLabel);
    }

    /// <summary>The room check's failure: the same call, every argument as it came, made through the room entry.</summary>
    private void EmitRoomTail()
    {
        if (_roomAtEntry == 0) return;
        _il.MarkLabel(_roomLabel);
        var self = _directMethods[_function.DefinedIndex]!;
        var room = new DynamicMethod(self.Name + "_room", self.ReturnType, DirectParameterTypes(), typeof(ModuleCompiler).Module,
            skipVisibility: true);
        EmitRoomEntry(room, self);
        int arguments = DirectParameterTypes().Length;
        for (int i = 0; i < arguments; i++) _il.Emit(OpCodes.Ldarg, (short)i);
        _il.Emit(OpCodes.Call, room);
        _il.Emit(OpCodes.Ret);
    }

    private Type[] DirectParameterTypes() =>
        CompiledCalls.DirectSignature(_function.Type, _fuelInArguments, _carried >= 0);

    /// <summary>
    /// The room entry of direct method <paramref name="self"/>: grows the value stack to <see cref="_roomAtEntry"/> past
    /// the frame base and calls <paramref name="self"/> again; past the stack's limit, the interpreter runs the function
    /// in its frame (arguments written there, the fuel and the carried global handed over through the store and their
    /// <c>Global</c>, as around any call into the interpreter), at this frame's depth, and the result and the fuel left
    /// are read back.
    /// </summary>
    private void EmitRoomEntry(DynamicMethod room, DynamicMethod self)
    {
        var il = room.GetILGenerator();
        var types = DirectParameterTypes();
        var interpret = il.DefineLabel();
        var trapped = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldc_I4, _roomAtEntry);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.EnsureSlots)));
        il.Emit(OpCodes.Brfalse, interpret);
        for (int i = 0; i < types.Length; i++) il.Emit(OpCodes.Ldarg, (short)i);
        il.Emit(OpCodes.Call, self);
        il.Emit(OpCodes.Ret);

        il.MarkLabel(interpret);
        if (_fuelInArguments)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Store)));
            il.Emit(OpCodes.Ldarg, (short)CompiledCalls.FuelArgument);
            il.Emit(OpCodes.Callvirt, CompiledCalls.StoreFuel.GetSetMethod()!);
        }
        if (_carried >= 0)
        {
            CompiledCalls.EmitCarriedGlobalObject(il, _carried);
            il.Emit(OpCodes.Ldarg, (short)CompiledCalls.CarriedArgument(_fuelInArguments));
            il.Emit(OpCodes.Conv_U8);
            il.Emit(OpCodes.Stfld, CompiledCalls.GlobalBits);
        }
        var slots = il.DeclareLocal(typeof(ulong[]));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Stack)));
        il.Emit(OpCodes.Ldfld, Field(typeof(ExecutionStack), nameof(ExecutionStack.Slots)));
        il.Emit(OpCodes.Stloc, slots);
        int first = CompiledCalls.FirstParameter(_fuelInArguments, _carried >= 0);
        for (int i = 0; i < _function.Type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, slots);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i * CompiledFunction.WordsPerCell);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldarg, (short)(first + i));
            il.Emit(OpCodes.Stelem_I8);
        }
        // The interpreter's frame stack holds depth − 1 frames below this one (RunNested's depth is its caller's).
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, _function.DefinedIndex);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, Method(typeof(DepthAndBudget), nameof(DepthAndBudget.Depth)));
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, Method(typeof(DepthAndBudget), nameof(DepthAndBudget.Budget)));
        il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.CallInterpreted)));
        il.Emit(OpCodes.Brtrue, trapped);
        // Returned: the result from the frame base (the stack may have grown: its slots are read again), the fuel left
        // from the store; the function is balanced, so the carried global is as it was given (CarriedGlobal).
        var returned = il.DeclareLocal(typeof(FuelAndBits));
        il.Emit(OpCodes.Ldloca, returned);
        if (_function.Type.Results.Length == 1)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Stack)));
            il.Emit(OpCodes.Ldfld, Field(typeof(ExecutionStack), nameof(ExecutionStack.Slots)));
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldelem_I8);
        }
        else
        {
            il.Emit(OpCodes.Ldc_I8, 0L);
        }
        il.Emit(OpCodes.Stfld, CompiledCalls.ReturnedBits);
        if (_fuelInArguments)
        {
            il.Emit(OpCodes.Ldloca, returned);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Store)));
            il.Emit(OpCodes.Callvirt, CompiledCalls.StoreFuel.GetGetMethod()!);
            il.Emit(OpCodes.Stfld, CompiledCalls.ReturnedFuel);
            il.Emit(OpCodes.Ldloc, returned);
        }
        else
        {
            il.Emit(OpCodes.Ldloc, returned);
            il.Emit(OpCodes.Ldfld, CompiledCalls.ReturnedBits);
        }
        il.Emit(OpCodes.Ret);

        // Trapped (the trap is in the context, the fuel and the carried global where the interpreter left them): any value.
        il.MarkLabel(trapped);
        if (_fuelInArguments)
        {
            il.Emit(OpCodes.Ldloca, returned);
            il.Emit(OpCodes.Initobj, typeof(FuelAndBits));
            il.Emit(OpCodes.Ldloc, returned);
        }
        else
        {
            il.Emit(OpCodes.Ldc_I8, 0L);
        }
        il.Emit(OpCodes.Ret);
    }
}
