using System.Globalization;
using System.Text;

namespace Contracts.GasMetering.Tests;

/// <summary>
/// Generates valid WebAssembly programs (as text) from a seed: a few functions of type [i64] → [i64] that mix integer
/// arithmetic (trapping division included), locals and a global, loads and stores (sometimes out of bounds), bounded
/// loops, blocks with <c>br_if</c> and <c>br_table</c>, early returns, direct and indirect calls (to later functions
/// only, or recursion bounded by the parameter), <c>memory.grow</c>, <c>memory.fill</c> and <c>memory.copy</c>, and
/// rarely an <c>unreachable</c>, an endless loop or unbounded recursion. <c>main</c> calls the first function.
/// </summary>
internal sealed class ProgramGenerator
{
    private const int FunctionCount = 4;
    private readonly Random _random;
    private readonly StringBuilder _text = new();
    private int _function;
    private int _loopDepth;

    private ProgramGenerator(int seed) => _random = new Random(seed);

    public static string Generate(int seed) => new ProgramGenerator(seed).Module();

    private string Module()
    {
        _text.AppendLine("(module");
        _text.AppendLine("  (type $t (func (param i64) (result i64)))");
        _text.AppendLine("  (memory 1 8)");
        _text.AppendLine($"  (table {FunctionCount} funcref)");
        _text.Append("  (elem (i32.const 0)");
        for (int i = 0; i < FunctionCount; i++) _text.Append($" $f{i}");
        _text.AppendLine(")");
        _text.AppendLine("  (global $g (mut i64) (i64.const 7))");
        for (_function = 0; _function < FunctionCount; _function++)
        {
            _text.AppendLine($"  (func $f{_function} (type $t) (local $a i64) (local $b i64) (local $c0 i32) (local $c1 i32) (local $c2 i32)");
            _text.AppendLine("    (local.set $a (local.get 0))");
            Statements(3);
            _text.AppendLine("    (i64.add (i64.xor (local.get $a) (local.get $b)) (global.get $g)))");
        }
        _text.AppendLine($"  (func (export \"main\") (result i64) (call $f0 (i64.const {_random.Next(0, 6)})))");
        _text.AppendLine(")");
        return _text.ToString();
    }

    private void Statements(int depth)
    {
        int count = _random.Next(1, 5);
        for (int i = 0; i < count; i++) Statement(depth);
    }

    private void Statement(int depth)
    {
        int choice = _random.Next(depth > 0 ? 15 : 6);
        switch (choice)
        {
            case 0 or 1:
                _text.Append("    (local.set $").Append(_random.Next(2) == 0 ? "a" : "b").Append(' ');
                Expression(2);
                _text.AppendLine(")");
                break;
            case 2:
                _text.Append("    (global.set $g (i64.add (global.get $g) ");
                Expression(2);
                _text.AppendLine("))");
                break;
            case 3:
                _text.Append("    (i64.store (i32.and (i32.wrap_i64 ");
                Expression(1);
                _text.Append(") (i32.const ").Append(Mask()).Append(")) ");
                Expression(1);
                _text.AppendLine(")");
                break;
            case 4:
                _text.Append("    (drop (memory.grow (i32.const ").Append(_random.Next(0, 3)).AppendLine(")))");
                break;
            case 5:
                if (_random.Next(2) == 0)
                    _text.Append("    (memory.fill (i32.const ").Append(_random.Next(0, 60_000)).Append(") (i32.const 7) (i32.const ")
                        .Append(_random.Next(0, 9_000)).AppendLine("))");
                else
                    _text.Append("    (memory.copy (i32.const ").Append(_random.Next(0, 60_000)).Append(") (i32.const ")
                        .Append(_random.Next(0, 60_000)).Append(") (i32.const ").Append(_random.Next(0, 9_000)).AppendLine("))");
                break;
            case 6 or 7:
                _text.Append("    (if (i64.lt_s ");
                Expression(1);
                _text.Append(' ');
                Expression(1);
                _text.AppendLine(") (then");
                Statements(depth - 1);
                _text.AppendLine("    ) (else");
                Statements(depth - 1);
                _text.AppendLine("    ))");
                break;
            case 8:
                _text.AppendLine("    (block $out");
                Statements(depth - 1);
                _text.Append("    (br_if $out (i64.eqz (i64.and ");
                Expression(1);
                _text.AppendLine(" (i64.const 1))))");
                Statements(depth - 1);
                _text.AppendLine("    )");
                break;
            case 9 when _loopDepth < 3:
            {
                string counter = "$c" + _loopDepth;
                _loopDepth++;
                _text.Append("    (local.set ").Append(counter).Append(" (i32.const ").Append(_random.Next(1, 12)).AppendLine("))");
                _text.Append("    (loop $l").Append(_loopDepth).AppendLine();
                Statements(depth - 1);
                _text.Append("    (local.set ").Append(counter).Append(" (i32.sub (local.get ").Append(counter).AppendLine(") (i32.const 1)))");
                _text.Append("    (br_if $l").Append(_loopDepth).Append(" (local.get ").Append(counter).AppendLine(")))");
                _loopDepth--;
                break;
            }
            case 10:
                _text.AppendLine("    (block $x (block $y (block $z");
                _text.Append("    (br_table $x $y $z $y (i32.wrap_i64 (i64.rem_u ");
                Expression(1);
                _text.AppendLine(" (i64.const 5)))))");
                Statements(depth - 1);
                _text.AppendLine("    )");
                Statements(depth - 1);
                _text.AppendLine("    )");
                break;
            case 11:
                Call();
                break;
            case 12:
                _text.Append("    (if (i64.eq (i64.and ");
                Expression(1);
                _text.Append(" (i64.const 15)) (i64.const 3)) (then (return ");
                Expression(1);
                _text.AppendLine(")))");
                break;
            case 13:
                Rare();
                break;
            default:
                _text.Append("    (local.set $b (i64.add (local.get $b) ");
                Expression(3);
                _text.AppendLine("))");
                break;
        }
    }

