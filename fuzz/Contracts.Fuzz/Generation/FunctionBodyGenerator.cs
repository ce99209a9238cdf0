using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// Generates one function body as a tree of <see cref="CodeNode"/>s, directed by the types each position needs:
/// asked for a value of type t, it picks any instruction that yields t and recursively asks for that instruction's
/// operands. Labels, locals, globals, tables and memory are tracked so every choice validates. Termination is by the
/// fuel guard at function entries and loop headers; call depth by the limiter around every call.
/// </summary>
internal sealed partial class FunctionBodyGenerator
{
    private static readonly ValueType[] NumericTypes = [ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64];
    private static readonly ValueType[] AllTypes = [.. NumericTypes, ValueType.FuncRef, ValueType.ExternRef];

    private readonly FuzzRandom _random;
    private readonly ModuleShape _module;
    private readonly GeneratorOptions _options;
    private readonly FunctionShape _function;
    /// <summary>The module uses SIMD: v128 is a value type like the numbers, and SIMD instructions are in the catalogue.</summary>
    private readonly bool _simd;
    /// <summary>The types numeric positions draw from (the numbers, and v128 with SIMD).</summary>
    private readonly ValueType[] _valueTypes;
    private readonly ValueType[] _allTypes;
    /// <summary>Types of the locals the program may read and write (parameters and program locals), by local index.</summary>
    private readonly List<(int Index, ValueType Type)> _visibleLocals = [];
    /// <summary>Branch types of the enclosing labels, outermost (the function body) first.</summary>
    private readonly List<ValueType[]> _labels = [];
    /// <summary>Hidden scratch locals by type (for observing intermediate values).</summary>
    private readonly Dictionary<ValueType, int> _scratch = [];
    /// <summary>The hidden v128 local a vector is folded into the sink through, or -1 before the first.</summary>
    private int _foldScratch = -1;
    private int _budget;
    private int _depth;

    public FunctionBodyGenerator(FuzzRandom random, ModuleShape module, GeneratorOptions options, FunctionShape function, int programLocals,
        bool arithmetic = false, bool strided = false, bool kernel = false)
    {
        _arithmetic = arithmetic && module.Memory is { Min: > 0 };
        _strided = strided && !_arithmetic && module.Memory is { Min: > 0 };
        _kernel = kernel && !_arithmetic && !_strided && !module.UsesSimd;
        _random = random;
        _module = module;
        _options = options;
        _function = function;
        _simd = module.UsesSimd;
        _valueTypes = _simd ? ModuleGenerator.SimdValueTypes : NumericTypes;
        _allTypes = _simd ? ModuleGenerator.SimdAllTypes : AllTypes;
        var parameters = function.Signature.Parameters;
        for (int i = 0; i < parameters.Length; i++) _visibleLocals.Add((i, parameters[i]));
        for (int i = 0; i < programLocals; i++)
        {
            var type = random.Chance(80) ? random.Pick(_valueTypes) : random.Pick(_allTypes);
            _visibleLocals.Add((parameters.Length + function.Locals.Count, type));
            function.Locals.Add(type);
        }
        _budget = random.Range(options.MaxNodesPerFunction / 4, options.MaxNodesPerFunction);
    }

