using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// What compiled code calls for the rare or heavy operations: traps, calls that leave the compiled module, bulk
/// memory and table operations. Each does exactly what the interpreter's case for the op does (see
/// <c>Execution/Executor.cs</c>); a non-zero <see cref="TrapKind"/> result means the op traps there.
/// </summary>
internal static class CompiledRuntime
{
    /// <summary>Base of the instance's memory 0 (a null reference when it has none: every access is out of bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref byte MemoryBase(InstanceContext context)
    {
        var memories = context.Instance.Memories;
        return ref memories.Length == 0 ? ref Unsafe.NullRef<byte>() : ref MemoryMarshal.GetArrayDataReference(memories[0].Buffer);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MemoryLength(InstanceContext context)
    {
        var memories = context.Instance.Memories;
        return memories.Length == 0 ? 0 : memories[0].Length;
    }

    /// <summary>Records a trap of compiled code at a statically known place; returns 1 (the trapped status).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Trap(InstanceContext context, int kind, int functionIndex, int offset, long fuel)
    {
        // Out of fuel consumes everything that was left: gas used equals the limit (as the interpreter does).
        context.Store.Fuel = (TrapKind)kind == TrapKind.OutOfFuel ? 0 : fuel;
        context.PendingTrap = new Trap((TrapKind)kind, null, functionIndex, offset);
        return 1;
    }

    /// <summary>Grows the value stack for a callee's frame ending at word <paramref name="end"/>; false past the limit.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool EnsureSlots(InstanceContext context, int end) => context.Stack.EnsureSlots(end);

    /// <summary>Interprets a function of this module that has no compiled code (or for which the native budget is spent).
    /// Never inlined: its try/finally and thread-static access would otherwise sit in every compiled function with calls.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CallInterpreted(InstanceContext context, int definedIndex, int frameBase, int depth, int nativeBudget)
    {
        var instance = context.Instance;
        int saved = NativeStackBudget.Leave(nativeBudget);
        Trap? trap;
        try
        {
            trap = Executor.RunNested(context.Store, instance.Module.Functions[definedIndex], instance, frameBase, depth);
        }
        finally
        {
            NativeStackBudget.Restore(saved);
        }
        if (trap is null) return 0;
        context.PendingTrap = trap;
        return 1;
    }

    /// <summary>
    /// Calls <paramref name="target"/> (an import or a table element) with its arguments at <paramref name="frameBase"/>:
    /// a host function through the interpreter's host call, Wasm code compiled or interpreted. The depth and slot
    /// checks are the interpreter's, in its order, and trap at the calling instruction.
    /// </summary>
    public static int CallFunction(InstanceContext context, Function target, int frameBase, int depth, int nativeBudget,
        int callerFrameEnd, int functionIndex, int offset)
    {
        var store = context.Store;
        var stack = context.Stack;
        if (target.Code is not { } callee)
        {
            stack.Top = callerFrameEnd;
            // Compiled frames use no interpreter frames, so the frame stack may be far shorter than the depth; a host
            // re-entering Wasm from here pushes its frame at the depth (and grows the stack by one doubling only).
            while (depth >= stack.Frames.Length && stack.EnsureFrame(depth))
            {
            }
            stack.Depth = depth;
            int saved = NativeStackBudget.Leave(nativeBudget);
            Trap? hostTrap;
            try
            {
                hostTrap = Executor.CallHost(store, target, context.Instance, frameBase);
            }
            finally
            {
                NativeStackBudget.Restore(saved);
            }
            if (hostTrap is null) return 0;
            context.PendingTrap = hostTrap;
            return 1;
        }
        if (depth >= context.MaxCallDepth || ((long)frameBase + callee.FrameSize > stack.Slots.Length && !stack.EnsureSlots((long)frameBase + callee.FrameSize)))
            return Trap(context, (int)TrapKind.CallStackExhausted, functionIndex, offset, store.Fuel);
        var owner = target.Owner!;
        if (owner.Module.TierCode is ModuleCode code && code.Entries[callee.DefinedIndex] is { } entry
            && nativeBudget >= code.FrameCosts[callee.DefinedIndex] + ModuleCode.HelperCost)
        {
            var calleeContext = ReferenceEquals(owner, context.Instance) ? context : InstanceContext.For(owner, code);
            // Compiled code called from compiled code: a trap unwinds through here to the caller's entry (CompiledTrap).
            return entry(calleeContext, frameBase, depth + 1, nativeBudget - code.FrameCosts[callee.DefinedIndex] - ModuleCode.HelperCost);
        }
        int savedBudget = NativeStackBudget.Leave(nativeBudget);
        Trap? trap;
        try
        {
            trap = Executor.RunNested(store, callee, owner, frameBase, depth);
        }
        finally
        {
            NativeStackBudget.Restore(savedBudget);
        }
        if (trap is null) return 0;
        context.PendingTrap = trap;
        return 1;
    }

    /// <summary>call_indirect: the interpreter's element checks, then <see cref="CallFunction"/>.</summary>
    public static int CallIndirect(InstanceContext context, int typeIndex, int tableIndex, uint index, int frameBase, int depth,
        int nativeBudget, int callerFrameEnd, int functionIndex, int offset)
    {
        var instance = context.Instance;
        var expected = instance.Module.Info.Types[typeIndex];
        var table = instance.Tables[tableIndex];
        TrapKind kind;
        if (index >= table.Count)
        {
            kind = TrapKind.UndefinedElement;
        }
        else if (table.Elements[index] is var element && element == 0)
        {
            kind = TrapKind.UninitializedElement;
        }
        else
        {
            var target = context.Store.FunctionFromHandle((int)(element - 1));
            if (ReferenceEquals(target.Type, expected) || target.Type.Equals(expected))
                return CallFunction(context, target, frameBase, depth, nativeBudget, callerFrameEnd, functionIndex, offset);
            kind = TrapKind.IndirectCallTypeMismatch;
        }
        return Trap(context, (int)kind, functionIndex, offset, context.Store.Fuel);
    }

    public static Function ImportedFunction(InstanceContext context, int index) => context.Instance.Functions[index];

    public static int MemoryGrow(InstanceContext context, uint delta) => context.Instance.Memories[0].Grow(delta);

    public static int MemoryFill(InstanceContext context, uint destination, uint value, uint count)
    {
        var memory = context.Instance.Memories[0];
        if ((ulong)destination + count > memory.Length) return (int)TrapKind.MemoryOutOfBounds;
        memory.Buffer.AsSpan((int)destination, (int)count).Fill((byte)value);
        return 0;
    }

    public static int MemoryCopy(InstanceContext context, uint destination, uint source, uint count)
    {
        var memory = context.Instance.Memories[0];
        if ((ulong)destination + count > memory.Length || (ulong)source + count > memory.Length) return (int)TrapKind.MemoryOutOfBounds;
        memory.Buffer.AsSpan((int)source, (int)count).CopyTo(memory.Buffer.AsSpan((int)destination, (int)count));
        return 0;
    }

    public static int MemoryInit(InstanceContext context, int segment, uint destination, uint source, uint count)
    {
        var instance = context.Instance;
        var data = instance.DataSegments[segment].Span;
        ulong length = instance.Memories.Length == 0 ? 0 : instance.Memories[0].Length;
        if ((ulong)destination + count > length || (ulong)source + count > (ulong)data.Length) return (int)TrapKind.MemoryOutOfBounds;
        if (count != 0) data.Slice((int)source, (int)count).CopyTo(instance.Memories[0].Buffer.AsSpan((int)destination, (int)count));
        return 0;
    }

    public static void DataDrop(InstanceContext context, int segment) => context.Instance.DataSegments[segment] = ReadOnlyMemory<byte>.Empty;

    public static int TableGet(InstanceContext context, int tableIndex, uint index, out ulong value)
    {
        var table = context.Instance.Tables[tableIndex];
        if (index >= table.Count)
        {
            value = 0;
            return (int)TrapKind.TableOutOfBounds;
        }
        value = table.Elements[index];
        return 0;
    }

    public static int TableSet(InstanceContext context, int tableIndex, uint index, ulong value)
    {
        var table = context.Instance.Tables[tableIndex];
        if (index >= table.Count) return (int)TrapKind.TableOutOfBounds;
        table.Elements[index] = value;
        return 0;
    }

    public static uint TableSize(InstanceContext context, int tableIndex) => context.Instance.Tables[tableIndex].Count;

    public static int TableGrow(InstanceContext context, int tableIndex, ulong value, uint delta) =>
        context.Instance.Tables[tableIndex].Grow(delta, value);

    public static int TableFill(InstanceContext context, int tableIndex, uint start, ulong value, uint count)
    {
        var table = context.Instance.Tables[tableIndex];
        if ((ulong)start + count > table.Count) return (int)TrapKind.TableOutOfBounds;
        table.Elements.AsSpan((int)start, (int)count).Fill(value);
        return 0;
    }

    public static int TableCopy(InstanceContext context, int destinationIndex, int sourceIndex, uint destination, uint source, uint count)
    {
        var destinationTable = context.Instance.Tables[destinationIndex];
        var sourceTable = context.Instance.Tables[sourceIndex];
        if ((ulong)destination + count > destinationTable.Count || (ulong)source + count > sourceTable.Count) return (int)TrapKind.TableOutOfBounds;
        Array.Copy(sourceTable.Elements, (int)source, destinationTable.Elements, (int)destination, (int)count);
        return 0;
    }

    public static int TableInit(InstanceContext context, int tableIndex, int segmentIndex, uint destination, uint source, uint count)
    {
        var table = context.Instance.Tables[tableIndex];
        var segment = context.Instance.ElementSegments[segmentIndex];
        if ((ulong)destination + count > table.Count || (ulong)source + count > (ulong)segment.Length) return (int)TrapKind.TableOutOfBounds;
        Array.Copy(segment, (int)source, table.Elements, (int)destination, (int)count);
        return 0;
    }

    public static void ElemDrop(InstanceContext context, int segment) => context.Instance.ElementSegments[segment] = [];

    public static ulong RefFunc(InstanceContext context, int index) => (ulong)context.Instance.Functions[index].Handle + 1;
}
