using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// Kernel-style functions: the straight shapes of compiled hot code that ordinary generated code never has, each aimed
/// at a compiled-tier path that a measurement of the compiler's own coverage under the fuzzer found never taken (every
/// ordinary function starts with the termination guard's branch, its addresses are random, its values are observed
/// through the sink global, and its conditions are masked bits):
/// <list type="bullet">
/// <item>a <b>straight leaf</b>: a function with results whose body is one straight run of never-trapping operators on
/// its parameters and scratch locals, constant fuel charges between — its compiled callers make its charges
/// (FunctionEmitter.PrepaidLeaves.cs), and one that runs out of fuel must still trap at the leaf's own charge;</item>
/// <item><b>pointer runs</b> in a straight memory kernel: locals set once at entry to a parameter plus a constant (some
/// negative, wrapping below 0 when the parameter is small), then straight loads and stores through them — one bounds
/// check per parameter (FunctionEmitter.Remat.cs, .RematerializedBases.cs, CheckFreeRuns.cs), whose first failing
/// access must trap where the interpreter's does;</item>
/// <item><b>constant-address f64 runs</b>: NaN-rich f64 results stored at constant addresses from a small pool (so
/// stores overlap, now and then 4 bytes apart, in part), loads of those locations between
/// (FunctionEmitter.RunDeferredStores.cs);</item>
/// <item><b>compare-and-branch</b> conditions <c>i32.eqz (compare a b)</c> in guarded kernel functions: a comparison
/// whose only reader is the branch (FunctionEmitter.FusedCompares.cs).</item>
/// </list>
/// A straight kernel needs no termination guard (it neither loops nor calls), and it has none: the guard's branch
/// would end the entry block these shapes live in.
/// </summary>
internal sealed partial class FunctionBodyGenerator
{
    // The ten integer comparisons of each width, in the instruction table's order (eq, ne, lt_s, …, ge_u).
    private static readonly NumericOp[] IntegerComparisons32 = IntegerComparisons(ValueType.I32);
    private static readonly NumericOp[] IntegerComparisons64 = IntegerComparisons(ValueType.I64);

    private static NumericOp[] IntegerComparisons(ValueType type) =>
        [.. NumericOps.Producing(ValueType.I32).Where(o => o.Parameters is [var a, var b] && a == type && b == type
            && o.Name[4..] is "eq" or "ne" or "lt_s" or "lt_u" or "gt_s" or "gt_u" or "le_s" or "le_u" or "ge_s" or "ge_u")];

    /// <summary>This function is a guarded kernel: conditions are mostly comparisons, statements now and then
    /// constant-address f64 runs.</summary>
    private readonly bool _kernel;

    /// <summary>Locals set at entry to a parameter plus a constant (a straight memory kernel's pointers).</summary>
    private readonly List<int> _pointers = [];

    /// <summary>A constant-address run's pool of addresses (8-byte aligned, now and then 4 past one).</summary>
    private List<int>? _addressPool;

    /// <summary>Whether <paramref name="function"/> can be a straight leaf: numeric results, at least one.</summary>
    internal static bool CanBeStraightLeaf(FunctionShape function) =>
        function.Signature.Results.Length > 0 && function.Signature.Results.All(t => t.IsNumeric());

    /// <summary>
    /// A straight leaf's body: scratch locals set from pure values of the parameters, constant charges of the fuel
    /// intrinsic between (when the module imports it), then the results as pure values.
    /// </summary>
    public List<CodeNode> GenerateStraightLeaf()
    {
        var body = new List<CodeNode>();
        var scratch = new List<(int Index, ValueType Type)>();
        for (int n = _random.Range(0, 4); n > 0; n--)
        {
            if (_module.ImportsFuel && _random.Chance(50)) body.Add(FuelCharge());
            var type = _random.Pick(NumericTypes);
            int index = _function.Signature.Parameters.Length + _function.Locals.Count;
            _function.Locals.Add(type);
            body.Add(new CodeNode { Mnemonic = $"local.set {index} (leaf scratch)", Results = [], Operands = [PureValue(type, 3, scratch)], Code = [0x21, .. Uleb(index)], Opcodes = [0x21] });
            scratch.Add((index, type));
        }
        if (_module.ImportsFuel && _random.Chance(50)) body.Add(FuelCharge());
        foreach (var type in _function.Signature.Results) body.Add(PureValue(type, 3, scratch));
        return body;
    }

