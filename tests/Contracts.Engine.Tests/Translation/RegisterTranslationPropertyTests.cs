using Contracts.Engine.Binary;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Engine.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Translation;

/// <summary>
/// The register translator defers <c>local.get</c> and constants and retargets results into locals; these
/// properties run random stack programs that stress exactly that (locals overwritten while deferred reads are
/// still on the stack, values carried across blocks and branches) and compare with a direct stack evaluator.
/// </summary>
public sealed class RegisterTranslationPropertyTests
{
    private const int Locals = 4;

    private enum Kind { Get, Set, Tee, Const, Add, Sub, Mul, Xor, LtS, Drop, Select, BranchBlock, IfElse }

    private readonly record struct Step(Kind Kind, int Local, int Constant);

    private static Gen<Step[]> Programs =>
        from length in Gen.Choose(1, 40)
        from steps in Gen.ArrayOf(
            from kind in Gen.Elements(Enum.GetValues<Kind>())
            from local in Gen.Choose(0, Locals - 1)
            from constant in Gen.Choose(-5, 5)
            select new Step(kind, local, constant), length)
        select steps;

    /// <summary>Encodes the program (skipping steps the stack cannot take) and evaluates it directly.</summary>
    private static (byte[] Code, int Expected) Build(Step[] steps, int[] arguments)
    {
        var code = new CodeBuilder();
        var locals = (int[])arguments.Clone();
        var stack = new Stack<int>();
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case Kind.Get:
                    code.LocalGet((uint)step.Local);
                    stack.Push(locals[step.Local]);
                    break;
                case Kind.Set when stack.Count >= 1:
                    code.LocalSet((uint)step.Local);
                    locals[step.Local] = stack.Pop();
                    break;
                case Kind.Tee when stack.Count >= 1:
                    code.LocalTee((uint)step.Local);
                    locals[step.Local] = stack.Peek();
                    break;
                case Kind.Const:
                    code.I32Const(step.Constant);
                    stack.Push(step.Constant);
                    break;
                case Kind.Add or Kind.Sub or Kind.Mul or Kind.Xor or Kind.LtS when stack.Count >= 2:
                {
                    int b = stack.Pop(), a = stack.Pop();
                    (Opcode op, int r) = step.Kind switch
                    {
                        Kind.Add => (Opcode.I32Add, a + b),
                        Kind.Sub => (Opcode.I32Sub, a - b),
                        Kind.Mul => (Opcode.I32Mul, a * b),
                        Kind.Xor => (Opcode.I32Xor, a ^ b),
                        _ => (Opcode.I32LtS, a < b ? 1 : 0),
                    };
                    code.Op(op);
                    stack.Push(r);
                    break;
                }
                case Kind.Drop when stack.Count >= 1:
                    code.Drop();
                    stack.Pop();
                    break;
                case Kind.Select when stack.Count >= 3:
                {
                    int c = stack.Pop(), b = stack.Pop(), a = stack.Pop();
                    code.Select();
                    stack.Push(c != 0 ? a : b);
                    break;
                }
                case Kind.BranchBlock when stack.Count >= 1:
                {
                    // local.set L ; block (result i32): local.get L ; local.get L' ; br_if 0 ; drop ; const C
                    int value = stack.Pop();
                    int other = (step.Local + 1) % Locals;
                    code.LocalSet((uint)step.Local).Block(ValueType.I32).LocalGet((uint)step.Local).LocalGet((uint)other)
                        .BrIf(0).Drop().I32Const(step.Constant).End();
                    locals[step.Local] = value;
                    stack.Push(locals[other] != 0 ? value : step.Constant);
                    break;
                }
                case Kind.IfElse when stack.Count >= 2:
                {
                    // if (result i32) on the top value; the arms overwrite a local that a deferred read below may name.
                    int condition = stack.Pop();
                    code.If(ValueType.I32).I32Const(step.Constant).LocalTee((uint)step.Local).Else().LocalGet((uint)step.Local).End();
                    if (condition != 0)
                    {
                        locals[step.Local] = step.Constant;
                        stack.Push(step.Constant);
                    }
                    else
                    {
                        stack.Push(locals[step.Local]);
                    }
                    break;
                }
            }
        }
        // Fold what is left and every local into the result.
        if (stack.Count == 0)
        {
            code.I32Const(0);
            stack.Push(0);
        }
        while (stack.Count > 1)
        {
            code.Op(Opcode.I32Xor);
            int b = stack.Pop(), a = stack.Pop();
            stack.Push(a ^ b);
        }
        int result = stack.Pop();
        for (int i = 0; i < Locals; i++)
        {
            code.LocalGet((uint)i).Op(Opcode.I32Add).I32Const(31).Op(Opcode.I32Mul);
            result = (result + locals[i]) * 31;
        }
        code.End();
        return (code.ToArray(), result);
    }

    [Fact]
    public void Random_stack_programs_compute_what_a_stack_machine_computes()
    {
        var engine = new Engine();
        var property = Prop.ForAll(Programs.ToArbitrary(), steps =>
        {
            int[] arguments = [3, -7, 0, 1];
            var (code, expected) = Build(steps, arguments);
            var builder = new WasmModuleBuilder();
            uint f = builder.AddFunction([ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I32], [ValueType.I32], code);
            builder.Export("f", ExternalKind.Function, f);
            var instance = builder.Instantiate(engine);
            int actual = instance.GetFunction("f")!.Invoke(arguments.Select(Value.I32).ToArray())[0].AsI32();
            return actual == expected;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithReplay(12345UL, 67891UL), property);
    }
}