    public List<CodeNode> Generate()
    {
        if (_kernel && CanBeStraightLeaf(_function) && _random.Chance(40))
        {
            _function.Straight = true;
            return GenerateStraightLeaf();
        }
        if (_kernel && _module.Memory is { Min: > 0 } && _random.Chance(50))
        {
            _function.Straight = true;
            return GenerateStraightMemoryKernel();
        }
        _labels.Add(_function.Signature.Results);
        var body = new List<CodeNode>();
        // Locals start at zero, and zeros hide wrong operators (x + 0 = x - 0): most get a random value first.
        foreach (var (index, type) in _visibleLocals)
        {
            if (index < _function.Signature.Parameters.Length || !NumericOps.IsValue(type) || !_random.Chance(80)) continue;
            body.Add(new CodeNode { Mnemonic = $"local.set {index} (initial value)", Results = [], Operands = [Constant(type)], Code = [0x21, .. Uleb(index)], Opcodes = [0x21] });
        }
        body.AddRange(Statements(_random.Range(1, 5)));
        // Locals are otherwise invisible once the function returns: fold the numeric ones into the sink.
        foreach (var (index, type) in _visibleLocals)
        {
            if (!NumericOps.IsValue(type) || !_random.Chance(60)) continue;
            var get = new CodeNode { Mnemonic = $"local.get {index}", Results = [type], Code = [0x20, .. Uleb(index)], Opcodes = [0x20] };
            var fold = new WasmWriter();
            WriteFold(fold, type);
            body.Add(new CodeNode { Mnemonic = $"observe local {index}", Results = [], Operands = [get], Code = fold.ToArray() });
        }
        // An arithmetic-style function mostly returns constants: a computed result may carry a rotation's value.
        body.AddRange(_arithmetic ? _function.Signature.Results.Select(t => _random.Chance(85) ? Constant(t) : Value(t)) : Values(_function.Signature.Results));
        _labels.RemoveAt(_labels.Count - 1);
        return body;
    }

    private bool Exhausted => _budget <= 0 || _depth >= _options.MaxExpressionDepth;

    private List<CodeNode> Statements(int count)
    {
        var list = new List<CodeNode>();
        for (int i = 0; i < count && !Exhausted; i++) list.Add(Statement());
        return list;
    }

    /// <summary>Nodes that together push exactly <paramref name="types"/>.</summary>
    private List<CodeNode> Values(ValueType[] types)
    {
        if (types.Length >= 2 && !Exhausted && _random.Chance(25))
        {
            var multi = MultiValue(types);
            if (multi is not null) return [multi];
        }
        var list = new List<CodeNode>(types.Length);
        foreach (var type in types) list.Add(Value(type));
        return list;
    }

    /// <summary>One node yielding all of <paramref name="types"/> at once: a block or a call with those results.</summary>
    private CodeNode? MultiValue(ValueType[] types)
    {
        _depth++;
        _budget--;
        try
        {
            var callees = Callees(f => f.Signature.Results.AsSpan().SequenceEqual(types));
            if (callees.Count > 0 && _random.Chance(40)) return Call(_random.Pick(callees), [], types);
            return Structured(RandomParameters(), types);
        }
        finally
        {
            _depth--;
        }
    }

    private CodeNode Value(ValueType type)
    {
        if (Exhausted) return Leaf(type);
        _depth++;
        _budget--;
        try
        {
            return type.IsReference() ? ReferenceValue(type) : NumericValue(type);
        }
        finally
        {
            _depth--;
        }
    }

    private CodeNode NumericValue(ValueType type)
    {
        if (_arithmetic && IsInteger(type) && _random.Chance(90)) return ArithmeticValue(type);
        while (true)
        {
            // Per mille: diverging nodes make the code after them dead, so they stay rare.
            int roll = _random.Next(1000);
            switch (roll)
            {
                case < 150: return Leaf(type);
                case < 230: return Numeric(type);
                case < 550: return ObservedNumeric(type);
                case < 610 when _module.Memory is not null: return type == ValueType.V128 ? SimdLoad() : Load(type);
                case < 650: return Select(type);
                case < 690: if (LocalTee(type) is { } tee) return tee; break;
                case < 740: if (CallProducing(type) is { } call) return call; break;
                case < 770: if (CallIndirectProducing(type) is { } indirect) return indirect; break;
                case < 840: return Structured(RandomParameters(), [type]);
                case < 855: if (BrIfValue(type) is { } brIf) return brIf; break;
                case < 862: return Diverge([type]);
                case < 920 when type == ValueType.I32: return SizeOrGrow();
                case < 950 when type == ValueType.I32: return RefIsNull();
                case < 950 when type == ValueType.V128: return ShuffleOrReplaceLane();
                case < 980 when _simd && type != ValueType.V128: return ExtractLane(type);
                default: return Leaf(type);
            }
        }
    }