    /// <summary>
    /// A straight memory kernel's body: pointers set at entry (when there is an i32 parameter), then pointer runs,
    /// constant-address f64 runs and pure local sets, then the results as pure values or loads.
    /// </summary>
    public List<CodeNode> GenerateStraightMemoryKernel()
    {
        var body = new List<CodeNode>();
        var parameters = _function.Signature.Parameters;
        int pointerParameter = Array.FindIndex(parameters, t => t == ValueType.I32);
        if (pointerParameter >= 0)
        {
            for (int n = _random.Range(1, 4); n > 0; n--)
            {
                int constant = _random.Next(100) switch
                {
                    < 60 => 8 * _random.Range(0, 24),
                    < 80 => -8 * _random.Range(1, 16),
                    _ => _random.Range(-64, 256),
                };
                int index = parameters.Length + _function.Locals.Count;
                _function.Locals.Add(ValueType.I32);
                var w = new WasmWriter();
                w.WriteByte(0x20); w.WriteVarUInt32((uint)pointerParameter);
                w.WriteByte(0x41); w.WriteVarInt32(Math.Abs(constant));
                w.WriteByte(constant < 0 ? (byte)0x6B : (byte)0x6A);
                w.WriteByte(0x21); w.WriteVarUInt32((uint)index);
                body.Add(new CodeNode { Mnemonic = $"local.set {index} (pointer: parameter {pointerParameter} {(constant < 0 ? "-" : "+")} {Math.Abs(constant)})", Results = [], Code = w.ToArray(), Opcodes = [0x6A, 0x21] });
                _pointers.Add(index);
            }
        }
        var scratch = new List<(int Index, ValueType Type)>();
        for (int n = _random.Range(1, 4); n > 0; n--)
        {
            // Now and then a block a branch may leave first: the code after its end is a new block, where the pointers
            // are cells of unknown value rather than the entry's sums (the shape of a loop body reading them).
            if (_random.Chance(50)) body.Add(BlockSplit());
            switch (_random.Next(100))
            {
                case < 45 when _pointers.Count > 0: body.AddRange(PointerRun()); break;
                case < 80: body.AddRange(ConstantF64Run()); break;
                default:
                {
                    var type = _random.Pick(NumericTypes);
                    int index = parameters.Length + _function.Locals.Count;
                    _function.Locals.Add(type);
                    body.Add(new CodeNode { Mnemonic = $"local.set {index} (kernel scratch)", Results = [], Operands = [PureValue(type, 2, scratch)], Code = [0x21, .. Uleb(index)], Opcodes = [0x21] });
                    scratch.Add((index, type));
                    break;
                }
            }
        }
        foreach (var type in _function.Signature.Results)
            body.Add(type.IsNumeric() ? PureValue(type, 2, scratch) : Leaf(type));
        return body;
    }

    /// <summary><c>block (br_if 0 (value &amp; 1)) end</c>: a branch target that ends the block before it.</summary>
    private CodeNode BlockSplit()
    {
        var condition = new CodeNode { Mnemonic = "i32.and 1", Results = [ValueType.I32], Operands = [PureValue(ValueType.I32, 1, [])], Code = [0x41, 0x01, 0x71], Opcodes = [0x71] };
        var branch = new CodeNode { Mnemonic = "br_if 0", Results = [], Operands = [condition], Code = [0x0D, 0x00], Opcodes = [0x0D] };
        return new CodeNode { Mnemonic = "block (a branch target after it)", Results = [], Code = [0x02, 0x40], Body = [branch], Opcodes = [0x02, 0x0B] };
    }