    private void Call()
    {
        if (_function + 1 < FunctionCount && _random.Next(3) != 0)
        {
            int target = _random.Next(_function + 1, FunctionCount);
            if (_random.Next(2) == 0)
            {
                _text.Append("    (local.set $a (call $f").Append(target).Append(' ');
                Expression(1);
                _text.AppendLine("))");
            }
            else
            {
                _text.Append("    (local.set $a (call_indirect (type $t) ");
                Expression(1);
                _text.Append(" (i32.const ").Append(target).AppendLine(")))");
            }
        }
        else
        {
            // Recursion bounded by the parameter, which shrinks on every call.
            _text.Append("    (if (i64.gt_s (local.get 0) (i64.const 0)) (then (local.set $b (call $f").Append(_function)
                .AppendLine(" (i64.sub (local.get 0) (i64.const 1))))))");
        }
    }

    /// <summary>Rare events: a trap, an endless loop (ends only by running out of gas), unbounded recursion.</summary>
    private void Rare()
    {
        switch (_random.Next(6))
        {
            case 0:
                _text.Append("    (if (i64.eq (i64.and ");
                Expression(1);
                _text.AppendLine(" (i64.const 7)) (i64.const 5)) (then unreachable))");
                break;
            case 1:
                _text.Append("    (if (i64.eq (i64.and ");
                Expression(1);
                _text.AppendLine(" (i64.const 7)) (i64.const 6)) (then (loop $forever (global.set $g (i64.add (global.get $g) (i64.const 1))) (br $forever))))");
                break;
            case 2:
                _text.Append("    (if (i64.eq (i64.and ");
                Expression(1);
                _text.Append(" (i64.const 7)) (i64.const 1)) (then (local.set $b (call $f").Append(_function).AppendLine(" (local.get 0)))))");
                break;
            default:
                _text.Append("    (local.set $b (i64.div_s (local.get $b) ");
                Expression(1);
                _text.AppendLine("))");
                break;
        }
    }

    private void Expression(int depth)
    {
        int choice = _random.Next(depth > 0 ? 13 : 4);
        switch (choice)
        {
            case 0:
                _text.Append("(i64.const ").Append(Constant()).Append(')');
                break;
            case 1:
                _text.Append("(local.get $").Append(_random.Next(2) == 0 ? "a" : "b").Append(')');
                break;
            case 2:
                _text.Append("(local.get 0)");
                break;
            case 3:
                _text.Append("(global.get $g)");
                break;
            case 4 or 5 or 6:
            {
                string[] ops = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_u", "rotl", "add", "mul", "rem_u"];
                _text.Append("(i64.").Append(ops[_random.Next(ops.Length)]).Append(' ');
                Expression(depth - 1);
                _text.Append(' ');
                Expression(depth - 1);
                _text.Append(')');
                break;
            }
            case 7:
                _text.Append("(i64.load (i32.and (i32.wrap_i64 ");
                Expression(depth - 1);
                _text.Append(") (i32.const ").Append(Mask()).Append(")))");
                break;
            case 8:
                _text.Append("(i64.extend_i32_u (memory.size))");
                break;
            case 9:
                _text.Append("(select ");
                Expression(depth - 1);
                _text.Append(' ');
                Expression(depth - 1);
                _text.Append(" (i32.wrap_i64 ");
                Expression(depth - 1);
                _text.Append("))");
                break;
            case 10:
                _text.Append("(i64.trunc_sat_f64_s (f64.div (f64.convert_i64_s ");
                Expression(depth - 1);
                _text.Append(") (f64.const 3.5)))");
                break;
            case 11:
                _text.Append("(i64.extend_i32_s (i32.popcnt (i32.wrap_i64 ");
                Expression(depth - 1);
                _text.Append(")))");
                break;
            default:
                _text.Append("(i64.extend32_s ");
                Expression(depth - 1);
                _text.Append(')');
                break;
        }
    }

    /// <summary>Mostly in bounds of the first page; sometimes past the memory, which traps.</summary>
    private string Mask() => _random.Next(10) == 0 ? "0x7fff8" : "0xfff8";

    private string Constant() => _random.Next(4) switch
    {
        0 => _random.Next(-3, 4).ToString(CultureInfo.InvariantCulture),
        1 => _random.NextInt64().ToString(CultureInfo.InvariantCulture),
        _ => _random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture),
    };
}
