using Contracts.Engine.Model;

namespace Contracts.Engine.Validation;

/// <summary>Validates a decoded module per the WebAssembly 2.0 spec. (Being written.)</summary>
public static class ModuleValidator
{
    public static void Validate(ModuleInfo module, ValidationLimits limits) => throw new NotImplementedException();
}