    private CodeNode ReferenceValue(ValueType type)
    {
        while (true)
        {
            int roll = _random.Next(100);
            switch (roll)
            {
                case < 30: return Leaf(type);
                case < 50: if (TableGet(type) is { } get) return get; break;
                case < 60: return Select(type);
                case < 65: if (LocalTee(type) is { } tee) return tee; break;
                case < 72: if (CallProducing(type) is { } call) return call; break;
                case < 85: return Structured(RandomParameters(), [type]);
                case < 88: return Diverge([type]);
                default: return Leaf(type);
            }
        }
    }

    /// <summary>A constant, local.get or global.get (ref.null or ref.func for references).</summary>
    private CodeNode Leaf(ValueType type)
    {
        int roll = _random.Next(100);
        if (roll < 30)
        {
            var locals = _visibleLocals.Where(l => l.Type == type).ToList();
            if (locals.Count > 0)
            {
                var local = PickLocal(locals);
                return Simple($"local.get {local.Index}", [type], 0x20, Uleb(local.Index));
            }
        }
        else if (roll < 45)
        {
            var globals = ProgramGlobals(g => g.Type == type);
            if (globals.Count > 0)
            {
                int g = _random.Pick(globals);
                return Simple($"global.get {g}", [type], 0x23, Uleb(g));
            }
        }
        return Constant(type);
    }

    private CodeNode Constant(ValueType type)
    {
        var w = new WasmWriter();
        string text;
        uint key;
        switch (type)
        {
            case ValueType.I32:
            {
                int v = (int)(uint)InterestingValues.Next(_random, type);
                w.WriteByte(0x41); w.WriteVarInt32(v); text = $"i32.const {v}"; key = 0x41;
                break;
            }
            case ValueType.I64:
            {
                long v = (long)InterestingValues.Next(_random, type);
                w.WriteByte(0x42); w.WriteVarInt64(v); text = $"i64.const {v}"; key = 0x42;
                break;
            }
            case ValueType.F32:
            {
                uint bits = (uint)InterestingValues.Next(_random, type);
                w.WriteByte(0x43); w.WriteFloat32Bits(bits); text = $"f32.const bits 0x{bits:x8}"; key = 0x43;
                break;
            }
            case ValueType.F64:
            {
                ulong bits = InterestingValues.Next(_random, type);
                w.WriteByte(0x44); w.WriteFloat64Bits(bits); text = $"f64.const bits 0x{bits:x16}"; key = 0x44;
                break;
            }
            case ValueType.V128:
            {
                var value = InterestingValues.NextV128(_random);
                CodeNode.WriteV128Const(w, value); text = $"v128.const 0x{value:x32}"; key = CodeNode.KeyFD(0x0C);
                break;
            }
            case ValueType.FuncRef when _random.Chance(60) && _module.Functions.Count > 0:
            {
                int f = _random.Next(_module.ImportedFunctionCount + _module.Functions.Count);
                w.WriteByte(0xD2); w.WriteVarUInt32((uint)f); text = $"ref.func {f}"; key = 0xD2;
                break;
            }
            default:
                w.WriteByte(0xD0); w.WriteByte((byte)type); text = $"ref.null {type.ToWatName()}"; key = 0xD0;
                break;
        }
        return new CodeNode { Mnemonic = text, Results = [type], Code = w.ToArray(), Opcodes = [key] };
    }

    private CodeNode Numeric(ValueType type)
    {
        var op = _random.Pick(NumericOps.Producing(type, _simd));
        var operands = new List<CodeNode>(op.Parameters.Length);
        for (int i = 0; i < op.Parameters.Length; i++)
        {
            bool divisor = op.IsDivision && i == 1;
            if (divisor && _random.Chance(97)) operands.Add(NonZero(op.Parameters[i]));
            else if (op.IsTrappingTruncation && _random.Chance(97)) operands.Add(SmallFloat(op.Parameters[i], unsigned: op.Name.EndsWith("_u", StringComparison.Ordinal)));
            else operands.Add(Value(op.Parameters[i]));
        }
        return new CodeNode { Mnemonic = op.Name, Results = [type], Operands = operands, Code = op.Encoding, Opcodes = [op.Key], Numeric = op };
    }