    /// <summary>A straight run of loads and stores through the entry's pointers, offsets mostly small and aligned.</summary>
    private List<CodeNode> PointerRun()
    {
        var run = new List<CodeNode>();
        for (int n = _random.Range(2, 8); n > 0; n--)
        {
            var op = _random.Pick(Stores);
            var value = _random.Chance(60) ? PointerLoad(op.Type) : op.Type == ValueType.F64 ? KernelF64(2) : Constant(op.Type);
            run.Add(new CodeNode { Mnemonic = $"{op.Name} (pointer run)", Results = [], Operands = [PointerGet(), value], Code = [op.Opcode, .. PointerMemArg(op.NaturalAlignment)], Opcodes = [op.Opcode] });
        }
        return run;
    }

    private CodeNode PointerLoad(ValueType type)
    {
        var op = _random.Pick(Loads.Where(l => l.Type == type).ToArray());
        return new CodeNode { Mnemonic = $"{op.Name} (pointer run)", Results = [type], Operands = [PointerGet()], Code = [op.Opcode, .. PointerMemArg(op.NaturalAlignment)], Opcodes = [op.Opcode] };
    }

    private CodeNode PointerGet()
    {
        int pointer = _random.Pick(_pointers);
        return Simple($"local.get {pointer} (pointer)", [ValueType.I32], 0x20, Uleb(pointer));
    }

    private byte[] PointerMemArg(int naturalAlignment)
    {
        uint offset = _random.Next(100) switch
        {
            < 50 => (uint)(8 * _random.Range(0, 8)),
            < 90 => (uint)_random.Range(0, 64),
            _ => (uint)_random.Range(0, 70000),
        };
        return EncodeMemArg(naturalAlignment, offset);
    }

    /// <summary>
    /// f64 stores of float results at constant addresses from the function's pool, loads of the pool's locations
    /// between; now and then an integer store at a pool address (bits, not a float, in a location stored raw).
    /// </summary>
    private List<CodeNode> ConstantF64Run()
    {
        var run = new List<CodeNode>();
        if (_module.Memory is not { Min: > 0 } memory) return run;
        if (_addressPool is null)
        {
            int top = (int)Math.Min(memory.Min * 65536L, 1 << 20) - 8;
            _addressPool = [];
            int first = _random.Chance(80) ? 8 * _random.Range(0, 64) : top - 8 * _random.Range(0, 8);
            for (int n = _random.Range(2, 6); n > 0; n--)
            {
                int address = first + 8 * _random.Range(0, 6) + (_random.Chance(10) ? 4 : 0);
                if (_random.Chance(3)) address = top + 8 * _random.Range(0, 3) + _random.Range(0, 8);
                _addressPool.Add(address);
            }
        }
        for (int n = _random.Range(2, 7); n > 0; n--)
        {
            if (_random.Chance(10))
            {
                var integer = _random.Chance(50) ? Stores[1] : Stores[0];
                run.Add(new CodeNode { Mnemonic = $"{integer.Name} (constant-address run)", Results = [], Operands = [PoolAddress(), Constant(integer.Type)], Code = [integer.Opcode, .. PoolMemArg(integer.NaturalAlignment)], Opcodes = [integer.Opcode] });
                continue;
            }
            var store = Stores[3];
            // Mostly an operator's result: a raw value the run's NaN test folds.
            var value = _random.Chance(75) ? KernelF64Operator(2) : KernelF64(3);
            run.Add(new CodeNode { Mnemonic = "f64.store (constant-address run)", Results = [], Operands = [PoolAddress(), value], Code = [store.Opcode, .. PoolMemArg(store.NaturalAlignment)], Opcodes = [store.Opcode] });
        }
        return run;
    }

    private CodeNode PoolAddress()
    {
        int address = _random.Pick(_addressPool!);
        var w = new WasmWriter();
        w.WriteByte(0x41); w.WriteVarInt32(address);
        return new CodeNode { Mnemonic = $"i32.const {address} (pool address)", Results = [ValueType.I32], Code = w.ToArray(), Opcodes = [0x41] };
    }

