using Contracts.Engine.Loading;
using Xunit;
using Contracts.Engine.Binary;
using Contracts.Engine.Model;
using Contracts.Engine.Tests.Support;
using static Contracts.Engine.Tests.Validation.ValidationTestHelpers;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Validation;

/// <summary>Typing of non-control instructions: numeric, parametric, variable, reference, memory, table, bulk.</summary>
public sealed class InstructionValidationTests
{
    [Fact]
    public void Numeric_operators_take_and_produce_their_types()
    {
        AssertValid(Function(None, I32, Code().I32Const(1).I32Const(2).Op(Opcode.I32Add).End()));
        AssertValid(Function(None, I32, Code().I64Const(1).I64Const(2).Op(Opcode.I64LtS).End()));
        AssertValid(Function(None, F64, Code().F32Const(1).Op(Opcode.F64PromoteF32).End()));
        AssertValid(Function(None, I64, Code().I64Const(1).Op(Opcode.I64Extend32S).End()));
        AssertValid(Function(None, I32, Code().F64Const(1).Prefixed(OpcodeFC.I32TruncSatF64U).End()));
        AssertValid(Function(None, I64, Code().F32Const(1).Prefixed(OpcodeFC.I64TruncSatF32S).End()));
    }

    [Fact]
    public void Numeric_operator_with_wrong_operand_type_is_a_type_mismatch()
    {
        var error = AssertFails(Function(None, I32, Code().I32Const(1).I64Const(2).Op(Opcode.I32Add).End()), WasmErrorKind.TypeMismatch);
        Assert.StartsWith("type mismatch", error.Detail);
        AssertFails(Function(None, I32, Code().F32Const(1).Prefixed(OpcodeFC.I32TruncSatF64S).End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, I32, Code().I64Const(1).Op(Opcode.I32Extend8S).End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Operator_on_an_empty_stack_is_a_type_mismatch()
    {
        AssertFails(Function(None, I32, Code().I32Const(1).Op(Opcode.I32Add).End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, None, Code().Drop().End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Error_offset_is_the_offending_instruction()
    {
        var module = Function(None, I32, Code().I32Const(1).I64Const(2).Op(Opcode.I32Add).End());
        var info = module.ToModuleInfo();
        var error = Assert.ThrowsAny<WasmLoadException>(() => Contracts.Engine.Validation.ModuleValidator.Validate(info, ValidationLimits.Permissive));
        // i32.const 1 (2 bytes), i64.const 2 (2 bytes), then i32.add.
        Assert.Equal(info.Bodies[0].CodeOffset + 4, error.Offset);
        Assert.Equal((byte)Opcode.I32Add, info.Bytes[error.Offset]);
    }

    [Fact]
    public void Illegal_opcodes_are_malformed()
    {
        AssertFails(Function(None, None, Code().Raw(0x06).End()), WasmErrorKind.IllegalOpcode);
        AssertFails(Function(None, None, Code().Raw(0xC5).End()), WasmErrorKind.IllegalOpcode);
        AssertFails(Function(None, None, Code().Raw(0xFF).End()), WasmErrorKind.IllegalOpcode);
        AssertFails(Function(None, None, Code().Prefixed((OpcodeFC)18).End()), WasmErrorKind.IllegalOpcode);
    }

    [Fact]
    public void Simd_instructions_are_an_unsupported_feature_when_the_flag_is_off()
    {
        var off = ValidationLimits.Permissive with { AllowSimd = false };
        var error = AssertFails(Function(None, None, Code().Raw(0xFD, 0x0C).Raw(new byte[16]).Raw(0x1A).End()), WasmErrorKind.UnsupportedFeature, off);
        Assert.StartsWith("unsupported feature: simd", error.Detail);
        AssertFails(Function(None, None, Code().End(), new LocalGroup(1, ValueType.V128)), WasmErrorKind.UnsupportedFeature, off);
        AssertValid(Function(None, None, Code().Raw(0xFD, 0x0C).Raw(new byte[16]).Raw(0x1A).End()));
    }

    [Fact]
    public void Simd_lane_indices_are_checked_against_the_shape()
    {
        // i32x4.extract_lane 4 (of 4 lanes), i8x16.shuffle with a lane index of 32.
        var zero = new byte[16];
        AssertFails(Function(None, None, Code().Raw(0xFD, 0x0C).Raw(zero).Raw(0xFD, 0x1B, 4).Raw(0x1A).End()), WasmErrorKind.InvalidLaneIndex);
        AssertValid(Function(None, None, Code().Raw(0xFD, 0x0C).Raw(zero).Raw(0xFD, 0x1B, 3).Raw(0x1A).End()));
        var lanes = new byte[16];
        lanes[5] = 32;
        AssertFails(Function(None, None, Code().Raw(0xFD, 0x0C).Raw(zero).Raw(0xFD, 0x0C).Raw(zero).Raw(0xFD, 0x0D).Raw(lanes).Raw(0x1A).End()),
            WasmErrorKind.InvalidLaneIndex);
    }

    [Fact]
    public void Locals_are_parameters_then_declared_locals()
    {
        LocalGroup[] locals = [new(2, ValueType.I64), new(0, ValueType.F32), new(3, ValueType.F64)];
        // Index 0 is the i32 parameter, 1..2 the i64 locals, 3..5 the f64 locals.
        AssertValid(Function(I32, None, Code().LocalGet(0).Drop().LocalGet(1).LocalSet(2).LocalGet(3).LocalSet(5)
            .F64Const(0).LocalTee(4).Drop().End(), locals));
        AssertFails(Function(I32, None, Code().LocalGet(3).LocalSet(1).End(), locals), WasmErrorKind.TypeMismatch);
        AssertFails(Function(I32, None, Code().LocalGet(2).LocalSet(0).End(), locals), WasmErrorKind.TypeMismatch);
        AssertFails(Function(I32, None, Code().I32Const(0).LocalTee(5).Drop().End(), locals), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Local_index_past_the_last_local_is_unknown()
    {
        var error = AssertFails(Function(I32, None, Code().LocalGet(3).Drop().End(), new LocalGroup(2, ValueType.I64)), WasmErrorKind.UnknownLocal);
        Assert.StartsWith("unknown local", error.Detail);
        AssertFails(Function(None, None, Code().I32Const(0).LocalSet(0).End()), WasmErrorKind.UnknownLocal);
    }

    [Fact]
    public void Globals_are_read_and_written_by_type_and_mutability()
    {
        var module = new WasmModuleBuilder();
        module.ImportGlobal("env", "g", new GlobalType(ValueType.I64, false));
        module.AddGlobal(ValueType.I32, true, ConstantExpression.I32(0));
        module.AddFunction(None, I64, Code().I32Const(1).GlobalSet(1).GlobalGet(0).End());
        AssertValid(module);

        var immutable = new WasmModuleBuilder();
        immutable.AddGlobal(ValueType.I32, false, ConstantExpression.I32(0));
        immutable.AddFunction(None, None, Code().I32Const(1).GlobalSet(0).End());
        var error = AssertFails(immutable, WasmErrorKind.ImmutableGlobal);
        Assert.StartsWith("global is immutable", error.Detail);

        AssertFails(Function(None, None, Code().GlobalGet(0).Drop().End()), WasmErrorKind.UnknownGlobal);
    }

    [Fact]
    public void Untyped_select_takes_two_numeric_operands_of_one_type()
    {
        AssertValid(Function(None, F64, Code().F64Const(1).F64Const(2).I32Const(0).Select().End()));
        AssertFails(Function(None, F64, Code().F64Const(1).F32Const(2).I32Const(0).Select().End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, None, Code().RefNull(ValueType.FuncRef).RefNull(ValueType.FuncRef).I32Const(0).Select().Drop().End()),
            WasmErrorKind.TypeMismatch);
        // In unreachable code the missing operands are Unknown and the result takes the known one's type.
        AssertValid(Function(None, I64, Code().Unreachable().I64Const(1).I32Const(0).Select().End()));
    }

    [Fact]
    public void Typed_select_takes_exactly_one_type()
    {
        AssertValid(Function(None, None, Code().RefNull(ValueType.ExternRef).RefNull(ValueType.ExternRef).I32Const(0)
            .SelectTyped(ValueType.ExternRef).Drop().End()));
        AssertFails(Function(None, None, Code().I32Const(1).I32Const(1).I32Const(0).Op(Opcode.SelectTyped).U32(2)
            .Raw((byte)ValueType.I32, (byte)ValueType.I32).Drop().End()), WasmErrorKind.InvalidResultArity);
        AssertFails(Function(None, None, Code().I32Const(1).I32Const(1).I32Const(0).Op(Opcode.SelectTyped).U32(0).Drop().End()),
            WasmErrorKind.InvalidResultArity);
        AssertFails(Function(None, None, Code().I32Const(1).I64Const(1).I32Const(0).SelectTyped(ValueType.I32).Drop().End()),
            WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Calls_pop_parameters_and_push_results()
    {
        var module = new WasmModuleBuilder();
        uint callee = module.AddFunction([ValueType.I32, ValueType.I64], F32, Code().F32Const(0).End());
        module.AddFunction(None, F32, Code().I32Const(1).I64Const(2).Call(callee).End());
        AssertValid(module);

        var swapped = new WasmModuleBuilder();
        swapped.AddFunction([ValueType.I32, ValueType.I64], F32, Code().F32Const(0).End());
        swapped.AddFunction(None, F32, Code().I64Const(2).I32Const(1).Call(0).End());
        AssertFails(swapped, WasmErrorKind.TypeMismatch);

        AssertFails(Function(None, None, Code().Call(1).End()), WasmErrorKind.UnknownFunction);
    }

    [Fact]
    public void Call_indirect_needs_a_funcref_table_and_a_known_type()
    {
        var module = new WasmModuleBuilder();
        uint type = module.AddType(I32, I32);
        module.AddTable(ValueType.FuncRef, 1);
        module.AddFunction(None, I32, Code().I32Const(5).I32Const(0).CallIndirect(type).End());
        AssertValid(module);

        var noTable = new WasmModuleBuilder();
        noTable.AddType(None, None);
        noTable.AddFunction(None, None, Code().I32Const(0).CallIndirect(0).End());
        AssertFails(noTable, WasmErrorKind.UnknownTable);

        var externTable = new WasmModuleBuilder();
        externTable.AddType(None, None);
        externTable.AddTable(ValueType.ExternRef, 1);
        externTable.AddFunction(None, None, Code().I32Const(0).CallIndirect(0).End());
        AssertFails(externTable, WasmErrorKind.TypeMismatch);

        var unknownType = new WasmModuleBuilder();
        unknownType.AddTable(ValueType.FuncRef, 1);
        unknownType.AddFunction(None, None, Code().I32Const(0).CallIndirect(7).End());
        AssertFails(unknownType, WasmErrorKind.UnknownType);
    }

    [Fact]
    public void Ref_func_needs_a_declared_function_reference()
    {
        var undeclared = Function(None, None, Code().RefFunc(0).Drop().End());
        var error = AssertFails(undeclared, WasmErrorKind.UndeclaredFunctionReference);
        Assert.StartsWith("undeclared function reference", error.Detail);

        var viaExport = Function(None, None, Code().RefFunc(0).Drop().End());
        viaExport.Export("f", ExternalKind.Function, 0);
        AssertValid(viaExport);

        var viaDeclarativeSegment = Function(None, None, Code().RefFunc(0).Drop().End());
        viaDeclarativeSegment.DeclarativeElements(ValueType.FuncRef, ConstantExpression.RefFunc(0));
        AssertValid(viaDeclarativeSegment);

        var viaGlobal = new WasmModuleBuilder();
        viaGlobal.AddGlobal(ValueType.FuncRef, false, ConstantExpression.RefFunc(0));
        viaGlobal.AddFunction(None, None, Code().RefFunc(0).Drop().End());
        AssertValid(viaGlobal);

        AssertFails(Function(None, None, Code().RefFunc(9).Drop().End()), WasmErrorKind.UnknownFunction);
    }

    [Fact]
    public void Start_function_reference_does_not_declare_it()
    {
        var module = Function(None, None, Code().RefFunc(0).Drop().End());
        module.Start(0);
        AssertFails(module, WasmErrorKind.UndeclaredFunctionReference);
    }

    [Fact]
    public void Reference_instructions_are_typed()
    {
        AssertValid(Function(None, I32, Code().RefNull(ValueType.ExternRef).RefIsNull().End()));
        AssertFails(Function(None, I32, Code().I32Const(0).RefIsNull().End()), WasmErrorKind.TypeMismatch);
        AssertFails(Function(None, None, Code().Op(Opcode.RefNull).Raw((byte)ValueType.I32).Drop().End()), WasmErrorKind.MalformedReferenceType);
        AssertValid(Function(None, I32, Code().Unreachable().RefIsNull().End()));
    }

    [Fact]
    public void Loads_and_stores_need_memory_and_at_most_natural_alignment()
    {
        AssertValid(FunctionWithMemory(None, I64, Code().I32Const(0).Memory(Opcode.I64Load, 3, 8).End()));
        AssertValid(FunctionWithMemory(None, None, Code().I32Const(0).F32Const(1).Memory(Opcode.F32Store, 0).End()));
        AssertValid(FunctionWithMemory(None, I32, Code().I32Const(0).Memory(Opcode.I32Load16U, 1).End()));

        var error = AssertFails(FunctionWithMemory(None, I32, Code().I32Const(0).Memory(Opcode.I32Load8S, 1).End()), WasmErrorKind.InvalidAlignment);
        Assert.StartsWith("alignment must not be larger than natural", error.Detail);
        AssertFails(FunctionWithMemory(None, None, Code().I32Const(0).I64Const(0).Memory(Opcode.I64Store32, 3).End()), WasmErrorKind.InvalidAlignment);
        AssertFails(FunctionWithMemory(None, I32, Code().I32Const(0).Memory(Opcode.I32Load, 0xFFFF_FFFF).End()), WasmErrorKind.InvalidAlignment);

        AssertFails(Function(None, I32, Code().I32Const(0).Memory(Opcode.I32Load, 2).End()), WasmErrorKind.UnknownMemory);
        AssertFails(FunctionWithMemory(None, None, Code().I32Const(0).I32Const(0).Memory(Opcode.I64Store, 3).End()), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Memory_size_and_grow_have_a_reserved_zero_byte()
    {
        AssertValid(FunctionWithMemory(None, I32, Code().I32Const(1).MemoryGrow().Drop().MemorySize().End()));
        var error = AssertFails(FunctionWithMemory(None, I32, Code().Op(Opcode.MemorySize).Raw(0x01).End()), WasmErrorKind.ZeroByteExpected);
        Assert.StartsWith("zero byte expected", error.Detail);
        // A LEB128 zero in two bytes is not the reserved byte.
        AssertFails(FunctionWithMemory(None, I32, Code().I32Const(1).Op(Opcode.MemoryGrow).Raw(0x80, 0x00).End()), WasmErrorKind.ZeroByteExpected);
        AssertFails(Function(None, I32, Code().MemorySize().End()), WasmErrorKind.UnknownMemory);
    }

    [Fact]
    public void Bulk_memory_instructions_check_memory_data_count_and_segments()
    {
        var module = new WasmModuleBuilder();
        module.AddMemory(1);
        module.AddFunction(None, None, Code().I32Const(0).I32Const(0).I32Const(1).MemoryInit(0).DataDrop(0)
            .I32Const(0).I32Const(0).I32Const(1).MemoryCopy().I32Const(0).I32Const(0).I32Const(1).MemoryFill().End());
        module.PassiveData([1, 2, 3]);
        module.WithDataCount();
        AssertValid(module);

        var noDataCount = new WasmModuleBuilder();
        noDataCount.AddMemory(1);
        noDataCount.AddFunction(None, None, Code().DataDrop(0).End());
        noDataCount.PassiveData([1]);
        var error = AssertFails(noDataCount, WasmErrorKind.DataCountSectionRequired);
        Assert.StartsWith("data count section required", error.Detail);

        var unknownSegment = new WasmModuleBuilder();
        unknownSegment.AddMemory(1);
        unknownSegment.AddFunction(None, None, Code().DataDrop(1).End());
        unknownSegment.PassiveData([1]);
        unknownSegment.WithDataCount();
        error = AssertFails(unknownSegment, WasmErrorKind.UnknownDataSegment);
        Assert.StartsWith("unknown data segment", error.Detail);

        var noMemory = new WasmModuleBuilder();
        noMemory.AddFunction(None, None, Code().I32Const(0).I32Const(0).I32Const(1).MemoryFill().End());
        AssertFails(noMemory, WasmErrorKind.UnknownMemory);

        var badReserved = new WasmModuleBuilder();
        badReserved.AddMemory(1);
        badReserved.AddFunction(None, None, Code().I32Const(0).I32Const(0).I32Const(1).Prefixed(OpcodeFC.MemoryCopy).Raw(0x00, 0x01).End());
        AssertFails(badReserved, WasmErrorKind.ZeroByteExpected);

        var wrongOperand = new WasmModuleBuilder();
        wrongOperand.AddMemory(1);
        wrongOperand.AddFunction(None, None, Code().I32Const(0).I64Const(0).I32Const(1).MemoryFill().End());
        AssertFails(wrongOperand, WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Table_instructions_are_typed_by_their_table()
    {
        var module = new WasmModuleBuilder();
        module.AddTable(ValueType.FuncRef, 1);
        module.AddTable(ValueType.ExternRef, 1);
        uint segment = module.PassiveElements(ValueType.ExternRef, ConstantExpression.RefNull(ValueType.ExternRef));
        module.AddFunction(None, None, Code()
            .I32Const(0).TableGet(1).Drop()
            .I32Const(0).RefNull(ValueType.FuncRef).TableSet(0)
            .RefNull(ValueType.ExternRef).I32Const(1).TableGrow(1).Drop()
            .TableSize(0).Drop()
            .I32Const(0).RefNull(ValueType.ExternRef).I32Const(1).TableFill(1)
            .I32Const(0).I32Const(0).I32Const(1).TableCopy(1, 1)
            .I32Const(0).I32Const(0).I32Const(1).TableInit(segment, 1)
            .ElemDrop(segment)
            .End());
        AssertValid(module);
    }

    [Fact]
    public void Table_instructions_reject_wrong_tables_and_segments()
    {
        WasmModuleBuilder TwoTables(CodeBuilder code)
        {
            var module = new WasmModuleBuilder();
            module.AddTable(ValueType.FuncRef, 1);
            module.AddTable(ValueType.ExternRef, 1);
            module.PassiveElements(ValueType.FuncRef);
            module.AddFunction(None, None, code);
            return module;
        }

        AssertFails(TwoTables(Code().I32Const(0).RefNull(ValueType.FuncRef).TableSet(1).End()), WasmErrorKind.TypeMismatch);
        AssertFails(TwoTables(Code().I32Const(0).I32Const(0).I32Const(1).TableCopy(0, 1).End()), WasmErrorKind.TypeMismatch);
        AssertFails(TwoTables(Code().I32Const(0).I32Const(0).I32Const(1).TableInit(0, 1).End()), WasmErrorKind.TypeMismatch);
        AssertFails(TwoTables(Code().I32Const(0).TableGet(2).Drop().End()), WasmErrorKind.UnknownTable);
        var error = AssertFails(TwoTables(Code().ElemDrop(1).End()), WasmErrorKind.UnknownElementSegment);
        Assert.StartsWith("unknown elem segment", error.Detail);
        AssertFails(TwoTables(Code().RefNull(ValueType.FuncRef).I64Const(1).TableGrow(0).Drop().End()), WasmErrorKind.TypeMismatch);
    }
}
