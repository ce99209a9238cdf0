using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Tests.Support;
using Contracts.Engine.Validation;
using FsCheck.Xunit;
using Xunit;
using static Contracts.Engine.Tests.Validation.ValidationTestHelpers;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Validation;

/// <summary>
/// Invariants over generated bodies: the validator never fails with anything but a <see cref="WasmLoadException"/>
/// pointing into the body, gives the same answer every time, and allocates independently of the body's length.
/// </summary>
public sealed class ValidationRobustnessTests
{
    private static readonly Opcode[] Instructions =
    [
        Opcode.Unreachable, Opcode.Nop, Opcode.Block, Opcode.Loop, Opcode.If, Opcode.Else, Opcode.End, Opcode.End, Opcode.End,
        Opcode.Br, Opcode.BrIf, Opcode.BrTable, Opcode.Return, Opcode.Call, Opcode.CallIndirect, Opcode.Drop, Opcode.Select,
        Opcode.SelectTyped, Opcode.LocalGet, Opcode.LocalGet, Opcode.LocalSet, Opcode.LocalTee, Opcode.GlobalGet, Opcode.GlobalSet,
        Opcode.TableGet, Opcode.TableSet, Opcode.I32Load, Opcode.I64Load16S, Opcode.F64Store, Opcode.I32Store8, Opcode.MemorySize,
        Opcode.MemoryGrow, Opcode.I32Const, Opcode.I32Const, Opcode.I64Const, Opcode.F32Const, Opcode.F64Const, Opcode.RefNull,
        Opcode.RefIsNull, Opcode.RefFunc, Opcode.PrefixFC,
    ];

    private static readonly ValueType[] Types =
        [ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64, ValueType.FuncRef, ValueType.ExternRef];

