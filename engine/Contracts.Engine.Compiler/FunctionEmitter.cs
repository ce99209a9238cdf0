using System.Reflection;
using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Emits the IL of one function from its register code, op by op, reading operands as <see cref="OpLayout"/> describes
/// them. Every value cell of the frame becomes a <c>ulong</c> local (the cell's first word, all a scalar has), so the
/// JIT keeps them in registers; the frame in the value stack is used only where the interpreter's frames meet —
/// parameters on entry, arguments and results around calls, results on return. Semantics are the interpreter's:
/// float and conversion ops call the same <see cref="NumericOps"/> method as its case (found by the op's name),
/// integer ops are the same C# operators as IL opcodes, fuel prefixes charge at the same points, and every trap
/// names the same kind, function and instruction offset.
/// </summary>
internal sealed partial class FunctionEmitter
{
    private readonly Module _module;
    private readonly CompiledFunction _function;
    private readonly DynamicMethod?[] _entries, _directMethods;
    private readonly int[] _costs;
    // Per defined function, whether calling it may move memory 0 (MemoryMovers): only then is the cached base reloaded.
    private readonly bool[] _memoryMovers;
    // This function's own convention (CompiledCalls): direct (parameters as IL arguments, the result returned, traps in
    // the context) or the frame's.
    private readonly bool _direct;
    private readonly ILGenerator _il;
    private readonly LocalBuilder[] _cells;
    private readonly bool[] _floatCells;
    private readonly LocalBuilder _fuel, _memoryBase, _memoryLength, _globals, _address, _kind;
    // The frame's base, depth and native budget, packed (DepthAndBudget).
    private readonly LocalBuilder _depthAndBudget;
    // Per access size the function uses (1, 2, 4, 8): memory length − size, as a signed 64-bit limit reloaded with the
    // length, so a bounds check is one compare of the address against it (negative when the memory is smaller).
    private readonly Dictionary<int, LocalBuilder> _accessLimits = [];
    private readonly Dictionary<(Type, int), LocalBuilder> _temporaries = [];
    private readonly Dictionary<int, LocalBuilder> _globalLocals = [];
    // Per table a call_indirect reads, a local holding its Table (an instance's Table objects never change).
    private readonly Dictionary<int, LocalBuilder> _tableLocals = [];
    private readonly Dictionary<int, Label> _labels = [];
    // Per trap kind, offset and whether the fuel and the carried global were handed over before it (EmitLeave).
    private readonly Dictionary<(int Kind, int Offset, bool Left), Label> _trapStubs = [];
    private readonly List<(Label Label, int Offset)> _dynamicTrapStubs = [];
    private readonly Label _propagate;
    // What the function touches (see Uses): a function that never charges fuel, reads memory or globals does not
    // load or store them in its prologue and around its calls.
    private readonly bool _chargesFuel, _usesMemory, _usesGlobals;
    // Whether the module's direct methods carry the fuel as an argument and in their return value (CompiledCalls): then
    // every compiled function of the module holds the fuel in its local, charging or not.
    private readonly bool _fuelInArguments;
    // Whether the fuel lives in _fuel (else the store's is always current: nothing here charges or passes it).
    private readonly bool _holdsFuel;
    // The global the module's compiled functions carry in an IL argument and a local (CarriedGlobal), or -1.
    private readonly int _carried;
    private readonly LocalBuilder? _carriedValue;

    public FunctionEmitter(Module module, CompiledFunction function, DynamicMethod method, bool direct, DynamicMethod?[] entries,
        DynamicMethod?[] directMethods, int[] costs, bool[] memoryMovers, bool fuelInArguments, int carriedGlobal,
        (long Amount, int At)[]?[] prepaidLeaves)
        : this(module, function, method.GetILGenerator(64 + function.Code.Length * 12), direct, entries, directMethods, costs,
            memoryMovers, fuelInArguments, carriedGlobal, prepaidLeaves)
    {
    }

