using Contracts.Engine.Model;
using Contracts.Engine.Validation;

namespace Contracts.Engine.Binary;

/// <summary>Decodes a WebAssembly 2.0 binary into a <see cref="ModuleInfo"/>. (Being written.)</summary>
public static class ModuleDecoder
{
    public static ModuleInfo Decode(byte[] bytes, ValidationLimits limits) => throw new NotImplementedException();
}
