using System.Text;
using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Seeded random functions of integer arithmetic around rotations (constants 0, 1 and -1 among the operands, so the JIT
/// meets identities it folds away; counts immediate, constant in a local, or in a register), their values stored to
/// memory, and in one function of three a zero test (eqz, select, br_if) of a rotation after a loop that leaves the zero
/// flag set: the functions whose rotations stay in arithmetic get the JIT's rotate, the others shifts, and memory after
/// every call equals the interpreter's (with every function given the JIT's rotate, each seed fails at a zero test).
/// The fuzzer's ordinary functions fold every value into a global, so none of them gets native rotates; its
/// arithmetic-style functions do (TierParityTests), and these add zero tests placed right after a rotation.
/// </summary>
public sealed class NativeRotationParityTests
{
    private static readonly string[] Binary = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_u", "shr_s", "rotl", "rotr", "rotl", "rotr"];
    private static readonly long[] Constants = [0, 1, -1, 7, 31, 32, 63, 64, 127, 128, 200, unchecked((long)0x8000_0000_0000_0000)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_rotation_arithmetic_stores_the_interpreters_memory(int seed)
    {
        var random = new Random(seed);
        const int functionCount = 24;
        var text = new StringBuilder("(module (memory (export \"memory\") 1)\n");
        for (int f = 0; f < functionCount; f++) text.Append(RandomFunction(random, f));
        text.Append(')');
        var bytes = Wasmtime.Module.ConvertText(text.ToString());

        var interpreter = new Engine(EngineConfig.Default with { Tier = ExecutionTier.Interpreter });
        var compiler = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled));
        var compiledModule = Module.Compile(compiler, bytes);
        Assert.True(IlTier.Precompile(compiledModule));
        var interpreted = new Linker().Instantiate(new Store(interpreter), Module.Compile(interpreter, bytes));
        var compiled = new Linker().Instantiate(new Store(compiler), compiledModule);

        // Both paths are exercised: some functions qualify for native rotates, some do not.
        int native = compiledModule.Functions.Count(function => FunctionEmitter.RotationsStayInArithmetic(function.Code));
        Assert.InRange(native, 1, functionCount - 1);

        for (int f = 0; f < functionCount; f++)
        {
            for (int call = 0; call < 12; call++)
            {
                Value[] arguments = [Value.I64(Argument(random)), Value.I64(Argument(random)), Value.I32((int)Argument(random))];
                var expectedTrap = interpreted.GetFunction($"f{f}")!.Invoke(arguments, []);
                var actualTrap = compiled.GetFunction($"f{f}")!.Invoke(arguments, []);
                Assert.Null(expectedTrap);
                Assert.Null(actualTrap);
                var expected = interpreted.Memories[0].Span[..512].ToArray();
                var actual = compiled.Memories[0].Span[..512].ToArray();
                Assert.True(expected.AsSpan().SequenceEqual(actual),
                    $"seed {seed}, f{f}({string.Join(", ", arguments.Select(a => a.ToString()))}): memory differs at byte "
                    + $"{expected.Zip(actual).TakeWhile(pair => pair.First == pair.Second).Count()}");
            }
        }
    }

    private static long Argument(Random random) =>
        random.Next(4) == 0 ? Constants[random.Next(Constants.Length)] : random.NextInt64() ^ ((long)random.Next(2) << 63);

    /// <summary>(func $fN (param i64 i64 i32) (local i64 × 6, i32) ...): locals from the parameters and constants, then
    /// statements local = op(operand, operand) (i64, sometimes through an i32 wrap and extension), every local stored,
    /// and for one function in three a zero test of a local deciding a further store.</summary>
    private static string RandomFunction(Random random, int index)
    {
        const int locals = 6;
        var body = new StringBuilder();
        body.Append($"(func (export \"f{index}\") (param i64 i64 i32) (local i64 i64 i64 i64 i64 i64 i32)\n");
        for (int l = 0; l < locals; l++)
            body.Append($"  (local.set {3 + l} {(random.Next(3) == 0 ? $"(i64.const {Constants[random.Next(Constants.Length)]})" : $"(local.get {random.Next(2)})")})\n");
        string Operand(bool count) => random.Next(5) switch
        {
            0 => $"(i64.const {Constants[random.Next(Constants.Length)]})",
            1 when count => "(i64.extend_i32_u (local.get 2))",
            _ => $"(local.get {3 + random.Next(locals)})",
        };
        int statements = 6 + random.Next(10);
        for (int s = 0; s < statements; s++)
        {
            string op = Binary[random.Next(Binary.Length)];
            bool shift = op.StartsWith("sh", StringComparison.Ordinal) || op.StartsWith("rot", StringComparison.Ordinal);
            string expression = $"(i64.{op} {Operand(false)} {Operand(shift)})";
            if (random.Next(5) == 0)
                expression = $"(i64.extend_i32_u (i32.{op} (i32.wrap_i64 {Operand(false)}) (i32.wrap_i64 {Operand(shift)})))";
            body.Append($"  (local.set {3 + random.Next(locals)} {expression})\n");
        }
        if (index % 3 == 0)
        {
            // A loop whose exit leaves the zero flag set, then a zero test of a rotation by a constant whose value
            // nothing else reads (the shape that met dotnet/runtime#129288), sometimes through an identity.
            string at = $"(i32.const {8 * (48 + index % 8)})";
            string rotation = $"(i64.{(random.Next(2) == 0 ? "rotl" : "rotr")} (local.get {3 + random.Next(locals)}) (i64.const {1 + random.Next(63)}))";
            if (random.Next(2) == 0) rotation = $"(i64.xor {rotation} (i64.const 0))";
            body.Append("  (local.set 9 (i32.const 2)) (loop (br_if 0 (local.tee 9 (i32.sub (local.get 9) (i32.const 1)))))\n");
            body.Append((index / 3 % 3) switch
            {
                0 => $"  (i64.store {at} (i64.extend_i32_u (i64.eqz {rotation})))\n",
                1 => $"  (i64.store {at} (select (i64.const 11) (i64.const 22) (i64.ne {rotation} (i64.const 0))))\n",
                _ => $"  (block (br_if 0 (i64.eqz {rotation})) (i64.store {at} (i64.const 33)))\n",
            });
        }
        for (int l = 0; l < locals; l++)
            body.Append($"  (i64.store offset={8 * (l + 6 * (index % 8))} (i32.const 0) (local.get {3 + l}))\n");
        body.Append(")\n");
        return body.ToString();
    }
}