    /// <summary>An emitter writing into <paramref name="il"/>: a method's own, or a caller's that a leaf is inlined into
    /// (FunctionEmitter.InlinedLeaves.cs).</summary>
    private FunctionEmitter(Module module, CompiledFunction function, ILGenerator il, bool direct, DynamicMethod?[] entries,
        DynamicMethod?[] directMethods, int[] costs, bool[] memoryMovers, bool fuelInArguments, int carriedGlobal,
        (long Amount, int At)[]?[] prepaidLeaves)
    {
        _module = module;
        _function = function;
        _direct = direct;
        _entries = entries;
        _directMethods = directMethods;
        _costs = costs;
        _memoryMovers = memoryMovers;
        _il = il;
        _floatCells = FloatCells(function);
        _cells = new LocalBuilder[function.FrameSize / CompiledFunction.WordsPerCell];
        for (int i = 0; i < _cells.Length; i++) _cells[i] = _il.DeclareLocal(_floatCells[i] ? typeof(double) : typeof(ulong));
        _fuel = _il.DeclareLocal(typeof(long));
        _depthAndBudget = _il.DeclareLocal(typeof(long));
        _memoryBase = _il.DeclareLocal(typeof(byte).MakeByRefType());
        _memoryLength = _il.DeclareLocal(typeof(ulong));
        _globals = _il.DeclareLocal(typeof(Global[]));
        _address = _il.DeclareLocal(typeof(ulong));
        _kind = _il.DeclareLocal(typeof(int));
        _propagate = _il.DefineLabel();
        (_chargesFuel, _usesMemory, _) = Uses(function.Code);
        // A prepaid leaf's direct method: its callers make its charges, and it takes neither the fuel nor the counter
        // (FunctionEmitter.PrepaidLeaves.cs).
        _prepaidLeaves = prepaidLeaves;
        _prepaid = direct && prepaidLeaves[function.DefinedIndex] is not null;
        if (_prepaid)
        {
            _chargesFuel = false;
            fuelInArguments = false;
            carriedGlobal = -1;
        }
        foreach (int at in RegisterCode.Ops(function.Code))
        {
            if (AccessSize((Op)function.Code[at]) is var size and > 0 && !_accessLimits.ContainsKey(size))
                _accessLimits[size] = _il.DeclareLocal(typeof(long));
        }
        _fuelInArguments = fuelInArguments;
        _holdsFuel = _chargesFuel || fuelInArguments;
        // The direct convention passes the counter to every non-prepaid function of the module (CarriedGlobal); one
        // that passes it to no callee keeps it in its Global instead (CounterAtRest.cs).
        _counterArgument = carriedGlobal >= 0;
        _counterAtRest = direct && carriedGlobal >= 0 && KeepsCounterAtRest(function, directMethods, prepaidLeaves) ? carriedGlobal : -1;
        _carried = _counterAtRest >= 0 ? -1 : carriedGlobal;
        // Every function of the module carries the global (its callees may use it), whether or not it touches it.
        if (_carried >= 0) _carriedValue = _il.DeclareLocal(typeof(int));
        _usesGlobals = GlobalsUsed(function.Code, _carried).Count > 0;
        _handsOverFirst = direct && fuelInArguments && PassesFuelToEveryCall(function.Code, directMethods, prepaidLeaves);
    }

