using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Validation;
using Xunit;

namespace Contracts.Engine.Tests.Binary;

internal static class DecoderAssert
{
    public static ModuleInfo Decodes(byte[] bytes, ValidationLimits? limits = null) =>
        ModuleDecoder.Decode(bytes, limits ?? ValidationLimits.Permissive);

    public static WasmDecodeException Malformed(byte[] bytes, WasmErrorKind kind, string messagePrefix)
    {
        var e = Assert.Throws<WasmDecodeException>(() => ModuleDecoder.Decode(bytes, ValidationLimits.Permissive));
        Assert.Equal(kind, e.Kind);
        Assert.StartsWith(messagePrefix, e.Detail);
        return e;
    }

    public static WasmValidationException Invalid(byte[] bytes, WasmErrorKind kind, string messagePrefix, ValidationLimits? limits = null)
    {
        var e = Assert.Throws<WasmValidationException>(() => ModuleDecoder.Decode(bytes, limits ?? ValidationLimits.Permissive));
        Assert.Equal(kind, e.Kind);
        Assert.StartsWith(messagePrefix, e.Detail);
        return e;
    }
}