    /// <summary>
    /// A function body of random, mostly well-encoded instructions; often ill-typed, sometimes unbalanced. One seed
    /// in four builds a body of stack-neutral snippets instead, which is valid.
    /// </summary>
    private static byte[] RandomBody(int seed)
    {
        var random = new Random(seed);
        var code = new CodeBuilder();
        if ((seed & 3) == 0) return ValidBody(random, code);
        int count = random.Next(1, 120);
        for (int i = 0; i < count; i++)
        {
            if (random.Next(4) == 0)
            {
                // A numeric, comparison or conversion operator.
                code.Raw((byte)random.Next(0x45, 0xC5));
                continue;
            }
            var opcode = Instructions[random.Next(Instructions.Length)];
            uint small = (uint)random.Next(0, 4);
            switch (opcode)
            {
                case Opcode.Block or Opcode.Loop or Opcode.If:
                    code.Op(opcode);
                    switch (random.Next(3))
                    {
                        case 0: code.Raw(0x40); break;
                        case 1: code.Raw((byte)Types[random.Next(Types.Length)]); break;
                        default: code.U32(small); break;
                    }
                    break;
                case Opcode.BrTable:
                    code.BrTable([.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => (uint)random.Next(0, 4))], small);
                    break;
                case Opcode.CallIndirect:
                    code.CallIndirect(small, (uint)random.Next(0, 2));
                    break;
                case Opcode.SelectTyped:
                    code.SelectTyped(Types[random.Next(Types.Length)]);
                    break;
                case Opcode.I32Load or Opcode.I64Load16S or Opcode.F64Store or Opcode.I32Store8:
                    code.Memory(opcode, small, (uint)random.Next());
                    break;
                case Opcode.MemorySize or Opcode.MemoryGrow:
                    code.Op(opcode).Raw(random.Next(8) == 0 ? (byte)1 : (byte)0);
                    break;
                case Opcode.I32Const: code.I32Const(random.Next(int.MinValue, int.MaxValue)); break;
                case Opcode.I64Const: code.I64Const(random.NextInt64()); break;
                case Opcode.F32Const: code.F32Const(random.NextSingle()); break;
                case Opcode.F64Const: code.F64Const(random.NextDouble()); break;
                case Opcode.RefNull: code.RefNull(Types[random.Next(4, 6)]); break;
                case Opcode.PrefixFC:
                    uint subOpcode = (uint)random.Next(0, 19);
                    code.Prefixed((OpcodeFC)subOpcode);
                    if (subOpcode is 8 or 12 or 14) code.U32(small).U32(small);
                    else if (subOpcode is 9 or 10 or 11 or 13 or >= 15) code.U32(subOpcode == 10 ? 0 : small);
                    if (subOpcode == 10) code.Raw(0x00);
                    break;
                case Opcode.Br or Opcode.BrIf or Opcode.Call or Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee
                    or Opcode.GlobalGet or Opcode.GlobalSet or Opcode.TableGet or Opcode.TableSet or Opcode.RefFunc:
                    code.Op(opcode, small);
                    break;
                default:
                    code.Op(opcode);
                    break;
            }
        }
        for (int depth = random.Next(0, 3); depth > 0; depth--) code.End();
        return code;
    }

    private static byte[] ValidBody(Random random, CodeBuilder code)
    {
        for (int i = random.Next(0, 40); i > 0; i--)
        {
            switch (random.Next(7))
            {
                case 0: code.Nop(); break;
                case 1: code.I32Const(random.Next()).Drop(); break;
                case 2: code.LocalGet(1).LocalSet(1); break;
                case 3: code.Block().I32Const(0).BrIf(0).End(); break;
                case 4: code.I32Const(1).If().Nop().Else().Unreachable().End(); break;
                case 5: code.I32Const(0).Memory(Opcode.I32Load, 2).Drop(); break;
                default: code.Loop(ValueType.F64).LocalGet(3).End().Drop(); break;
            }
        }
        return code.LocalGet(0).End();
    }

    private static ModuleInfo ModuleAround(byte[] body)
    {
        var module = new WasmModuleBuilder();
        module.AddMemory(1);
        module.AddTable(ValueType.FuncRef, 1);
        module.AddGlobal(ValueType.I32, true, ConstantExpression.I32(0));
        module.PassiveElements(ValueType.FuncRef, ConstantExpression.RefFunc(0));
        module.PassiveData([1]);
        module.WithDataCount();
        module.AddType(None, None);
        module.AddType(I32, I32);
        module.AddFunction([ValueType.I32, ValueType.I64], I32, body, new LocalGroup(1, ValueType.F32), new LocalGroup(1, ValueType.F64));
        return module.ToModuleInfo();
    }

    private static (WasmErrorKind Kind, long Offset)? Outcome(ModuleInfo module)
    {
        try
        {
            ModuleValidator.Validate(module, ValidationLimits.Permissive);
            return null;
        }
        catch (WasmLoadException error)
        {
            return (error.Kind, error.Offset);
        }
    }

    [Property(MaxTest = 2_000)]
    public bool Generated_bodies_validate_or_fail_with_an_offset_inside_the_body(int seed)
    {
        var module = ModuleAround(RandomBody(seed));
        var outcome = Outcome(module);
        if (outcome is not { } failure) return true;
        var body = module.Bodies[0];
        return failure.Offset >= body.CodeOffset && failure.Offset <= body.CodeOffset + body.CodeLength;
    }

    [Property(MaxTest = 300)]
    public bool Validation_is_deterministic(int seed)
    {
        var module = ModuleAround(RandomBody(seed));
        return Outcome(module) == Outcome(module);
    }

    [Fact]
    public void Generated_bodies_include_valid_ones_and_each_error_family()
    {
        // Guards the generator: the properties above mean little if every body failed the same way.
        var kinds = new HashSet<WasmErrorKind>();
        int valid = 0;
        for (int seed = 0; seed < 3_000; seed++)
        {
            if (Outcome(ModuleAround(RandomBody(seed))) is { } failure) kinds.Add(failure.Kind);
            else valid++;
        }
        Assert.True(valid > 0, "no generated body was valid");
        Assert.Contains(WasmErrorKind.TypeMismatch, kinds);
        Assert.True(kinds.Count >= 6, $"generated bodies failed in only these ways: {string.Join(", ", kinds)}");
    }

    [Fact]
    public void Validation_allocates_independently_of_body_length()
    {
        static CodeBuilder Body(int repetitions)
        {
            var code = Code();
            for (int i = 0; i < repetitions; i++)
            {
                code.Block(ValueType.I32).Loop().LocalGet(0).I32Const(1).Op(Opcode.I32Add).Br(1).End().Unreachable().End().Drop()
                    .Block().I32Const(0).BrTable([0, 0, 0], 0).End();
                code.I32Const(1).If().Nop().Else().Nop().End();
            }
            return code.End();
        }

        static long Allocated(ModuleInfo module)
        {
            ModuleValidator.Validate(module, ValidationLimits.Permissive); // warm up
            long before = GC.GetAllocatedBytesForCurrentThread();
            ModuleValidator.Validate(module, ValidationLimits.Permissive);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        long small = Allocated(Function(I32, None, Body(10)).ToModuleInfo());
        long large = Allocated(Function(I32, None, Body(100_000)).ToModuleInfo());
        Assert.True(large - small < 1_024, $"validating 10 repetitions allocated {small} bytes, 100,000 allocated {large}");
    }
}
