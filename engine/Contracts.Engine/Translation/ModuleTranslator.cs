using Contracts.Engine.Execution;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Translation;

/// <summary>Translates every function body of a validated module into register code.</summary>
internal static class ModuleTranslator
{
    public static CompiledFunction[] TranslateAll(ModuleInfo module, EngineConfig config)
    {
        int fuelFunction = FuelFunctionIndex(module, config);
        var translator = new FunctionTranslator(module, fuelFunction);
        var functions = new CompiledFunction[module.Bodies.Length];
        for (int i = 0; i < functions.Length; i++)
        {
            functions[i] = translator.Translate(i);
            OpLayout.VerifyInDebug(functions[i]);
        }
        return functions;
    }

    /// <summary>The function index of the import bound to the engine's fuel intrinsic, or -1.</summary>
    public static int FuelFunctionIndex(ModuleInfo module, EngineConfig config)
    {
        if (config.FuelImport is not { } fuel) return -1;
        int functionIndex = 0;
        foreach (var import in module.Imports)
        {
            if (import.Kind != ExternalKind.Function) continue;
            if (import.Module == fuel.Module && import.Name == fuel.Name)
            {
                var type = module.Types[import.FunctionTypeIndex];
                if (type.Parameters is [ValueType.I64] && type.Results.Length == 0) return functionIndex;
            }
            functionIndex++;
        }
        return -1;
    }
}
