using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Contracts.Execution.Results;
using static Contracts.Samples.Tests.SampleChain;

namespace Contracts.Samples.Tests;

/// <summary>The C sample (node-adapter/samples/greeter, on node-adapter/sdk/c/contracts.h).</summary>
public sealed class GreeterTests
{
    [Fact]
    public void The_hand_written_selectors_match_the_abi()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "greeter", "greeter.c"));
        var abi = SampleChain.Abi("greeter");
        foreach (var function in abi.Functions)
        {
            Assert.Matches($@"0x{Convert.ToHexStringLower(function.Selector)}u\s+/\* {Regex.Escape(function.Signature)} \*/", source);
        }
    }

    [Fact]
    public void It_greets_by_default_and_stores_a_new_greeting_with_an_event()
    {
        var chain = new SampleChain();
        var greeter = chain.Deploy("greeter", Alice);
        Assert.Equal("Hello, world!", greeter.Read("greet")[0]);
        Assert.Equal(BigInteger.Zero, greeter.ReadInteger("changes"));

        var text = "Grüße aus Wasm — " + new string('x', 100);
        var result = greeter.Send(Bob, "setGreeting", text);
        Assert.True(result.Succeeded, $"{result.Failure} {result.Message} {greeter.RevertReasonOf(result)}");
        Assert.Equal(text, greeter.Read("greet")[0]);
        Assert.Equal(BigInteger.One, greeter.ReadInteger("changes"));
        var (name, values) = greeter.DecodeEvent(Assert.Single(result.Logs));
        Assert.Equal("GreetingChanged", name);
        Assert.Equal([Bob, text], values);

        // An empty greeting is a greeting (distinct from none).
        greeter.Invoke(Carol, "setGreeting", "");
        Assert.Equal("", greeter.Read("greet")[0]);
        Assert.Equal(new BigInteger(2), greeter.ReadInteger("changes"));
    }

    [Fact]
    public void It_reverts_with_reasons_on_bad_input()
    {
        var chain = new SampleChain();
        var greeter = chain.Deploy("greeter", Alice);

        var tooLong = greeter.Send(Alice, "setGreeting", new string('y', 281));
        Assert.Equal(ExecutionFailure.Reverted, tooLong.Failure);
        Assert.Equal("greeting too long", greeter.RevertReasonOf(tooLong));

        // An offset pointing past the end of the input.
        var calldata = greeter.Abi.GetFunction("setGreeting").EncodeCall("hi");
        calldata[4 + 31] = 0xff;
        Assert.Equal("invalid arguments", greeter.RevertReasonOf(chain.Send(Alice, greeter.Address, calldata)));
        // A length beyond the data.
        calldata = greeter.Abi.GetFunction("setGreeting").EncodeCall("hi");
        calldata[4 + 63] = 0x40;
        Assert.Equal("invalid arguments", greeter.RevertReasonOf(chain.Send(Alice, greeter.Address, calldata)));

        Assert.Equal("unknown function selector", greeter.RevertReasonOf(chain.Send(Alice, greeter.Address, Encoding.ASCII.GetBytes("nope"))));
        Assert.Equal("missing function selector", greeter.RevertReasonOf(chain.Send(Alice, greeter.Address, [])));
        Assert.Equal("Hello, world!", greeter.Read("greet")[0]);
    }
}
