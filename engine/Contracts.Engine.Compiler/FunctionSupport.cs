using Contracts.Engine.Execution;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Which functions the compiled tier runs. Compiled code keeps each value cell's first word in a .NET local, which is
/// all a scalar has; a function that can hold a v128 (a v128 parameter, local, global or call type) or uses an op the
/// emitter does not know (SIMD) is interpreted instead — per function, with identical results, as its callers and
/// callees cross between the tiers through the same frames.
/// </summary>
internal static class FunctionSupport
{
    /// <summary>Null when <paramref name="function"/> compiles, else why it is interpreted.</summary>
    public static string? WhyInterpreted(Module module, CompiledFunction function)
    {
        var info = module.Info;
        if (HasVector(function.Type)) return "v128 in its type";
        var body = info.Bodies[function.DefinedIndex];
        foreach (var group in body.Locals)
        {
            if (group.Type == ValueType.V128) return "a v128 local";
        }
        var code = function.Code;
        int at = 0;
        while (at < code.Length)
        {
            if (code[at] < 0)
            {
                at++;
                continue;
            }
            var op = (Op)code[at];
            if (!FunctionEmitter.Supports(op)) return $"op {op} is interpreted";
            switch (op)
            {
                case Op.CallInternal:
                case Op.CallImported:
                    if (HasVector(info.GetFunctionType((uint)(op == Op.CallInternal ? info.ImportedFunctionCount + code[at + 1] : code[at + 1]))))
                        return "a call with v128 in its type";
                    break;
                case Op.CallIndirect:
                    if (HasVector(info.Types[code[at + 1]])) return "a call with v128 in its type";
                    break;
                case Op.GlobalGet:
                    if (info.AllGlobals[code[at + 2]].ValueType == ValueType.V128) return "a v128 global";
                    break;
            }
            at += OpLayout.Width(code, at);
        }
        return null;
    }

    private static bool HasVector(FunctionType type) =>
        type.Parameters.Contains(ValueType.V128) || type.Results.Contains(ValueType.V128);
}