    /// <summary>Whether <paramref name="code"/> charges fuel (prefixes, the fuel intrinsic), accesses memory 0 through
    /// the cached base and length (loads, stores, memory.size), or reads or writes globals.</summary>
    internal static (bool ChargesFuel, bool UsesMemory, bool UsesGlobals) Uses(int[] code)
    {
        bool fuel = false, memory = false, globals = false;
        foreach (int at in RegisterCode.Ops(code))
        {
            switch ((Op)code[at])
            {
                case Op.ConsumeFuel or Op.ConsumeFuelSlot:
                    fuel = true;
                    break;
                case Op.I32Load or Op.I64Load or Op.I32Load8S or Op.I32Load8U or Op.I32Load16S or Op.I32Load16U
                    or Op.I64Load8S or Op.I64Load8U or Op.I64Load16S or Op.I64Load16U or Op.I64Load32S or Op.I64Load32U
                    or Op.Store8 or Op.Store16 or Op.Store32 or Op.Store64 or Op.MemorySize:
                    memory = true;
                    break;
                case Op.GlobalGet or Op.GlobalSet or Op.GlobalAddImm or Op.GlobalAddBrIfLeU:
                    globals = true;
                    break;
            }
        }
        // A fuel prefix word (negative) charges fuel too.
        if (!fuel) fuel = RegisterCode.HasFuelPrefix(code);
        return (fuel, memory, globals);
    }

    /// <summary>The indices of the globals <paramref name="code"/> reads or writes, in order.</summary>
    private static SortedSet<int> GlobalsUsed(int[] code, int carried)
    {
        var used = new SortedSet<int>();
        foreach (int at in RegisterCode.Ops(code))
        {
            switch ((Op)code[at])
            {
                case Op.GlobalGet:
                    used.Add(code[at + 2]);
                    break;
                case Op.GlobalSet or Op.GlobalAddImm or Op.GlobalAddBrIfLeU:
                    used.Add(code[at + 1]);
                    break;
            }
        }
        used.Remove(carried);
        return used;
    }

