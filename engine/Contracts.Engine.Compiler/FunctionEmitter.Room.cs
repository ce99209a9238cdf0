using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// The value stack's room for a direct method's callees, checked once on entry instead of at every call.
/// <para>A call within the module needs its callee's frame (<c>frameBase + argBase + callee.FrameSize</c> words) in the
/// value stack; the interpreter checks that at the call, after the depth limit, and grows the stack or traps past its
/// limit. A direct method whose code calls within the module checks instead, on entry, that the furthest frame any of
/// its call sites can need (<see cref="CalleeFramesEnd"/>) is within the stack's limit
/// (<see cref="InstanceContext.MaxSlots"/>, one load from the context); then every site's check would pass, and none is
/// made. Direct calls do not use the value stack, so its array is not grown for them: a direct method's frame lies
/// within the limit but not necessarily within the array, and the paths that do write a frame (calls into the
/// interpreter, the host, other modules or a frame-convention callee) grow the array first (<see cref="EmitSlotRoom"/>:
/// within the limit, it cannot fail there). When the entry check fails, the method hands the call to its <em>room
/// entry</em> (<see cref="EmitRoomEntry"/>, a second method of the same signature, compiled by the .NET JIT only when
/// first called), which has the interpreter run the function: it makes each call's checks where the interpreter makes
/// them and traps there. No helper call is left on the method's own paths, so nothing it holds (the fuel, the packed
/// depth and budget) has to live across one.</para>
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

    /// <summary>On entry of a direct method with calls within the module: the room check against the stack's limit, its
    /// failure out of line (<see cref="EmitRoomTail"/>).</summary>
    private void EmitRoomCheck()
    {
        _roomAtEntry = _direct ? CalleeFramesEnd() : 0;
        if (_roomAtEntry == 0) return;
        _roomLabel = _il.DefineLabel();
        EmitFrameIndex(_roomAtEntry);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.MaxSlots)));
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
        EmitRoomEntry(room);
        int arguments = DirectParameterTypes().Length;
        for (int i = 0; i < arguments; i++) _il.Emit(OpCodes.Ldarg, (short)i);
        _il.Emit(OpCodes.Call, room);
        _il.Emit(OpCodes.Ret);
    }

    private Type[] DirectParameterTypes() =>
        CompiledCalls.DirectSignature(_function.Type, _fuelInArguments, _counterArgument);

    /// <summary>
    /// The room entry of this direct method, called when a callee frame would end past the value
    /// stack's limit: the interpreter runs the function in its frame (the array grown to hold it — the caller's check
    /// put it within the limit, so that cannot fail —, arguments written there, the fuel and the carried global handed
    /// over through the store and their <c>Global</c>, as around any call into the interpreter), at this frame's depth,
    /// and the result and the fuel left are read back.
    /// </summary>
    private void EmitRoomEntry(DynamicMethod room)
    {
        var il = room.GetILGenerator();
        var trapped = il.DefineLabel();
        var frameBase = Method(typeof(DepthAndBudget), nameof(DepthAndBudget.FrameBase));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, frameBase);
        il.Emit(OpCodes.Ldc_I4, _function.FrameSize);
        il.Emit(OpCodes.Add);
        // Within the limit (see above): true.
        il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.EnsureSlots)));
        il.Emit(OpCodes.Pop);
        if (_fuelInArguments)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Store)));
            il.Emit(OpCodes.Ldarg, (short)CompiledCalls.FuelArgument);
            il.Emit(OpCodes.Callvirt, CompiledCalls.StoreFuel.GetSetMethod()!);
        }
        if (_counterArgument)
        {
            CompiledCalls.EmitCarriedGlobalObject(il, _carried >= 0 ? _carried : _counterAtRest);
            il.Emit(OpCodes.Ldarg, (short)CompiledCalls.CarriedArgument(_fuelInArguments));
            il.Emit(OpCodes.Conv_U8);
            il.Emit(OpCodes.Stfld, CompiledCalls.GlobalBits);
        }
        var slots = il.DeclareLocal(typeof(ulong[]));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Stack)));
        il.Emit(OpCodes.Ldfld, Field(typeof(ExecutionStack), nameof(ExecutionStack.Slots)));
        il.Emit(OpCodes.Stloc, slots);
        int first = CompiledCalls.FirstParameter(_fuelInArguments, _counterArgument);
        for (int i = 0; i < _function.Type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, slots);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, frameBase);
            il.Emit(OpCodes.Ldc_I4, i * CompiledFunction.WordsPerCell);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldarg, (short)(first + i));
            il.Emit(OpCodes.Stelem_I8);
        }
        // The interpreter's frame stack holds depth − 1 frames below this one (RunNested's depth is its caller's).
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, _function.DefinedIndex);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, frameBase);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, Method(typeof(DepthAndBudget), nameof(DepthAndBudget.Depth)));
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Ldarg_1);
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
            il.Emit(OpCodes.Call, frameBase);
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

        // Trapped (the trap is in the context, the fuel and the carried global where the interpreter left them): it unwinds.
        il.MarkLabel(trapped);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, Method(typeof(CompiledTrap), nameof(CompiledTrap.FromContext)));
        il.Emit(OpCodes.Throw);
    }
}
