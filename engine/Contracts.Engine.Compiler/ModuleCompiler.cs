using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>Compiles every supported function of a module to a dynamic method (IL), in two passes: first every
/// method is declared (so calls between them are direct IL calls, recursion included), then every body is emitted.</summary>
internal static class ModuleCompiler
{
    public static ModuleCode Compile(Module module)
    {
        var functions = module.Functions;
        var reasons = new string?[functions.Length];
        var methods = new DynamicMethod?[functions.Length];
        var costs = new int[functions.Length];
        for (int i = 0; i < functions.Length; i++)
        {
            costs[i] = ModuleCode.FrameCost(functions[i]);
            reasons[i] = FunctionSupport.WhyInterpreted(module, functions[i]);
            if (reasons[i] is null)
            {
                methods[i] = new DynamicMethod($"wasm_f{functions[i].FunctionIndex}", typeof(int),
                    [typeof(InstanceContext), typeof(int), typeof(int), typeof(int)], typeof(ModuleCompiler).Module, skipVisibility: true);
            }
        }
        for (int i = 0; i < functions.Length; i++)
        {
            if (methods[i] is { } method) new FunctionEmitter(module, functions[i], method, methods, costs).Emit();
        }
        var entries = new CompiledCode?[functions.Length];
        for (int i = 0; i < functions.Length; i++)
            entries[i] = (CompiledCode?)methods[i]?.CreateDelegate(typeof(CompiledCode));
        return new ModuleCode { Entries = entries, FrameCosts = costs, InterpretedBecause = reasons, Methods = methods };
    }
}
