using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Tests.Support;
using Xunit;
using static Contracts.Engine.Tests.Validation.ValidationTestHelpers;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Validation;

/// <summary>Blocks, branches, unreachable code and the body's encoding (final end, stray bytes).</summary>
public sealed class ControlFlowValidationTests
{
    [Fact]
    public void Function_must_leave_exactly_its_results()
    {
        AssertValid(Function(None, I32, Code().I32Const(1).End()));
        AssertFails(Function(None, I32, Code().End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, I32, Code().I32Const(1).I32Const(2).End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, None, Code().I32Const(1).End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, I32, Code().I64Const(1).End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Block_cannot_pop_values_from_outside()
    {
        AssertFails(Function(None, I32, Code().I32Const(1).Block(ValueType.I32).Op(Opcode.I32Eqz).End().End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Multi_value_blocks_take_parameters_and_return_results()
    {
        var module = new WasmModuleBuilder();
        uint pair = module.AddType([ValueType.I32, ValueType.I64], [ValueType.I64, ValueType.I32]);
        module.AddFunction(None, [ValueType.I64, ValueType.I32], Code()
            .I32Const(1).I64Const(2)
            .BlockOfType(pair).Drop().Drop().I64Const(3).I32Const(4).End()
            .End());
        AssertValid(module);

        var loop = new WasmModuleBuilder();
        uint loopType = loop.AddType(I32, I32);
        loop.AddFunction(None, I32, Code().I32Const(1).LoopOfType(loopType).I32Const(1).Op(Opcode.I32Sub).Op(Opcode.LocalTee, 0)
            .LocalGet(0).BrIf(0).End().End(), new LocalGroup(1, ValueType.I32));
        AssertValid(loop);
    }

    [Fact]
    public void Block_type_index_must_exist_and_negative_non_types_are_malformed()
    {
        AssertFails(Function(None, None, Code().BlockOfType(5).End().End()), WasmErrorKind.UnknownType);
        AssertFails(Function(None, None, Code().Op(Opcode.Block).Raw(0x7A).End().End()), WasmErrorKind.MalformedBlockType);
    }

    [Fact]
    public void If_without_else_needs_equal_parameters_and_results()
    {
        AssertValid(Function(None, None, Code().I32Const(1).If().Nop().End().End()));
        AssertFails(Function(None, I32, Code().I32Const(1).If(ValueType.I32).I32Const(2).End().End()), WasmErrorKind.TypeMismatch);

        var passThrough = new WasmModuleBuilder();
        uint same = passThrough.AddType(I64, I64);
        passThrough.AddFunction(None, I64, Code().I64Const(7).I32Const(1).IfOfType(same).Drop().I64Const(8).End().End());
        AssertValid(passThrough);
    }

    [Fact]
    public void If_else_branches_each_produce_the_results()
    {
        AssertValid(Function(None, I32, Code().I32Const(1).If(ValueType.I32).I32Const(2).Else().I32Const(3).End().End()));
        AssertFails(Function(None, I32, Code().I32Const(1).If(ValueType.I32).I32Const(2).Else().End().End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, I32, Code().I32Const(1).If(ValueType.I32).Else().I32Const(3).End().End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, None, Code().I64Const(1).If().End().End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Else_outside_if_is_malformed()
    {
        AssertFails(Function(None, None, Code().Block().Else().End().End()), WasmErrorKind.EndOpcodeExpected);
        AssertFails(Function(None, None, Code().I32Const(1).If().Else().Else().End().End()), WasmErrorKind.EndOpcodeExpected);
    }

    [Fact]
    public void Branches_carry_the_label_types()
    {
        AssertValid(Function(None, I32, Code().Block(ValueType.I32).I32Const(1).Br(0).End().End()));
        AssertValid(Function(None, I32, Code().I32Const(1).Br(0).End()));
        AssertFails(Function(None, I32, Code().Block(ValueType.I32).I64Const(1).Br(0).End().End()), WasmErrorKind.TypeMismatch);
        // A loop's label carries its parameters (none here), not its result.
        AssertValid(Function(None, I32, Code().Loop(ValueType.I32).Br(0).End().End()));
        var loopWithParameter = new WasmModuleBuilder();
        uint type = loopWithParameter.AddType(I32, I32);
        loopWithParameter.AddFunction(None, I32, Code().I32Const(1).LoopOfType(type).Drop().F32Const(0).Br(0).End().End());
        AssertFails(loopWithParameter, WasmErrorKind.TypeMismatch);
        // Values beyond the label's arity are discarded by the branch.
        AssertValid(Function(None, None, Code().Loop().I32Const(1).Br(0).End().End()));
    }

    [Fact]
    public void Br_if_pops_condition_and_keeps_the_label_values()
    {
        AssertValid(Function(None, I32, Code().Block(ValueType.I32).I32Const(1).I32Const(0).BrIf(0).End().End()));
        AssertFails(Function(None, I32, Code().Block(ValueType.I32).I32Const(1).BrIf(0).End().End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, None, Code().Block().I64Const(0).BrIf(0).End().End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Label_past_the_outermost_frame_is_unknown()
    {
        var error = AssertFails(Function(None, None, Code().Block().Br(2).End().End()), WasmErrorKind.UnknownLabel);
        Assert.StartsWith("unknown label", error.Detail);
        AssertFails(Function(None, None, Code().I32Const(0).BrIf(1).End()), WasmErrorKind.UnknownLabel);
        AssertFails(Function(None, None, Code().I32Const(0).BrTable([0, 1], 0).End()), WasmErrorKind.UnknownLabel);
        AssertFails(Function(None, None, Code().I32Const(0).BrTable([0], 3).End()), WasmErrorKind.UnknownLabel);
    }

    [Fact]
    public void Br_table_targets_need_one_arity_and_matching_types()
    {
        AssertValid(Function(None, I32, Code().Block(ValueType.I32).Block(ValueType.I32).I32Const(5).I32Const(0).BrTable([0, 1], 1).End().End().End()));
        AssertFails(Function(None, I32, Code().Block(ValueType.I32).Block().I32Const(5).I32Const(0).BrTable([0], 1).End().Unreachable().End().End()),
            WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, None, Code().Block(ValueType.F32).Block(ValueType.I64).I64Const(5).I32Const(0).BrTable([0], 1).End().Drop().F32Const(0).End().Drop().End()),
            WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Br_table_in_unreachable_code_accepts_targets_of_different_types_and_the_same_arity()
    {
        // With an empty polymorphic stack each target's value is Unknown, so an f32 and an i64 label both fit.
        AssertValid(Function(None, None, Code()
            .Block(ValueType.F32).Block(ValueType.I64).Unreachable().BrTable([0], 1).End().Drop().F32Const(0).End().Drop()
            .End()));
    }

    [Fact]
    public void Return_checks_the_function_results()
    {
        AssertValid(Function(None, I64, Code().Block().I64Const(1).Return().End().I64Const(2).End()));
        AssertFails(Function(None, I64, Code().I32Const(1).Return().End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Unreachable_code_has_a_polymorphic_stack()
    {
        AssertValid(Function(None, I32, Code().Unreachable().Op(Opcode.I32Add).End()));
        AssertValid(Function(None, I32, Code().Unreachable().End()));
        AssertValid(Function(None, None, Code().Return().Drop().Drop().End()));
        // Values pushed after unreachable are still typed.
        AssertFails(Function(None, I32, Code().Unreachable().I64Const(0).Op(Opcode.I32Add).End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, I32, Code().Unreachable().I64Const(0).End()), WasmErrorKind.TypeMismatch);
        // Polymorphism ends with the block: the outer frame is typed normally again.
        AssertFails(Function(None, None, Code().Block().Unreachable().End().Drop().End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Body_must_end_with_its_final_end()
    {
        var error = AssertFails(Function(None, None, Code().Nop()), WasmErrorKind.EndOpcodeExpected);
        Assert.StartsWith("END opcode expected", error.Detail);
        AssertFails(Function(None, None, Code().Block().End()), WasmErrorKind.EndOpcodeExpected);
        error = AssertFails(Function(None, None, Code().End().Nop()), WasmErrorKind.SectionSizeMismatch);
        Assert.StartsWith("section size mismatch", error.Detail);
    }

    [Fact]
    public void Truncated_immediate_is_an_unexpected_end()
    {
        AssertFails(Function(None, None, Code().Op(Opcode.I32Const)), WasmErrorKind.UnexpectedEnd);
        AssertFails(Function(None, None, Code().Op(Opcode.F64Const).Raw(0, 0, 0)), WasmErrorKind.UnexpectedEnd);
        AssertFails(Function(None, None, Code().Op(Opcode.BrTable).U32(3).U32(0)), WasmErrorKind.UnexpectedEnd);
    }

    [Fact]
    public void Overlong_immediate_is_malformed()
    {
        AssertFails(Function(None, I32, Code().Op(Opcode.I32Const).Raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).End()), WasmErrorKind.IntegerRepresentationTooLong);
        AssertFails(Function(None, I32, Code().Op(Opcode.I32Const).Raw(0x80, 0x80, 0x80, 0x80, 0x70).End()), WasmErrorKind.IntegerTooLarge);
    }
}