    private byte[] PoolMemArg(int naturalAlignment) =>
        EncodeMemArg(naturalAlignment, _random.Chance(80) ? 0u : (uint)(8 * _random.Range(1, 4)));

    /// <summary>An f64 value: pool loads (when there is a pool), f64 parameters and locals, NaN-rich constants, f64 operators.</summary>
    private CodeNode KernelF64(int depth)
    {
        int roll = depth <= 0 ? _random.Next(60) : _random.Next(100);
        if (roll < 20 && _addressPool is not null)
        {
            var load = Loads[3];
            return new CodeNode { Mnemonic = "f64.load (constant-address run)", Results = [ValueType.F64], Operands = [PoolAddress()], Code = [load.Opcode, .. PoolMemArg(load.NaturalAlignment)], Opcodes = [load.Opcode] };
        }
        if (roll < 35)
        {
            var locals = _visibleLocals.Where(l => l.Type == ValueType.F64).ToList();
            if (locals.Count > 0)
            {
                var local = _random.Pick(locals);
                return Simple($"local.get {local.Index}", [ValueType.F64], 0x20, Uleb(local.Index));
            }
        }
        if (roll < 60) return Constant(ValueType.F64);
        return KernelF64Operator(depth - 1);
    }

    /// <summary>An f64 operator (unary or binary) on <see cref="KernelF64"/> operands.</summary>
    private CodeNode KernelF64Operator(int depth)
    {
        if (_random.Chance(25))
        {
            var unary = _random.Pick(F64Unary);
            return F64Operation(unary, [KernelF64(depth - 1)]);
        }
        var binary = _random.Pick(F64Binary);
        return F64Operation(binary, [KernelF64(depth - 1), KernelF64(depth - 1)]);
    }

    /// <summary>
    /// A value of numeric operators that never trap (no division, remainder or trapping truncation) over parameters,
    /// <paramref name="scratch"/> locals and constants: nothing it does is observable but its result.
    /// </summary>
    private CodeNode PureValue(ValueType type, int depth, List<(int Index, ValueType Type)> scratch)
    {
        if (depth > 0 && _random.Chance(70))
        {
            var candidates = NumericOps.Producing(type).Where(o => !o.IsDivision && !o.IsTrappingTruncation).ToArray();
            var op = _random.Pick(candidates);
            var operands = op.Parameters.Select(p => PureValue(p, depth - 1, scratch)).ToList();
            return new CodeNode { Mnemonic = op.Name, Results = [type], Operands = operands, Code = op.Encoding, Opcodes = [op.Key], Numeric = op };
        }
        var readable = Enumerable.Range(0, _function.Signature.Parameters.Length)
            .Where(i => _function.Signature.Parameters[i] == type).Concat(scratch.Where(s => s.Type == type).Select(s => s.Index)).ToList();
        if (readable.Count > 0 && _random.Chance(65))
        {
            int index = _random.Pick(readable);
            return Simple($"local.get {index}", [type], 0x20, Uleb(index));
        }
        return Constant(type);
    }

    /// <summary><c>i32.eqz (compare a b)</c>: a comparison whose only reader is the branch (rarely true: an equality).</summary>
    private CodeNode CompareCondition(bool rarelyTrue)
    {
        bool wide = _random.Chance(30);
        var type = wide ? ValueType.I64 : ValueType.I32;
        var comparisons = wide ? IntegerComparisons64 : IntegerComparisons32;
        // eqz (ne a b) holds when a = b, rarely with generated values; any comparison otherwise.
        var comparison = rarelyTrue ? comparisons[1] : _random.Pick(comparisons);
        var right = _random.Chance(50) ? Constant(type) : Value(type);
        return new CodeNode
        {
            Mnemonic = $"i32.eqz (compare 0x{comparison.Opcode:x2}) (condition)",
            Results = [ValueType.I32],
            Operands = [Value(type), right],
            Code = [.. comparison.Encoding, 0x45],
            Opcodes = [comparison.Key, 0x45],
        };
    }
}
