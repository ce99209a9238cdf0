using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Execution;

/// <summary>
/// The interpreter: one loop over register code with a dense switch, an explicit frame stack (no .NET recursion
/// per Wasm call), traps as values (a goto to a cold exit, never an exception in the loop), and the hot state —
/// instruction pointer, frame pointer, memory base and length, fuel — in locals the JIT keeps in registers.
/// </summary>
internal static partial class Executor
{
    static Executor()
    {
        // Wasm memory is little-endian; loads and stores read native-endian.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Contracts requires a little-endian host.");
    }

    /// <summary>
    /// Calls <paramref name="function"/> with arguments in cell encoding (<see cref="CompiledFunction.WordsPerCell"/>
    /// words per value) and writes its results in cell encoding.
    /// Returns null on success or the trap. Never throws for anything the Wasm code does.
    /// </summary>
    public static Trap? Invoke(Store store, Function function, ReadOnlySpan<ulong> arguments, Span<ulong> results)
    {
        var stack = store.Stack;
        if (stack.Reentrancy >= ExecutionStack.MaxReentrancy || !stack.EnsureFrame(stack.Depth))
            return new Trap(TrapKind.CallStackExhausted);
        // A backstop for the .NET stack itself: MaxReentrancy bounds one store's nesting, but a host function may enter
        // a fresh store each time (as the execution layer does per contract frame), and every entry nests the
        // interpreter on this thread. Where that point lies depends on the thread's size and the build, so consensus
        // code must never reach it: the execution layer continues deep frames on fresh threads long before
        // (ExecutionSession.RunOnFreshStack). Here it turns what would kill the process into a typed trap.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) return new Trap(TrapKind.CallStackExhausted);

        int savedTop = stack.Top;
        int savedDepth = stack.Depth;
        int frameBase = savedTop;
        if (stack.Reentrancy == 0) store.ResetStackHeightCounters();
        if (function.Host is not null)
        {
            if (!stack.EnsureSlots((long)frameBase + Math.Max(arguments.Length, results.Length)))
                return new Trap(TrapKind.CallStackExhausted);
            arguments.CopyTo(stack.Slots.AsSpan(frameBase));
            stack.Reentrancy++;
            try
            {
                var hostTrap = CallHost(store, function, null, frameBase);
                if (hostTrap is not null) return hostTrap;
            }
            finally
            {
                stack.Reentrancy--;
                stack.Top = savedTop;
                stack.Depth = savedDepth;
            }
            stack.Slots.AsSpan(frameBase, results.Length).CopyTo(results);
            return null;
        }

        var code = function.Code!;
        if (!stack.EnsureSlots((long)frameBase + Math.Max(code.FrameSize, results.Length)))
            return new Trap(TrapKind.CallStackExhausted);
        var slots = stack.Slots.AsSpan(frameBase);
        arguments.CopyTo(slots);
        slots.Slice(code.ParameterCount, code.LocalCount - code.ParameterCount).Clear();
        code.Constants.CopyTo(slots[code.LocalCount..]);

        // A sentinel frame marks where this invocation's frames begin; returning to it ends the run.
        stack.Frames[stack.Depth++] = default;
        stack.Reentrancy++;
        Trap? trap;
        try
        {
            // The compiled tier (when configured) runs untraced calls; a traced store always interprets.
            var config = store.Engine.Config;
            if (store.Tracer is not null)
                trap = Run<TracingOn>(store, stack, code, function.Owner!, frameBase);
            else if (config.Compiler is not { } tier || !tier.TryRun(store, function, frameBase, out trap))
            {
                long fuelBefore = store.Fuel;
                trap = Run<TracingOff>(store, stack, code, function.Owner!, frameBase);
                // The tiered mode's measure of the work compiling would speed up (EngineConfig.TierUpFuel), counted only
                // while that mode may still compile the module. A plain add: an update lost to a race only delays the
                // compile a little, and a locked one on every interpreted call cost light contracts ~10% of their time.
                var module = function.Owner!.Module;
                if (config.Tier == ExecutionTier.Tiered && config.Compiler is not null && module.TierCode is null && fuelBefore > store.Fuel)
                    module.TierFuel += fuelBefore - store.Fuel;
            }
        }
        finally
        {
            stack.Reentrancy--;
            stack.Top = savedTop;
            stack.Depth = savedDepth;
        }
        if (trap is null) stack.Slots.AsSpan(frameBase, results.Length).CopyTo(results);
        return trap;
    }

    /// <summary>The slot named by operand <paramref name="operand"/> of the current instruction.</summary>
    /// <remarks>
    /// SAFETY: no bounds check. Sound because (1) every slot operand the translator emits is below the function's
    /// <see cref="CompiledFunction.FrameSize"/> (the layouts of <see cref="Op"/> mark them <c>s</c>; debug builds check
    /// every translated function with <see cref="OpLayout.Verify"/>, tests check release output and these cases'
    /// operand positions against the layouts), and (2) a frame is entered only after
    /// <see cref="ExecutionStack.EnsureSlots"/> made <c>frameBase + FrameSize</c> slots exist (see <c>Invoke</c> and
    /// <c>EnterCallee</c>), and the slot array is reloaded whenever it may have been replaced (after host calls).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ulong S(ref ulong fp, ref int ip, int operand) =>
        ref Unsafe.Add(ref fp, (nint)(uint)Unsafe.Add(ref ip, operand));

    /// <summary>The whole 16-byte cell at slot operand <paramref name="operand"/> (a v128, or a scalar being moved).</summary>
    /// <remarks>SAFETY: as <see cref="S"/>; slots are multiples of <see cref="CompiledFunction.WordsPerCell"/>, so the
    /// cell's second word is in the frame too.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref Vector128<ulong> Cell(ref ulong fp, ref int ip, int operand) =>
        ref Unsafe.As<ulong, Vector128<ulong>>(ref Unsafe.Add(ref fp, (nint)(uint)Unsafe.Add(ref ip, operand)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IpIndex(CompiledFunction function, ref int ip) =>
        (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(function.Code), ref ip) / sizeof(int));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Trap? Run<TTracing>(Store store, ExecutionStack stack, CompiledFunction function, Instance instance, int frameBase)
        where TTracing : struct, ITracingFlag
    {
        int entryDepth = stack.Depth;
        int depth = entryDepth;
        long fuel = store.Fuel;
        TrapKind trap;

        ulong[] slotArray = stack.Slots;
        CallFrame[] frames = stack.Frames;

        // Operands of the call being made, shared by the three call instructions (see EnterCallee).
        CompiledFunction callee = function;
        Instance calleeInstance = instance;
        Function target = null!;
        int argBase = 0, callLength = 0;
        ref ulong fp = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slotArray), frameBase);
        ref int ip = ref MemoryMarshal.GetArrayDataReference(function.Code);