    public void Emit()
    {
        var code = _function.Code;
        var targets = BranchTargets(code);
        foreach (int target in targets) _labels[target] = _il.DefineLabel();
        // Loops and runs emitted twice, a copy without bounds checks first (FunctionEmitter.Loops.cs); their ends get labels.
        var checkFreeLoops = CheckFreeLoops.Find(code, targets);
        var checkFreeRuns = CheckFreeRuns.Find(code, targets, checkFreeLoops);
        foreach (var part in checkFreeLoops.Values.Concat(checkFreeRuns.Values)) _labels.TryAdd(part.End, _il.DefineLabel());
        foreach (int header in checkFreeLoops.Keys) _loopEntries[header] = _il.DefineLabel();
        _constantAddresses = ConstantAddresses.Addresses(_function, MinimumMemoryBytes());
        _alwaysInBounds = [.. _constantAddresses.Keys];
        _alwaysInBounds.UnionWith(BoundedAddresses.InBounds(_function, targets, MinimumMemoryBytes()));
        (_singleEdgeTargets, _joinCharges) = EdgeTargets(code, checkFreeLoops.Values.Concat(checkFreeRuns.Values));
        var cellWrites = CountCellWrites(code);
        FindRematerialized(code, targets, cellWrites);
        checkFreeRuns = WithGroupsRebased(WithRematerializedBasesMerged(checkFreeRuns));
        checkFreeLoops = WithGroupsRebased(checkFreeLoops);
        FindFusedCompares(targets);
        FindReloadedLoads(code, targets, cellWrites);
        EmitPrologue();
        int at = 0;
        while (at < code.Length)
        {
            if (_labels.TryGetValue(at, out var label))
            {
                // Pending fuel charges are checked on the way in, or carried by the one branch here (FunctionEmitter.Fuel.cs).
                AtLabelCharges(at);
                // Every label is reached with every cell canonical (see FunctionEmitter.Canonical.cs).
                EmitCanonicalAll();
                if (checkFreeLoops.TryGetValue(at, out var loop))
                {
                    _deferCharges = false;
                    EmitCheckFreeLoop(loop, label);
                    _deferCharges = true;
                }
                MarkRunLabel(label);
            }
            if (checkFreeRuns.TryGetValue(at, out var run))
            {
                // Code emitted twice makes each charge where it stands; both copies start from what is pending here.
                _deferCharges = false;
                at = EmitCheckFreeRun(run);
                _deferCharges = true;
            }
            else
            {
                at = EmitStep(at);
            }
        }
        EmitCanonicalAll();
        // Code never runs off its end (every path ends in a return or a branch), but the IL must not either.
        _il.Emit(OpCodes.Br, _propagate);
        EmitEdgeCharges();
        EmitChargeChains();
        EmitLeafChargeChains();
        EmitDeferredTrapExits();
        // Traps unwind (CompiledTrap): each stub throws, out of the hot path, and is no return the JIT would merge.
        foreach (var ((kind, offset, left), stub) in _trapStubs)
        {
            _il.MarkLabel(stub);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldc_I4, kind);
            EmitTrapTail(offset, _function.FunctionIndex, kind == (int)TrapKind.OutOfFuel, left);
        }
        foreach (var (stub, offset) in _dynamicTrapStubs)
        {
            _il.MarkLabel(stub);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, _kind);
            EmitTrapTail(offset, _function.FunctionIndex, outOfFuel: false, left: false);
        }
        // A helper call returned "trapped" (the trap in the context): it unwinds from here.
        _il.MarkLabel(_propagate);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Call, Method(typeof(CompiledTrap), nameof(CompiledTrap.FromContext)));
        _il.Emit(OpCodes.Throw);
        EmitRoomTail();
    }

    /// <summary>Emits the fuel prefix or op at <paramref name="at"/>; returns the position after it.</summary>
    private int EmitStep(int at)
    {
        var code = _function.Code;
        if (code[at] < 0)
        {
            EmitFuelCharge(code[at], at);
            return at + 1;
        }
        var op = (Op)code[at];
        BeforeOpCharges(op, at);
        EmitCanonicalBefore(op, at);
        _emittingAt = at;
        EmitOp(op, at);
        _emittingAt = -1;
        AfterOpCharges();
        NoteCanonicalAfter(op, at);
        NoteZeroExtension(op, at);
        return at + OpLayout.Width(code, at);
    }

    /// <summary>A trap's tail (the context and the kind pushed): it traps in function <paramref name="functionIndex"/>
    /// (this one's, or a prepaid leaf's that this one charges for) at <paramref name="offset"/>. In a function that hands
    /// the fuel over first (FunctionEmitter.HandOver.cs) out of fuel reads no fuel (it leaves 0 whatever the fuel was:
    /// <see cref="CompiledRuntime.Trap"/>), and a trap after <see cref="EmitLeave"/> (<paramref name="left"/>) finds the
    /// fuel in the store and the carried global in its <c>Global</c>.</summary>
    private void EmitTrapTail(int offset, int functionIndex, bool outOfFuel, bool left)
    {
        // A trap is seen from outside: the carried global's Global gets this frame's value (frames above it propagate
        // the trap without writing).
        if (!left) EmitStoreCarried();
        _il.Emit(OpCodes.Ldc_I4, functionIndex);
        _il.Emit(OpCodes.Ldc_I4, offset);
        if (outOfFuel && _handsOverFirst)
        {
            _il.Emit(OpCodes.Ldc_I8, 0L);
        }
        else if (_holdsFuel && !left)
        {
            _il.Emit(OpCodes.Ldloc, _fuel);
        }
        else
        {
            // The store's fuel is current: this function never holds it in its local, or has handed it over.
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Store)));
            _il.Emit(OpCodes.Callvirt, typeof(Store).GetProperty(nameof(Store.Fuel))!.GetGetMethod()!);
        }
        _il.Emit(OpCodes.Call, Method(typeof(CompiledTrap), nameof(CompiledTrap.At)));
        _il.Emit(OpCodes.Throw);
    }

    /// <summary>Every position a branch lands on (prefix words included), as <see cref="OpLayout.Verify"/> walks them.</summary>
    internal static HashSet<int> BranchTargets(int[] code)
    {
        var targets = new HashSet<int>();
        foreach (int at in RegisterCode.Ops(code))
            foreach (int offset in RegisterCode.BranchOffsets(code, at)) targets.Add(at + offset);
        return targets;
    }

    private void EmitPrologue()
    {
        // The value stack's room for every callee frame (FunctionEmitter.Room.cs); fuel = context.Store.Fuel; globals =
        // context.Instance.Globals; memory (each if used); parameters from the frame; constants.
        EmitRoomCheck();
        if (_direct)
        {
            _il.Emit(OpCodes.Ldarg_1);
        }
        else
        {
            // The frame convention's frame base, depth and budget, packed with the budget capped (see DepthAndBudget).
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldarg_3);
            _il.Emit(OpCodes.Call, CompiledCalls.PackDepthAndBudget);
        }
        _il.Emit(OpCodes.Stloc, _depthAndBudget);
        if (_direct && _fuelInArguments)
        {
            _il.Emit(OpCodes.Ldarg, (short)CompiledCalls.FuelArgument);
            _il.Emit(OpCodes.Stloc, _fuel);
        }
        else
        {
            EmitLoadFuel();
        }
        if (_carried >= 0 && _direct)
        {
            _il.Emit(OpCodes.Ldarg, (short)CompiledCalls.CarriedArgument(_fuelInArguments));
            _il.Emit(OpCodes.Stloc, _carriedValue!);
        }
        else
        {
            EmitLoadCarried();
        }
        EmitCounterToRest();
        if (_usesGlobals)
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Instance)));
            _il.Emit(OpCodes.Ldfld, Field(typeof(Instance), nameof(Instance.Globals)));
            _il.Emit(OpCodes.Stloc, _globals);
            // Each global the function uses, in a local of its own: an instance's Global objects never change.
            foreach (int index in GlobalsUsed(_function.Code, _carried))
            {
                // The counter at rest's Global is read where it is used (CounterAtRest.cs).
                if (index == _counterAtRest) continue;
                var global = _il.DeclareLocal(typeof(Global));
                _il.Emit(OpCodes.Ldloc, _globals);
                _il.Emit(OpCodes.Ldc_I4, index);
                _il.Emit(OpCodes.Ldelem_Ref);
                _il.Emit(OpCodes.Stloc, global);
                _globalLocals[index] = global;
            }
        }
        EmitReloadMemory();
        foreach (int at in RegisterCode.Ops(_function.Code))
        {
            if ((Op)_function.Code[at] != Op.CallIndirect || _tableLocals.ContainsKey(_function.Code[at + 2])) continue;
            var table = _il.DeclareLocal(typeof(Table));
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Instance)));
            _il.Emit(OpCodes.Ldfld, Field(typeof(Instance), nameof(Instance.Tables)));
            _il.Emit(OpCodes.Ldc_I4, _function.Code[at + 2]);
            _il.Emit(OpCodes.Ldelem_Ref);
            _il.Emit(OpCodes.Stloc, table);
            _tableLocals[_function.Code[at + 2]] = table;
        }
        int parameters = _function.ParameterCount / CompiledFunction.WordsPerCell;
        if (_direct)
        {
            for (int i = 0; i < parameters; i++)
            {
                _il.Emit(OpCodes.Ldarg, (short)(CompiledCalls.FirstParameter(_fuelInArguments, _counterArgument) + i));
                StoreBits(i * CompiledFunction.WordsPerCell);
            }
        }
        else if (parameters > 0)
        {
            var slots = Temporary(typeof(ulong[]));
            EmitLoadSlots(slots);
            for (int i = 0; i < parameters; i++)
            {
                _il.Emit(OpCodes.Ldloc, slots);
                EmitFrameIndex(i * CompiledFunction.WordsPerCell);
                _il.Emit(OpCodes.Ldelem_I8);
                StoreBits(i * CompiledFunction.WordsPerCell);
            }
        }
        var constants = _function.Constants;
        for (int j = 0; j < constants.Length; j += CompiledFunction.WordsPerCell)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)constants[j]);
            StoreBits(_function.LocalCount + j);
        }
    }

    private void EmitLoadSlots(LocalBuilder slots)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Stack)));
        _il.Emit(OpCodes.Ldfld, Field(typeof(ExecutionStack), nameof(ExecutionStack.Slots)));
        _il.Emit(OpCodes.Stloc, slots);
    }

    /// <summary>Pushes frameBase + <paramref name="word"/> (in a direct method the frame base is unpacked from its
    /// argument, which nothing writes: DepthAndBudget).</summary>
    private void EmitFrameIndex(int word)
    {
        _il.Emit(OpCodes.Ldarg_1);
        if (_direct) _il.Emit(OpCodes.Conv_I4);
        if (word != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, word);
            _il.Emit(OpCodes.Add);
        }
    }

    /// <summary>Pushes this frame's call depth (an int).</summary>
    private void EmitDepth()
    {
        _il.Emit(OpCodes.Ldloc, _depthAndBudget);
        _il.Emit(OpCodes.Ldc_I4, DepthAndBudget.DepthShift);
        _il.Emit(OpCodes.Shr);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, DepthAndBudget.DepthMask);
        _il.Emit(OpCodes.And);
    }

    /// <summary>Pushes this frame's native budget (an int).</summary>
    private void EmitBudget()
    {
        _il.Emit(OpCodes.Ldloc, _depthAndBudget);
        _il.Emit(OpCodes.Ldc_I4, DepthAndBudget.BudgetShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, DepthAndBudget.BudgetUnit);
        _il.Emit(OpCodes.Mul);
    }

    private void EmitReloadMemory()
    {
        if (!_usesMemory) return;
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.MemoryBase)));
        _il.Emit(OpCodes.Stloc, _memoryBase);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Call, Method(typeof(CompiledRuntime), nameof(CompiledRuntime.MemoryLength)));
        _il.Emit(OpCodes.Stloc, _memoryLength);
        foreach (var (size, limit) in _accessLimits)
        {
            _il.Emit(OpCodes.Ldloc, _memoryLength);
            _il.Emit(OpCodes.Ldc_I8, (long)size);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Stloc, limit);
        }
    }

    /// <summary>The bytes a load or store op accesses, 0 for any other op.</summary>
    internal static int AccessSize(Op op) => op switch
    {
        Op.I32Load8S or Op.I32Load8U or Op.I64Load8S or Op.I64Load8U or Op.Store8 => 1,
        Op.I32Load16S or Op.I32Load16U or Op.I64Load16S or Op.I64Load16U or Op.Store16 => 2,
        Op.I32Load or Op.I64Load32S or Op.I64Load32U or Op.Store32 => 4,
        Op.I64Load or Op.Store64 => 8,
        _ => 0,
    };

    /// <summary>Before compiled code leaves the module's direct calls (a helper, host, interpreter or frame-entry call,
    /// a frame return): the fuel and the carried global back to the store and their <c>Global</c>.</summary>
    private void EmitLeave()
    {
        EmitStoreFuel();
        EmitStoreCarried();
    }

    /// <summary>After such a call returned: the fuel and the carried global as the callee left them.</summary>
    private void EmitReenter()
    {
        EmitLoadFuel();
        EmitLoadCarried();
    }

    /// <summary>Pushes the carried global's <c>Global</c> object: context.Instance.Globals[index] (only on the rare paths).</summary>
    private void EmitCarriedGlobalObject()
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Instance)));
        _il.Emit(OpCodes.Ldfld, Field(typeof(Instance), nameof(Instance.Globals)));
        _il.Emit(OpCodes.Ldc_I4, _carried);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void EmitStoreCarried()
    {
        if (_carried < 0) return;
        EmitCarriedGlobalObject();
        _il.Emit(OpCodes.Ldloc, _carriedValue!);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stfld, Field(typeof(Global), nameof(Global.Bits)));
    }

    private void EmitLoadCarried()
    {
        if (_carried < 0) return;
        EmitCarriedGlobalObject();
        _il.Emit(OpCodes.Ldfld, Field(typeof(Global), nameof(Global.Bits)));
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Stloc, _carriedValue!);
    }

    private void EmitStoreFuel()
    {
        if (!_holdsFuel) return;
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Store)));
        _il.Emit(OpCodes.Ldloc, _fuel);
        _il.Emit(OpCodes.Callvirt, typeof(Store).GetProperty(nameof(Store.Fuel))!.GetSetMethod()!);
    }

    private void EmitLoadFuel()
    {
        if (!_holdsFuel) return;
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Store)));
        _il.Emit(OpCodes.Callvirt, typeof(Store).GetProperty(nameof(Store.Fuel))!.GetGetMethod()!);
        _il.Emit(OpCodes.Stloc, _fuel);
    }

    /// <summary>A fuel prefix: charge ~word before the instruction it is attached to (the interpreter's dispatch head),
    /// checked with the charges pending around it (FunctionEmitter.Fuel.cs).</summary>
    private void EmitFuelCharge(int word, int at)
    {
        if (!ChargedOnEdges(at)) ChargeFuel((uint)~word, at);
    }

    /// <summary>The out-of-line exit that traps with <paramref name="kind"/> at code position <paramref name="at"/>.</summary>
    private Label TrapStub(TrapKind kind, int at, bool left = false)
    {
        int offset = OffsetOf(at);
        if (!_trapStubs.TryGetValue(((int)kind, offset, left), out var label))
        {
            label = _il.DefineLabel();
            _trapStubs[((int)kind, offset, left)] = label;
        }
        return DeferredTrapExit(kind == TrapKind.OutOfFuel ? label : AfterPendingCharges(label), at);
    }

    /// <summary>The exit that traps with the kind in <c>_kind</c> at code position <paramref name="at"/>.</summary>
    private Label DynamicTrapStub(int at)
    {
        var label = _il.DefineLabel();
        _dynamicTrapStubs.Add((label, OffsetOf(at)));
        return DeferredTrapExit(AfterPendingCharges(label), at);
    }

    /// <summary>The module offset of the instruction at code position <paramref name="at"/>, as the interpreter's trap reports it.</summary>
    private int OffsetOf(int at) => OffsetOf(_function, at);

    /// <summary>The module offset of the instruction at code position <paramref name="at"/> of <paramref name="function"/>.</summary>
    private static int OffsetOf(CompiledFunction function, int at)
    {
        int offset = -1;
        var map = function.OffsetMap;
        int lo = 0, hi = map.Length / 2 - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (map[2 * mid] <= at)
            {
                offset = map[2 * mid + 1];
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return offset;
    }

    /// <summary>A scratch local of <paramref name="type"/>, shared by every op (<paramref name="index"/> tells apart two live at once).</summary>
    private LocalBuilder Temporary(Type type, int index = 0)
    {
        if (!_temporaries.TryGetValue((type, index), out var local))
        {
            local = _il.DeclareLocal(type);
            _temporaries[(type, index)] = local;
        }
        return local;
    }

    private LocalBuilder TableLocal(int index) => _tableLocals[index];

    /// <summary>The local holding the cell at <paramref name="slot"/>: its own, or inside an unrolled copy the one its
    /// moves renamed it to (FunctionEmitter.RenamedCopies.cs).</summary>
    private LocalBuilder Cell(int slot) => (_renamed ?? _cells)[slot / CompiledFunction.WordsPerCell];

    private Label LabelAt(int position) => _labels[position];

    private static FieldInfo Field(Type type, string name) =>
        type.GetField(name, BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        ?? throw new MissingFieldException(type.Name, name);

    private static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(type.Name, name);
}
