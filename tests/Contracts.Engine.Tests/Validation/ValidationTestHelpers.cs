using Contracts.Engine.Loading;
using Xunit;
using Contracts.Engine.Binary;
using Contracts.Engine.Model;
using Contracts.Engine.Tests.Support;
using Contracts.Engine.Validation;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Validation;

/// <summary>Shorthands for validating built modules and asserting the error kind.</summary>
internal static class ValidationTestHelpers
{
    public static readonly ValueType[] None = [];
    public static readonly ValueType[] I32 = [ValueType.I32];
    public static readonly ValueType[] I64 = [ValueType.I64];
    public static readonly ValueType[] F32 = [ValueType.F32];
    public static readonly ValueType[] F64 = [ValueType.F64];

    /// <summary>
    /// Validates the builder's model, and the decoder's model of the builder's bytes, so the builder and the decoder
    /// are checked to agree on what the validator sees.
    /// </summary>
    public static void AssertValid(WasmModuleBuilder module, ValidationLimits? limits = null)
    {
        limits ??= ValidationLimits.Permissive;
        ModuleValidator.Validate(module.ToModuleInfo(), limits);
        ModuleValidator.Validate(ModuleDecoder.Decode(module.ToBytes(), limits), limits);
    }

    public static WasmLoadException AssertFails(WasmModuleBuilder module, WasmErrorKind kind, ValidationLimits? limits = null)
    {
        var info = module.ToModuleInfo();
        var error = Assert.ThrowsAny<WasmLoadException>(() => ModuleValidator.Validate(info, limits ?? ValidationLimits.Permissive));
        Assert.True(kind == error.Kind, $"expected {kind}, got {error.Kind}: {error.Message}");
        // Decoding errors and validation errors are told apart by the exception type as well as the kind.
        if (error.IsMalformed) Assert.IsType<WasmDecodeException>(error);
        else Assert.IsType<WasmValidationException>(error);
        // The whole pipeline rejects the bytes too, though the decoder may find a different first error.
        var bytes = module.ToBytes();
        Assert.ThrowsAny<WasmLoadException>(() =>
            ModuleValidator.Validate(ModuleDecoder.Decode(bytes, limits ?? ValidationLimits.Permissive), limits ?? ValidationLimits.Permissive));
        return error;
    }

    /// <summary>A module with one function of type [parameters] -> [results] and the given body.</summary>
    public static WasmModuleBuilder Function(ValueType[] parameters, ValueType[] results, CodeBuilder code, params LocalGroup[] locals)
    {
        var module = new WasmModuleBuilder();
        module.AddFunction(parameters, results, code, locals);
        return module;
    }

    /// <summary>A module with one memory and one function of type [parameters] -> [results].</summary>
    public static WasmModuleBuilder FunctionWithMemory(ValueType[] parameters, ValueType[] results, CodeBuilder code)
    {
        var module = new WasmModuleBuilder();
        module.AddMemory(1);
        module.AddFunction(parameters, results, code);
        return module;
    }

    public static CodeBuilder Code() => new();
}
