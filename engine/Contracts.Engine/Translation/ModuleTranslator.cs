using Contracts.Engine.Model;

namespace Contracts.Engine.Translation;

/// <summary>Translates every function body of a validated module into register code. (Being written.)</summary>
internal static class ModuleTranslator
{
    public static CompiledFunction[] TranslateAll(ModuleInfo module, EngineConfig config) => throw new NotImplementedException();
}