    /// <summary>A divisor that is never zero: the operand with its low bit set.</summary>
    private CodeNode NonZero(ValueType type)
    {
        var w = new WasmWriter();
        if (type == ValueType.I32) { w.WriteByte(0x41); w.WriteVarInt32(1); w.WriteByte(0x72); }
        else { w.WriteByte(0x42); w.WriteVarInt64(1); w.WriteByte(0x84); }
        return new CodeNode { Mnemonic = $"{type.ToWatName()}.or 1 (non-zero)", Results = [type], Operands = [Value(type)], Code = w.ToArray() };
    }

    /// <summary>A float that truncates without trapping (for the signed conversions; unsigned may still trap).</summary>
    private CodeNode SmallFloat(ValueType type, bool unsigned)
    {
        var w = new WasmWriter();
        int value = _random.Range(unsigned ? -6 : -3000, 3000);
        if (type == ValueType.F32) { w.WriteByte(0x43); w.WriteFloat32Bits(BitConverter.SingleToUInt32Bits(value / 7f)); }
        else { w.WriteByte(0x44); w.WriteFloat64Bits(BitConverter.DoubleToUInt64Bits(value / 7.0)); }
        return new CodeNode { Mnemonic = $"{type.ToWatName()}.const {value}/7", Results = [type], Code = w.ToArray(), Opcodes = [type == ValueType.F32 ? 0x43u : 0x44u] };
    }

    private CodeNode Select(ValueType type)
    {
        var operands = new List<CodeNode> { Value(type), Value(type), Value(ValueType.I32) };
        bool typed = type.IsReference() || _random.Chance(30);
        return typed
            ? new CodeNode { Mnemonic = $"select (result {type.ToWatName()})", Results = [type], Operands = operands, Code = [0x1C, 0x01, (byte)type], Opcodes = [0x1C] }
            : new CodeNode { Mnemonic = "select", Results = [type], Operands = operands, Code = [0x1B], Opcodes = [0x1B] };
    }

    private CodeNode? LocalTee(ValueType type)
    {
        var locals = _visibleLocals.Where(l => l.Type == type).ToList();
        if (locals.Count == 0) return null;
        var local = PickLocal(locals);
        return new CodeNode { Mnemonic = $"local.tee {local.Index}", Results = [type], Operands = [Value(type)], Code = [0x22, .. Uleb(local.Index)], Opcodes = [0x22] };
    }

    /// <summary>
    /// A local, half the time one of the first two of the list: reads and writes of the same local then meet inside
    /// one expression (where a translator that defers local.get must still read the value before the write).
    /// </summary>
    private (int Index, ValueType Type) PickLocal(List<(int Index, ValueType Type)> locals) =>
        _random.Chance(50) ? locals[_random.Next(Math.Min(2, locals.Count))] : _random.Pick(locals);

    private CodeNode RefIsNull()
    {
        var type = _random.Chance(50) ? ValueType.FuncRef : ValueType.ExternRef;
        return new CodeNode { Mnemonic = "ref.is_null", Results = [ValueType.I32], Operands = [Value(type)], Code = [0xD1], Opcodes = [0xD1] };
    }

    private List<int> ProgramGlobals(Func<GlobalShape, bool> predicate)
    {
        var list = new List<int>();
        for (int i = 0; i < _module.Globals.Count; i++)
            if (_module.Globals[i].Role == GlobalRole.Program && predicate(_module.Globals[i])) list.Add(i);
        return list;
    }

    private ValueType[] RandomParameters()
    {
        int count = _random.Chance(70) ? 0 : _random.Range(1, 2);
        var types = new ValueType[count];
        for (int i = 0; i < count; i++) types[i] = _random.Chance(85) ? _random.Pick(_valueTypes) : _random.Pick(_allTypes);
        return types;
    }

    private static CodeNode Simple(string mnemonic, ValueType[] results, byte opcode, byte[] immediates) =>
        new() { Mnemonic = mnemonic, Results = results, Code = [opcode, .. immediates], Opcodes = [opcode] };

    internal static byte[] Uleb(int value)
    {
        var w = new WasmWriter();
        w.WriteVarUInt32((uint)value);
        return w.ToArray();
    }

    internal static byte[] Sleb(long value)
    {
        var w = new WasmWriter();
        w.WriteVarInt64(value);
        return w.ToArray();
    }
}