        CompiledFunction[] moduleFunctions = instance.Module.Functions;
        Global[] globals = instance.Globals;
        Memory? memory = instance.Memories.Length > 0 ? instance.Memories[0] : null;
        ref byte memoryBase = ref memory is null ? ref Unsafe.NullRef<byte>() : ref MemoryMarshal.GetArrayDataReference(memory.UntrackedBuffer);
        ulong memoryLength = memory is null ? 0 : memory.Length;
        if (TTracing.Enabled) store.Tracer!.OnCallEnter(instance, function.FunctionIndex, fuel);

        while (true)
        {
            int word = ip;
            while (word < 0)
            {
                // Fuel prefix (see Op): charge it and run the instruction it is attached to. Prefixes can follow
                // each other when blocks end together (each label keeps its own charge).
                ulong amount = (uint)~word;
                if ((ulong)fuel < amount) goto TrapOutOfFuel;
                fuel -= (long)amount;
                ip = ref Unsafe.Add(ref ip, 1);
                word = ip;
            }
            // SAFETY: every case reads its operands at ip + 1 .. ip + width - 1 of its layout (Op's [Operands]) and
            // slots through S(…), whose bounds are the translator's invariant (see S); code comes only from the
            // translator, and `word` below Op's count (the default case rejects others).
            switch ((Op)word)
            {
                case Op.Unreachable:
                    trap = TrapKind.Unreachable;
                    goto Trap;
                case Op.Br:
                    ip = ref Unsafe.Add(ref ip, Unsafe.Add(ref ip, 1));
                    break;
                case Op.BrIfNez:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) != 0 ? Unsafe.Add(ref ip, 2) : 3);
                    break;
                case Op.BrIfEqz:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) == 0 ? Unsafe.Add(ref ip, 2) : 3);
                    break;
                case Op.BrTable:
                {
                    uint index = (uint)S(ref fp, ref ip, 1);
                    uint count = (uint)Unsafe.Add(ref ip, 2);
                    if (index > count) index = count;
                    ip = ref Unsafe.Add(ref ip, Unsafe.Add(ref ip, 3 + (int)index));
                    break;
                }
                case Op.Copy:
                    Cell(ref fp, ref ip, 1) = Cell(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.Const32:
                    S(ref fp, ref ip, 1) = (uint)Unsafe.Add(ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.Const64:
                    S(ref fp, ref ip, 1) = (uint)Unsafe.Add(ref ip, 2) | ((ulong)(uint)Unsafe.Add(ref ip, 3) << 32);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.Select:
                    Cell(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) != 0 ? Cell(ref fp, ref ip, 3) : Cell(ref fp, ref ip, 4);
                    ip = ref Unsafe.Add(ref ip, 5);
                    break;
                case Op.GlobalGet:
                    S(ref fp, ref ip, 1) = globals[Unsafe.Add(ref ip, 2)].Bits;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.GlobalSet:
                    globals[Unsafe.Add(ref ip, 1)].Bits = S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.GlobalGetV128:
                {
                    var global = globals[Unsafe.Add(ref ip, 2)];
                    Cell(ref fp, ref ip, 1) = Vector128.Create(global.Bits, global.HighBits);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.GlobalSetV128:
                {
                    var global = globals[Unsafe.Add(ref ip, 1)];
                    var value = Cell(ref fp, ref ip, 2);
                    global.Bits = value.GetElement(0);
                    global.HighBits = value.GetElement(1);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.GlobalAddImm:
                {
                    var global = globals[Unsafe.Add(ref ip, 1)];
                    global.Bits = (uint)((int)global.Bits + Unsafe.Add(ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.GlobalAddBrIfLeU:
                {
                    var global = globals[Unsafe.Add(ref ip, 1)];
                    uint value = (uint)((int)global.Bits + Unsafe.Add(ref ip, 2));
                    global.Bits = value;
                    ip = ref Unsafe.Add(ref ip, value <= (uint)Unsafe.Add(ref ip, 3) ? Unsafe.Add(ref ip, 4) : 5);
                    break;
                }
                case Op.ConsumeFuel:
                {
                    ulong amount = (uint)Unsafe.Add(ref ip, 1) | ((ulong)(uint)Unsafe.Add(ref ip, 2) << 32);
                    if ((ulong)fuel < amount) goto TrapOutOfFuel;
                    fuel -= (long)amount;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.ConsumeFuelSlot:
                {
                    ulong amount = S(ref fp, ref ip, 1);
                    if ((ulong)fuel < amount) goto TrapOutOfFuel;
                    fuel -= (long)amount;
                    ip = ref Unsafe.Add(ref ip, 2);
                    break;
                }

                // ---- returns and calls -------------------------------------------------------------------------
                case Op.ReturnVoid:
                    goto Return;
                case Op.Return1:
                    Unsafe.As<ulong, Vector128<ulong>>(ref fp) = Cell(ref fp, ref ip, 1);
                    goto Return;
                case Op.ReturnN:
                {
                    int count = Unsafe.Add(ref ip, 1);
                    int source = Unsafe.Add(ref ip, 2);
                    for (int i = 0; i < count * CompiledFunction.WordsPerCell; i++) Unsafe.Add(ref fp, i) = Unsafe.Add(ref fp, source + i);
                    goto Return;
                }
                case Op.CallInternal:
                    callee = moduleFunctions[Unsafe.Add(ref ip, 1)];
                    calleeInstance = instance;
                    argBase = Unsafe.Add(ref ip, 2);
                    callLength = 3;
                    goto EnterCallee;
                case Op.CallImported:
                    target = instance.Functions[Unsafe.Add(ref ip, 1)];
                    argBase = Unsafe.Add(ref ip, 2);
                    callLength = 3;
                    if (target.Code is null) goto CallHostFunction;
                    callee = target.Code;
                    calleeInstance = target.Owner!;
                    goto EnterCallee;
                case Op.CallIndirect:
                {
                    var expected = instance.Module.Info.Types[Unsafe.Add(ref ip, 1)];
                    var table = instance.Tables[Unsafe.Add(ref ip, 2)];
                    uint index = (uint)S(ref fp, ref ip, 3);
                    argBase = Unsafe.Add(ref ip, 4);
                    callLength = 5;
                    if (index >= table.Count) goto TrapUndefinedElement;
                    ulong element = table.Elements[index];
                    if (element == 0) goto TrapUninitializedElement;
                    target = store.FunctionFromHandle((int)(element - 1));
                    if (!ReferenceEquals(target.Type, expected) && !target.Type.Equals(expected)) goto TrapIndirectType;
                    if (target.Code is null) goto CallHostFunction;
                    callee = target.Code;
                    calleeInstance = target.Owner!;
                    goto EnterCallee;
                }

                // ---- memory ------------------------------------------------------------------------------------
                case Op.MemorySize:
                    S(ref fp, ref ip, 1) = (uint)(memoryLength / Memory.PageSize);
                    ip = ref Unsafe.Add(ref ip, 2);
                    break;
                case Op.MemoryGrow:
                {
                    int result = memory!.Grow((uint)S(ref fp, ref ip, 2));
                    memoryBase = ref MemoryMarshal.GetArrayDataReference(memory.UntrackedBuffer);
                    memoryLength = memory.Length;
                    S(ref fp, ref ip, 1) = (uint)result;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.MemoryFill:
                {
                    ulong destination = (uint)S(ref fp, ref ip, 1);
                    byte value = (byte)S(ref fp, ref ip, 2);
                    ulong count = (uint)S(ref fp, ref ip, 3);
                    if (destination + count > memoryLength) goto TrapMemory;
                    memory!.NoteWrite(destination, count);
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref memoryBase, (nint)destination), (int)count).Fill(value);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.MemoryCopy:
                {
                    ulong destination = (uint)S(ref fp, ref ip, 1);
                    ulong source = (uint)S(ref fp, ref ip, 2);
                    ulong count = (uint)S(ref fp, ref ip, 3);
                    if (destination + count > memoryLength || source + count > memoryLength) goto TrapMemory;
                    memory!.NoteWrite(destination, count);
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref memoryBase, (nint)source), (int)count)
                        .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref memoryBase, (nint)destination), (int)count));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.MemoryInit:
                {
                    var data = instance.DataSegments[Unsafe.Add(ref ip, 1)].Span;
                    ulong destination = (uint)S(ref fp, ref ip, 2);
                    ulong source = (uint)S(ref fp, ref ip, 3);
                    ulong count = (uint)S(ref fp, ref ip, 4);
                    if (destination + count > memoryLength || source + count > (ulong)data.Length) goto TrapMemory;
                    memory!.NoteWrite(destination, count);
                    data.Slice((int)source, (int)count).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref memoryBase, (nint)destination), (int)count));
                    ip = ref Unsafe.Add(ref ip, 5);
                    break;
                }
                case Op.DataDrop:
                    instance.DataSegments[Unsafe.Add(ref ip, 1)] = ReadOnlyMemory<byte>.Empty;
                    ip = ref Unsafe.Add(ref ip, 2);
                    break;

                // ---- tables and references ---------------------------------------------------------------------
                case Op.TableGet:
                {
                    var table = instance.Tables[Unsafe.Add(ref ip, 2)];
                    uint index = (uint)S(ref fp, ref ip, 3);
                    if (index >= table.Count) goto TrapTable;
                    S(ref fp, ref ip, 1) = table.Elements[index];
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.TableSet:
                {
                    var table = instance.Tables[Unsafe.Add(ref ip, 1)];
                    uint index = (uint)S(ref fp, ref ip, 2);
                    if (index >= table.Count) goto TrapTable;
                    table.Elements[index] = S(ref fp, ref ip, 3);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.TableSize:
                    S(ref fp, ref ip, 1) = instance.Tables[Unsafe.Add(ref ip, 2)].Count;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.TableGrow:
                {
                    var table = instance.Tables[Unsafe.Add(ref ip, 2)];
                    int result = table.Grow((uint)S(ref fp, ref ip, 4), S(ref fp, ref ip, 3));
                    S(ref fp, ref ip, 1) = (uint)result;
                    ip = ref Unsafe.Add(ref ip, 5);
                    break;
                }
                case Op.TableFill:
                {
                    var table = instance.Tables[Unsafe.Add(ref ip, 1)];
                    ulong start = (uint)S(ref fp, ref ip, 2);
                    ulong value = S(ref fp, ref ip, 3);
                    ulong count = (uint)S(ref fp, ref ip, 4);
                    if (start + count > table.Count) goto TrapTable;
                    table.Elements.AsSpan((int)start, (int)count).Fill(value);
                    ip = ref Unsafe.Add(ref ip, 5);
                    break;
                }
                case Op.TableCopy:
                {
                    var destinationTable = instance.Tables[Unsafe.Add(ref ip, 1)];
                    var sourceTable = instance.Tables[Unsafe.Add(ref ip, 2)];
                    ulong destination = (uint)S(ref fp, ref ip, 3);
                    ulong source = (uint)S(ref fp, ref ip, 4);
                    ulong count = (uint)S(ref fp, ref ip, 5);
                    if (destination + count > destinationTable.Count || source + count > sourceTable.Count) goto TrapTable;
                    Array.Copy(sourceTable.Elements, (int)source, destinationTable.Elements, (int)destination, (int)count);
                    ip = ref Unsafe.Add(ref ip, 6);
                    break;
                }
                case Op.TableInit:
                {
                    var table = instance.Tables[Unsafe.Add(ref ip, 1)];
                    var segment = instance.ElementSegments[Unsafe.Add(ref ip, 2)];
                    ulong destination = (uint)S(ref fp, ref ip, 3);
                    ulong source = (uint)S(ref fp, ref ip, 4);
                    ulong count = (uint)S(ref fp, ref ip, 5);
                    if (destination + count > table.Count || source + count > (ulong)segment.Length) goto TrapTable;
                    Array.Copy(segment, (int)source, table.Elements, (int)destination, (int)count);
                    ip = ref Unsafe.Add(ref ip, 6);
                    break;
                }
                case Op.ElemDrop:
                    instance.ElementSegments[Unsafe.Add(ref ip, 1)] = [];
                    ip = ref Unsafe.Add(ref ip, 2);
                    break;
                case Op.RefIsNull:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) == 0 ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.RefFunc:
                    S(ref fp, ref ip, 1) = (ulong)instance.Functions[Unsafe.Add(ref ip, 2)].Handle + 1;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;

                // ---- arithmetic (generated from the Op table) --------------------------------------------------
                case Op.I32Eq:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) == (uint)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32EqImm:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) == (uint)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32Eq:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) == (uint)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32EqImm:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) == (uint)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32Ne:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) != (uint)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32NeImm:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) != (uint)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32Ne:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) != (uint)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32NeImm:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) != (uint)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32LtS:
                    S(ref fp, ref ip, 1) = (int)S(ref fp, ref ip, 2) < (int)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32LtSImm:
                    S(ref fp, ref ip, 1) = (int)S(ref fp, ref ip, 2) < Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32LtS:
                    ip = ref Unsafe.Add(ref ip, (int)S(ref fp, ref ip, 1) < (int)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32LtSImm:
                    ip = ref Unsafe.Add(ref ip, (int)S(ref fp, ref ip, 1) < Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32LtU:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) < (uint)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32LtUImm:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) < (uint)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32LtU:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) < (uint)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32LtUImm:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) < (uint)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32GtS:
                    S(ref fp, ref ip, 1) = (int)S(ref fp, ref ip, 2) > (int)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32GtSImm:
                    S(ref fp, ref ip, 1) = (int)S(ref fp, ref ip, 2) > Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32GtS:
                    ip = ref Unsafe.Add(ref ip, (int)S(ref fp, ref ip, 1) > (int)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32GtSImm:
                    ip = ref Unsafe.Add(ref ip, (int)S(ref fp, ref ip, 1) > Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32GtU:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) > (uint)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32GtUImm:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) > (uint)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32GtU:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) > (uint)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32GtUImm:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) > (uint)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32LeS:
                    S(ref fp, ref ip, 1) = (int)S(ref fp, ref ip, 2) <= (int)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32LeSImm:
                    S(ref fp, ref ip, 1) = (int)S(ref fp, ref ip, 2) <= Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32LeS:
                    ip = ref Unsafe.Add(ref ip, (int)S(ref fp, ref ip, 1) <= (int)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32LeSImm:
                    ip = ref Unsafe.Add(ref ip, (int)S(ref fp, ref ip, 1) <= Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32LeU:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) <= (uint)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32LeUImm:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) <= (uint)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32LeU:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) <= (uint)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32LeUImm:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) <= (uint)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32GeS:
                    S(ref fp, ref ip, 1) = (int)S(ref fp, ref ip, 2) >= (int)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32GeSImm:
                    S(ref fp, ref ip, 1) = (int)S(ref fp, ref ip, 2) >= Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32GeS:
                    ip = ref Unsafe.Add(ref ip, (int)S(ref fp, ref ip, 1) >= (int)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32GeSImm:
                    ip = ref Unsafe.Add(ref ip, (int)S(ref fp, ref ip, 1) >= Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32GeU:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) >= (uint)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32GeUImm:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) >= (uint)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI32GeU:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) >= (uint)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI32GeUImm:
                    ip = ref Unsafe.Add(ref ip, (uint)S(ref fp, ref ip, 1) >= (uint)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I32Eqz:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2) == 0 ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32Clz:
                    S(ref fp, ref ip, 1) = (uint)(BitOperations.LeadingZeroCount((uint)S(ref fp, ref ip, 2)));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32Ctz:
                    S(ref fp, ref ip, 1) = (uint)(BitOperations.TrailingZeroCount((uint)S(ref fp, ref ip, 2)));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32Popcnt:
                    S(ref fp, ref ip, 1) = (uint)(BitOperations.PopCount((uint)S(ref fp, ref ip, 2)));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32Add:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) + (int)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32AddImm:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) + Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32Sub:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) - (int)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32SubImm:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) - Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32Mul:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) * (int)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32MulImm:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) * Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32And:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) & (int)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32AndImm:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) & Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32Or:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) | (int)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32OrImm:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) | Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32Xor:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) ^ (int)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32XorImm:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) ^ Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32Shl:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) << ((int)S(ref fp, ref ip, 3) & 31));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32ShrS:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) >> ((int)S(ref fp, ref ip, 3) & 31));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32ShrU:
                    S(ref fp, ref ip, 1) = (uint)((uint)S(ref fp, ref ip, 2) >>> ((int)S(ref fp, ref ip, 3) & 31));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32Rotl:
                    S(ref fp, ref ip, 1) = (uint)(BitOperations.RotateLeft((uint)S(ref fp, ref ip, 2), (int)S(ref fp, ref ip, 3)));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32Rotr:
                    S(ref fp, ref ip, 1) = (uint)(BitOperations.RotateRight((uint)S(ref fp, ref ip, 2), (int)S(ref fp, ref ip, 3)));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32DivS:
                {
                    int b = (int)S(ref fp, ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    int a = (int)S(ref fp, ref ip, 2);
                    if (a == int.MinValue && b == -1) goto TrapIntegerOverflow;
                    S(ref fp, ref ip, 1) = (uint)(a / b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32RemS:
                {
                    int b = (int)S(ref fp, ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (uint)(b == -1 ? 0 : (int)S(ref fp, ref ip, 2) % b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32DivU:
                {
                    uint b = (uint)S(ref fp, ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (uint)((uint)S(ref fp, ref ip, 2) / b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32RemU:
                {
                    uint b = (uint)S(ref fp, ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (uint)((uint)S(ref fp, ref ip, 2) % b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32ShlImm:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) << (Unsafe.Add(ref ip, 3) & 31));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32ShrSImm:
                    S(ref fp, ref ip, 1) = (uint)((int)S(ref fp, ref ip, 2) >> (Unsafe.Add(ref ip, 3) & 31));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32ShrUImm:
                    S(ref fp, ref ip, 1) = (uint)((uint)S(ref fp, ref ip, 2) >>> (Unsafe.Add(ref ip, 3) & 31));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32RotlImm:
                    S(ref fp, ref ip, 1) = (uint)(BitOperations.RotateLeft((uint)S(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3)));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32RotrImm:
                    S(ref fp, ref ip, 1) = (uint)(BitOperations.RotateRight((uint)S(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3)));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32DivSImm:
                {
                    int b = Unsafe.Add(ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    int a = (int)S(ref fp, ref ip, 2);
                    if (a == int.MinValue && b == -1) goto TrapIntegerOverflow;
                    S(ref fp, ref ip, 1) = (uint)(a / b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32RemSImm:
                {
                    int b = Unsafe.Add(ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (uint)(b == -1 ? 0 : (int)S(ref fp, ref ip, 2) % b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32DivUImm:
                {
                    uint b = (uint)Unsafe.Add(ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (uint)((uint)S(ref fp, ref ip, 2) / b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32RemUImm:
                {
                    uint b = (uint)Unsafe.Add(ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (uint)((uint)S(ref fp, ref ip, 2) % b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64Eq:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) == S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64EqImm:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) == (ulong)(long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64Eq:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) == S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64EqImm:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) == (ulong)(long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64Ne:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) != S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64NeImm:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) != (ulong)(long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64Ne:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) != S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64NeImm:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) != (ulong)(long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64LtS:
                    S(ref fp, ref ip, 1) = (long)S(ref fp, ref ip, 2) < (long)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64LtSImm:
                    S(ref fp, ref ip, 1) = (long)S(ref fp, ref ip, 2) < (long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64LtS:
                    ip = ref Unsafe.Add(ref ip, (long)S(ref fp, ref ip, 1) < (long)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64LtSImm:
                    ip = ref Unsafe.Add(ref ip, (long)S(ref fp, ref ip, 1) < (long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64LtU:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) < S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64LtUImm:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) < (ulong)(long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64LtU:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) < S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64LtUImm:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) < (ulong)(long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64GtS:
                    S(ref fp, ref ip, 1) = (long)S(ref fp, ref ip, 2) > (long)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64GtSImm:
                    S(ref fp, ref ip, 1) = (long)S(ref fp, ref ip, 2) > (long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64GtS:
                    ip = ref Unsafe.Add(ref ip, (long)S(ref fp, ref ip, 1) > (long)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64GtSImm:
                    ip = ref Unsafe.Add(ref ip, (long)S(ref fp, ref ip, 1) > (long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64GtU:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) > S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64GtUImm:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) > (ulong)(long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64GtU:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) > S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64GtUImm:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) > (ulong)(long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64LeS:
                    S(ref fp, ref ip, 1) = (long)S(ref fp, ref ip, 2) <= (long)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64LeSImm:
                    S(ref fp, ref ip, 1) = (long)S(ref fp, ref ip, 2) <= (long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64LeS:
                    ip = ref Unsafe.Add(ref ip, (long)S(ref fp, ref ip, 1) <= (long)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64LeSImm:
                    ip = ref Unsafe.Add(ref ip, (long)S(ref fp, ref ip, 1) <= (long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64LeU:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) <= S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64LeUImm:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) <= (ulong)(long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64LeU:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) <= S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64LeUImm:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) <= (ulong)(long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64GeS:
                    S(ref fp, ref ip, 1) = (long)S(ref fp, ref ip, 2) >= (long)S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64GeSImm:
                    S(ref fp, ref ip, 1) = (long)S(ref fp, ref ip, 2) >= (long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64GeS:
                    ip = ref Unsafe.Add(ref ip, (long)S(ref fp, ref ip, 1) >= (long)S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64GeSImm:
                    ip = ref Unsafe.Add(ref ip, (long)S(ref fp, ref ip, 1) >= (long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64GeU:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) >= S(ref fp, ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64GeUImm:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) >= (ulong)(long)Unsafe.Add(ref ip, 3) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.BrIfI64GeU:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) >= S(ref fp, ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.BrIfI64GeUImm:
                    ip = ref Unsafe.Add(ref ip, S(ref fp, ref ip, 1) >= (ulong)(long)Unsafe.Add(ref ip, 2) ? Unsafe.Add(ref ip, 3) : 4);
                    break;
                case Op.I64Eqz:
                    S(ref fp, ref ip, 1) = S(ref fp, ref ip, 2) == 0 ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64Clz:
                    S(ref fp, ref ip, 1) = (ulong)(BitOperations.LeadingZeroCount(S(ref fp, ref ip, 2)));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64Ctz:
                    S(ref fp, ref ip, 1) = (ulong)(BitOperations.TrailingZeroCount(S(ref fp, ref ip, 2)));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64Popcnt:
                    S(ref fp, ref ip, 1) = (ulong)(BitOperations.PopCount(S(ref fp, ref ip, 2)));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64Add:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) + (long)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64AddImm:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) + (long)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64Sub:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) - (long)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64SubImm:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) - (long)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64Mul:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) * (long)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64MulImm:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) * (long)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64And:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) & (long)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64AndImm:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) & (long)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64Or:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) | (long)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64OrImm:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) | (long)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64Xor:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) ^ (long)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64XorImm:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) ^ (long)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64Shl:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) << ((int)S(ref fp, ref ip, 3) & 63));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64ShrS:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) >> ((int)S(ref fp, ref ip, 3) & 63));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64ShrU:
                    S(ref fp, ref ip, 1) = (ulong)(S(ref fp, ref ip, 2) >>> ((int)S(ref fp, ref ip, 3) & 63));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64Rotl:
                    S(ref fp, ref ip, 1) = (ulong)(BitOperations.RotateLeft(S(ref fp, ref ip, 2), (int)S(ref fp, ref ip, 3)));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64Rotr:
                    S(ref fp, ref ip, 1) = (ulong)(BitOperations.RotateRight(S(ref fp, ref ip, 2), (int)S(ref fp, ref ip, 3)));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64DivS:
                {
                    long b = (long)S(ref fp, ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    long a = (long)S(ref fp, ref ip, 2);
                    if (a == long.MinValue && b == -1) goto TrapIntegerOverflow;
                    S(ref fp, ref ip, 1) = (ulong)(a / b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64RemS:
                {
                    long b = (long)S(ref fp, ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (ulong)(b == -1 ? 0 : (long)S(ref fp, ref ip, 2) % b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64DivU:
                {
                    ulong b = S(ref fp, ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (ulong)(S(ref fp, ref ip, 2) / b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64RemU:
                {
                    ulong b = S(ref fp, ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (ulong)(S(ref fp, ref ip, 2) % b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64ShlImm:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) << (Unsafe.Add(ref ip, 3) & 63));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64ShrSImm:
                    S(ref fp, ref ip, 1) = (ulong)((long)S(ref fp, ref ip, 2) >> (Unsafe.Add(ref ip, 3) & 63));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64ShrUImm:
                    S(ref fp, ref ip, 1) = (ulong)(S(ref fp, ref ip, 2) >>> (Unsafe.Add(ref ip, 3) & 63));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64RotlImm:
                    S(ref fp, ref ip, 1) = (ulong)(BitOperations.RotateLeft(S(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3)));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64RotrImm:
                    S(ref fp, ref ip, 1) = (ulong)(BitOperations.RotateRight(S(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3)));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I64DivSImm:
                {
                    long b = (long)Unsafe.Add(ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    long a = (long)S(ref fp, ref ip, 2);
                    if (a == long.MinValue && b == -1) goto TrapIntegerOverflow;
                    S(ref fp, ref ip, 1) = (ulong)(a / b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64RemSImm:
                {
                    long b = (long)Unsafe.Add(ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (ulong)(b == -1 ? 0 : (long)S(ref fp, ref ip, 2) % b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64DivUImm:
                {
                    ulong b = (ulong)(long)Unsafe.Add(ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (ulong)(S(ref fp, ref ip, 2) / b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64RemUImm:
                {
                    ulong b = (ulong)(long)Unsafe.Add(ref ip, 3);
                    if (b == 0) goto TrapDivideByZero;
                    S(ref fp, ref ip, 1) = (ulong)(S(ref fp, ref ip, 2) % b);
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.F32Eq:
                    S(ref fp, ref ip, 1) = NumericOps.F32Eq((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Ne:
                    S(ref fp, ref ip, 1) = NumericOps.F32Ne((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Lt:
                    S(ref fp, ref ip, 1) = NumericOps.F32Lt((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Gt:
                    S(ref fp, ref ip, 1) = NumericOps.F32Gt((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Le:
                    S(ref fp, ref ip, 1) = NumericOps.F32Le((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Ge:
                    S(ref fp, ref ip, 1) = NumericOps.F32Ge((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Abs:
                    S(ref fp, ref ip, 1) = NumericOps.F32Abs((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32Neg:
                    S(ref fp, ref ip, 1) = NumericOps.F32Neg((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32Ceil:
                    S(ref fp, ref ip, 1) = NumericOps.F32Ceil((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32Floor:
                    S(ref fp, ref ip, 1) = NumericOps.F32Floor((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32Trunc:
                    S(ref fp, ref ip, 1) = NumericOps.F32Trunc((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32Nearest:
                    S(ref fp, ref ip, 1) = NumericOps.F32Nearest((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32Sqrt:
                    S(ref fp, ref ip, 1) = NumericOps.F32Sqrt((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32Add:
                    S(ref fp, ref ip, 1) = NumericOps.F32Add((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Sub:
                    S(ref fp, ref ip, 1) = NumericOps.F32Sub((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Mul:
                    S(ref fp, ref ip, 1) = NumericOps.F32Mul((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Div:
                    S(ref fp, ref ip, 1) = NumericOps.F32Div((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Min:
                    S(ref fp, ref ip, 1) = NumericOps.F32Min((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Max:
                    S(ref fp, ref ip, 1) = NumericOps.F32Max((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F32Copysign:
                    S(ref fp, ref ip, 1) = NumericOps.F32Copysign((uint)S(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Eq:
                    S(ref fp, ref ip, 1) = NumericOps.F64Eq((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Ne:
                    S(ref fp, ref ip, 1) = NumericOps.F64Ne((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Lt:
                    S(ref fp, ref ip, 1) = NumericOps.F64Lt((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Gt:
                    S(ref fp, ref ip, 1) = NumericOps.F64Gt((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Le:
                    S(ref fp, ref ip, 1) = NumericOps.F64Le((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Ge:
                    S(ref fp, ref ip, 1) = NumericOps.F64Ge((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3)) ? 1UL : 0UL;
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Abs:
                    S(ref fp, ref ip, 1) = NumericOps.F64Abs((ulong)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64Neg:
                    S(ref fp, ref ip, 1) = NumericOps.F64Neg((ulong)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64Ceil:
                    S(ref fp, ref ip, 1) = NumericOps.F64Ceil((ulong)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64Floor:
                    S(ref fp, ref ip, 1) = NumericOps.F64Floor((ulong)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64Trunc:
                    S(ref fp, ref ip, 1) = NumericOps.F64Trunc((ulong)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64Nearest:
                    S(ref fp, ref ip, 1) = NumericOps.F64Nearest((ulong)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64Sqrt:
                    S(ref fp, ref ip, 1) = NumericOps.F64Sqrt((ulong)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64Add:
                    S(ref fp, ref ip, 1) = NumericOps.F64Add((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Sub:
                    S(ref fp, ref ip, 1) = NumericOps.F64Sub((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Mul:
                    S(ref fp, ref ip, 1) = NumericOps.F64Mul((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Div:
                    S(ref fp, ref ip, 1) = NumericOps.F64Div((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Min:
                    S(ref fp, ref ip, 1) = NumericOps.F64Min((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Max:
                    S(ref fp, ref ip, 1) = NumericOps.F64Max((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.F64Copysign:
                    S(ref fp, ref ip, 1) = NumericOps.F64Copysign((ulong)S(ref fp, ref ip, 2), (ulong)S(ref fp, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                case Op.I32WrapI64:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64ExtendI32S:
                    S(ref fp, ref ip, 1) = (ulong)(long)(int)S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64ExtendI32U:
                    S(ref fp, ref ip, 1) = (uint)S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32ConvertI32S:
                    S(ref fp, ref ip, 1) = NumericOps.F32ConvertI32S((int)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32ConvertI32U:
                    S(ref fp, ref ip, 1) = NumericOps.F32ConvertI32U((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32ConvertI64S:
                    S(ref fp, ref ip, 1) = NumericOps.F32ConvertI64S((long)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32ConvertI64U:
                    S(ref fp, ref ip, 1) = NumericOps.F32ConvertI64U(S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F32DemoteF64:
                    S(ref fp, ref ip, 1) = NumericOps.F32DemoteF64(S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64ConvertI32S:
                    S(ref fp, ref ip, 1) = NumericOps.F64ConvertI32S((int)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64ConvertI32U:
                    S(ref fp, ref ip, 1) = NumericOps.F64ConvertI32U((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64ConvertI64S:
                    S(ref fp, ref ip, 1) = NumericOps.F64ConvertI64S((long)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64ConvertI64U:
                    S(ref fp, ref ip, 1) = NumericOps.F64ConvertI64U(S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.F64PromoteF32:
                    S(ref fp, ref ip, 1) = NumericOps.F64PromoteF32((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32Extend8S:
                    S(ref fp, ref ip, 1) = (uint)(int)(sbyte)S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32Extend16S:
                    S(ref fp, ref ip, 1) = (uint)(int)(short)S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64Extend8S:
                    S(ref fp, ref ip, 1) = (ulong)(long)(sbyte)S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64Extend16S:
                    S(ref fp, ref ip, 1) = (ulong)(long)(short)S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64Extend32S:
                    S(ref fp, ref ip, 1) = (ulong)(long)(int)S(ref fp, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32TruncSatF32S:
                    S(ref fp, ref ip, 1) = (uint)NumericOps.I32TruncSatF32S((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32TruncSatF32U:
                    S(ref fp, ref ip, 1) = NumericOps.I32TruncSatF32U((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32TruncSatF64S:
                    S(ref fp, ref ip, 1) = (uint)NumericOps.I32TruncSatF64S(S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32TruncSatF64U:
                    S(ref fp, ref ip, 1) = NumericOps.I32TruncSatF64U(S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64TruncSatF32S:
                    S(ref fp, ref ip, 1) = (ulong)NumericOps.I64TruncSatF32S((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64TruncSatF32U:
                    S(ref fp, ref ip, 1) = NumericOps.I64TruncSatF32U((uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64TruncSatF64S:
                    S(ref fp, ref ip, 1) = (ulong)NumericOps.I64TruncSatF64S(S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I64TruncSatF64U:
                    S(ref fp, ref ip, 1) = NumericOps.I64TruncSatF64U(S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                case Op.I32TruncF32S:
                {
                    trap = NumericOps.I32TruncF32S((uint)S(ref fp, ref ip, 2), out int r);
                    if (trap != TrapKind.None) goto Trap;
                    S(ref fp, ref ip, 1) = (uint)r;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.I32TruncF32U:
                {
                    trap = NumericOps.I32TruncF32U((uint)S(ref fp, ref ip, 2), out uint r);
                    if (trap != TrapKind.None) goto Trap;
                    S(ref fp, ref ip, 1) = r;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.I32TruncF64S:
                {
                    trap = NumericOps.I32TruncF64S(S(ref fp, ref ip, 2), out int r);
                    if (trap != TrapKind.None) goto Trap;
                    S(ref fp, ref ip, 1) = (uint)r;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.I32TruncF64U:
                {
                    trap = NumericOps.I32TruncF64U(S(ref fp, ref ip, 2), out uint r);
                    if (trap != TrapKind.None) goto Trap;
                    S(ref fp, ref ip, 1) = r;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.I64TruncF32S:
                {
                    trap = NumericOps.I64TruncF32S((uint)S(ref fp, ref ip, 2), out long r);
                    if (trap != TrapKind.None) goto Trap;
                    S(ref fp, ref ip, 1) = (ulong)r;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.I64TruncF32U:
                {
                    trap = NumericOps.I64TruncF32U((uint)S(ref fp, ref ip, 2), out ulong r);
                    if (trap != TrapKind.None) goto Trap;
                    S(ref fp, ref ip, 1) = r;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.I64TruncF64S:
                {
                    trap = NumericOps.I64TruncF64S(S(ref fp, ref ip, 2), out long r);
                    if (trap != TrapKind.None) goto Trap;
                    S(ref fp, ref ip, 1) = (ulong)r;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.I64TruncF64U:
                {
                    trap = NumericOps.I64TruncF64U(S(ref fp, ref ip, 2), out ulong r);
                    if (trap != TrapKind.None) goto Trap;
                    S(ref fp, ref ip, 1) = r;
                    ip = ref Unsafe.Add(ref ip, 3);
                    break;
                }
                case Op.I32Load:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 4 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64Load:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32Load8S:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 1 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = (uint)(int)Unsafe.ReadUnaligned<sbyte>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32Load8U:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 1 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = Unsafe.ReadUnaligned<byte>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32Load16S:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 2 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = (uint)(int)Unsafe.ReadUnaligned<short>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I32Load16U:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 2 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64Load8S:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 1 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = (ulong)(long)Unsafe.ReadUnaligned<sbyte>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64Load8U:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 1 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = Unsafe.ReadUnaligned<byte>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64Load16S:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 2 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = (ulong)(long)Unsafe.ReadUnaligned<short>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64Load16U:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 2 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64Load32S:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 4 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = (ulong)(long)Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.I64Load32U:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 4 > memoryLength) goto TrapMemory;
                    S(ref fp, ref ip, 1) = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref memoryBase, (nint)address));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.Store8:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 1 > memoryLength) goto TrapMemory;
                    memory!.NoteWrite(address, 1);
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref memoryBase, (nint)address), (byte)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.Store16:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 2 > memoryLength) goto TrapMemory;
                    memory!.NoteWrite(address, 2);
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref memoryBase, (nint)address), (ushort)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.Store32:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 4 > memoryLength) goto TrapMemory;
                    memory!.NoteWrite(address, 4);
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref memoryBase, (nint)address), (uint)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                case Op.Store64:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) goto TrapMemory;
                    memory!.NoteWrite(address, 8);
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref memoryBase, (nint)address), (ulong)S(ref fp, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    break;
                }
                default:
                    if (word >= (int)Op.V128Load)
                    {
                        int simdWidth = ExecuteSimd((Op)word, ref fp, ref ip, ref memoryBase, memoryLength, memory);
                        if (simdWidth == 0) goto TrapMemory;
                        ip = ref Unsafe.Add(ref ip, simdWidth);
                        break;
                    }
                    return InvalidOpcode(function, ref ip);
            }
            continue;

        EnterCallee:
            {
                // Push the caller; the callee's frame starts at its first argument, so arguments are not copied.
                if ((uint)depth >= (uint)frames.Length)
                {
                    if (!stack.EnsureFrame(depth)) goto TrapCallStack;
                    frames = stack.Frames;
                }
                ref var frame = ref frames[depth++];
                bool crossesInstances = !ReferenceEquals(calleeInstance, instance);
                frame.Instance = crossesInstances ? instance : null;
                frame.FunctionIndex = function.DefinedIndex;
                frame.ReturnIp = IpIndex(function, ref ip) + callLength;
                frame.FrameBase = frameBase;
                frameBase += argBase;
                if ((long)frameBase + callee.FrameSize > slotArray.Length)
                {
                    if (!stack.EnsureSlots((long)frameBase + callee.FrameSize)) goto TrapCallStackAfterPush;
                    slotArray = stack.Slots;
                }
                fp = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slotArray), frameBase);
                ClearLocals(ref fp, callee);
                function = callee;
                ip = ref MemoryMarshal.GetArrayDataReference(callee.Code);
                if (crossesInstances)
                {
                    instance = calleeInstance;
                    moduleFunctions = instance.Module.Functions;
                    globals = instance.Globals;
                    memory = instance.Memories.Length > 0 ? instance.Memories[0] : null;
                    memoryBase = ref memory is null ? ref Unsafe.NullRef<byte>() : ref MemoryMarshal.GetArrayDataReference(memory.UntrackedBuffer);
                    memoryLength = memory is null ? 0 : memory.Length;
                }
                if (TTracing.Enabled) store.Tracer!.OnCallEnter(instance, function.FunctionIndex, fuel);
            }
            continue;

        CallHostFunction:
            {
                store.Fuel = fuel;
                stack.Top = frameBase + function.FrameSize;
                stack.Depth = depth;
                if (TTracing.Enabled) store.Tracer!.OnHostCall(target, fuel);
                var hostTrap = CallHost(store, target, instance, frameBase + argBase);
                fuel = store.Fuel;
                if (hostTrap is not null)
                {
                    if (TTracing.Enabled) store.Tracer!.OnTrap(hostTrap, fuel);
                    return hostTrap;
                }
                // The host may have re-entered Wasm (growing the stacks) or grown the memory.
                slotArray = stack.Slots;
                frames = stack.Frames;
                fp = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slotArray), frameBase);
                memoryBase = ref memory is null ? ref Unsafe.NullRef<byte>() : ref MemoryMarshal.GetArrayDataReference(memory.UntrackedBuffer);
                memoryLength = memory is null ? 0 : memory.Length;
                ip = ref Unsafe.Add(ref ip, callLength);
            }
            continue;

        Return:
            if (TTracing.Enabled) store.Tracer!.OnCallExit(instance, function.FunctionIndex, fuel);
            if (depth == entryDepth)
            {
                store.Fuel = fuel;
                return null;
            }
            {
                ref var caller = ref frames[--depth];
                if (caller.Instance is not null)
                {
                    instance = caller.Instance;
                    moduleFunctions = instance.Module.Functions;
                    globals = instance.Globals;
                    memory = instance.Memories.Length > 0 ? instance.Memories[0] : null;
                    memoryBase = ref memory is null ? ref Unsafe.NullRef<byte>() : ref MemoryMarshal.GetArrayDataReference(memory.UntrackedBuffer);
                    memoryLength = memory is null ? 0 : memory.Length;
                }
                else if (memory is not null)
                {
                    // The callee may have grown the shared memory.
                    memoryBase = ref MemoryMarshal.GetArrayDataReference(memory.UntrackedBuffer);
                    memoryLength = memory.Length;
                }
                function = moduleFunctions[caller.FunctionIndex];
                ip = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(function.Code), caller.ReturnIp);
                frameBase = caller.FrameBase;
                fp = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slotArray), frameBase);
            }
            continue;
        }

    TrapCallStackAfterPush:
        depth--;
    TrapCallStack:
        trap = TrapKind.CallStackExhausted;
        goto Trap;
    TrapDivideByZero:
        trap = TrapKind.IntegerDivideByZero;
        goto Trap;
    TrapIntegerOverflow:
        trap = TrapKind.IntegerOverflow;
        goto Trap;
    TrapMemory:
        trap = TrapKind.MemoryOutOfBounds;
        goto Trap;
    TrapTable:
        trap = TrapKind.TableOutOfBounds;
        goto Trap;
    TrapUndefinedElement:
        trap = TrapKind.UndefinedElement;
        goto Trap;
    TrapUninitializedElement:
        trap = TrapKind.UninitializedElement;
        goto Trap;
    TrapIndirectType:
        trap = TrapKind.IndirectCallTypeMismatch;
        goto Trap;
    TrapOutOfFuel:
        // Out of fuel consumes everything that was left: gas used equals the limit.
        fuel = 0;
        trap = TrapKind.OutOfFuel;
    Trap:
        store.Fuel = fuel;
        var trapped = MakeTrap(trap, function, IpIndex(function, ref ip));
        if (TTracing.Enabled) store.Tracer!.OnTrap(trapped, fuel);
        return trapped;
    }

    /// <summary>Zeroes a callee's declared locals (parameters are already in place) and loads its constants.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearLocals(ref ulong fp, CompiledFunction callee)
    {
        int start = callee.ParameterCount, end = callee.LocalCount;
        if (end - start <= 8)
        {
            for (int i = start; i < end; i++) Unsafe.Add(ref fp, i) = 0;
        }
        else
        {
            MemoryMarshal.CreateSpan(ref Unsafe.Add(ref fp, start), end - start).Clear();
        }
        var constants = callee.Constants;
        if (constants.Length != 0)
        {
            if (constants.Length <= 8)
            {
                for (int i = 0; i < constants.Length; i++) Unsafe.Add(ref fp, end + i) = constants[i];
            }
            else
            {
                constants.AsSpan().CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref fp, end), constants.Length));
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Trap MakeTrap(TrapKind kind, CompiledFunction function, int ipIndex)
    {
        int offset = -1;
        var map = function.OffsetMap;
        // Binary search the last instruction starting at or before ipIndex.
        int lo = 0, hi = map.Length / 2 - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (map[2 * mid] <= ipIndex)
            {
                offset = map[2 * mid + 1];
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return new Trap(kind, null, function.FunctionIndex, offset);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Trap InvalidOpcode(CompiledFunction function, ref int ip) =>
        throw new InvalidOperationException($"corrupt register code: opcode {ip} at {IpIndex(function, ref ip)} in function {function.FunctionIndex}");

    /// <summary>
    /// Calls a host function with the arguments at absolute slot <paramref name="argumentSlot"/> and writes its
    /// results there. A host exception becomes a <see cref="TrapKind.HostError"/> trap: it never unwinds the
    /// interpreter.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Trap? CallHost(Store store, Function function, Instance? caller, int argumentSlot)
    {
        var type = function.Type;
        int parameterCount = type.Parameters.Length;
        int resultCount = type.Results.Length;
        var buffer = ArrayPool<Value>.Shared.Rent(parameterCount + resultCount);
        try
        {
            var slots = store.Stack.Slots;
            for (int i = 0; i < parameterCount; i++)
                buffer[i] = store.FromCell(type.Parameters[i], slots.AsSpan(argumentSlot + i * CompiledFunction.WordsPerCell, CompiledFunction.WordsPerCell));
            var arguments = new ReadOnlySpan<Value>(buffer, 0, parameterCount);
            var results = new Span<Value>(buffer, parameterCount, resultCount);
            results.Clear();
            Trap? trap;
            try
            {
                trap = function.Host!(new Caller(store, caller), arguments, results);
            }
            catch (TrapException e)
            {
                trap = e.Trap;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                trap = new Trap(TrapKind.HostError, $"host function failed: {e.GetType().Name}: {e.Message}");
            }
            if (trap is not null) return trap;

            // The host may have re-entered Wasm and grown the value stack: index the current array.
            slots = store.Stack.Slots;
            for (int i = 0; i < resultCount; i++)
            {
                var value = results[i];
                if (value.Type != type.Results[i] || value.Reference is { } f && !ReferenceEquals(f.Store, store))
                    return new Trap(TrapKind.HostError, $"host function returned a {value.Type} of another store or type for result {i} of type {type.Results[i]}");
                store.ToCell(value, slots.AsSpan(argumentSlot + i * CompiledFunction.WordsPerCell, CompiledFunction.WordsPerCell));
            }
            return null;
        }
        finally
        {
            ArrayPool<Value>.Shared.Return(buffer);
        }
    }
}
