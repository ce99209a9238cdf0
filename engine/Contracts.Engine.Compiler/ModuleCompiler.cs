using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>Compiles every supported function of a module to dynamic methods (IL), in two passes: first every method is
/// declared (so calls between them are direct IL calls, recursion included), then every body is emitted.</summary>
/// <remarks>A function with at most one result gets a <em>direct</em> method that takes its parameters as IL arguments
/// and returns its result (see <see cref="CompiledCalls"/>), which compiled callers in the module call, plus a small
/// frame entry (the <see cref="CompiledCode"/> signature) for the interpreter, the host and other modules: it reads the
/// arguments from the frame and writes the result back. A function with more results has only the frame method.</remarks>
internal static class ModuleCompiler
{
    public static ModuleCode Compile(Module module)
    {
        var functions = module.Functions;
        var reasons = new string?[functions.Length];
        var entries = new DynamicMethod?[functions.Length];
        var direct = new DynamicMethod?[functions.Length];
        var costs = new int[functions.Length];
        var movers = MemoryMovers.Find(module);
        bool fuelInArguments = false;
        for (int i = 0; i < functions.Length; i++)
        {
            costs[i] = ModuleCode.FrameCost(functions[i]);
            reasons[i] = FunctionSupport.WhyInterpreted(module, functions[i]);
            if (reasons[i] is null && FunctionEmitter.Uses(functions[i].Code).ChargesFuel) fuelInArguments = true;
        }
        int carried = CarriedGlobal.Find(module, reasons);
        // Leaves whose charges their callers make, in a module whose direct calls carry the fuel (FunctionEmitter.PrepaidLeaves.cs).
        var prepaid = new (long Amount, int At)[]?[functions.Length];
        for (int i = 0; i < functions.Length; i++)
        {
            if (reasons[i] is not null) continue;
            if (fuelInArguments) prepaid[i] = FunctionEmitter.PrepaidCharges(functions[i]);
            entries[i] = new DynamicMethod($"wasm_f{functions[i].FunctionIndex}", typeof(int), CompiledCalls.FrameSignature,
                typeof(ModuleCompiler).Module, skipVisibility: true);
            if (CompiledCalls.IsDirect(functions[i].Type))
            {
                // A prepaid leaf takes neither the fuel nor the carried global.
                bool carries = prepaid[i] is null;
                direct[i] = new DynamicMethod($"wasm_f{functions[i].FunctionIndex}_direct", CompiledCalls.DirectReturn(fuelInArguments && carries),
                    CompiledCalls.DirectSignature(functions[i].Type, fuelInArguments && carries, carried >= 0 && carries),
                    typeof(ModuleCompiler).Module, skipVisibility: true);
            }
        }
        // The counter's entry checks the budget's test makes in direct calls (ImpliedHeightChecks).
        var implied = ImpliedHeightChecks.Find(module, carried, reasons, costs, prepaid);
        for (int i = 0; i < functions.Length; i++)
        {
            if (entries[i] is not { } entry) continue;
            if (direct[i] is { } body)
            {
                new FunctionEmitter(module, functions[i], body, direct: true, entries, direct, costs, movers, fuelInArguments, carried, prepaid)
                {
                    ImpliedHeightCheckAt = implied?.ElidedAt[i] ?? -1,
                }.Emit();
                // A prepaid leaf's frame entry charges for itself: the function compiled whole in the frame convention.
                if (prepaid[i] is null) CompiledCalls.EmitFrameEntry(entry, body, functions[i].Type, fuelInArguments, carried, implied, i);
                else new FunctionEmitter(module, functions[i], entry, direct: false, entries, direct, costs, movers, fuelInArguments, carried, prepaid).Emit();
            }
            else
            {
                new FunctionEmitter(module, functions[i], entry, direct: false, entries, direct, costs, movers, fuelInArguments, carried, prepaid).Emit();
            }
        }
        var delegates = new CompiledCode?[functions.Length];
        for (int i = 0; i < functions.Length; i++)
            delegates[i] = (CompiledCode?)entries[i]?.CreateDelegate(typeof(CompiledCode));
        return new ModuleCode { Entries = delegates, FrameCosts = costs, InterpretedBecause = reasons, Methods = entries };
    }
}
