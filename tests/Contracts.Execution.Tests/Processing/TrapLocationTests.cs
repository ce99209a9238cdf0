using Contracts.Execution.Results;

namespace Contracts.Execution.Tests.Processing;

/// <summary>Traps name the function and offset of the module as deployed (Contracts/trapper.wat; offsets from wasm-objdump).</summary>
public sealed class TrapLocationTests
{
    [Fact]
    public void A_trap_names_the_function_and_its_offset_in_the_deployed_module()
    {
        var chain = new TestChain();
        var contract = chain.Deploy("trapper");

        var result = chain.Send(contract, []);

        Assert.Equal(ExecutionFailure.Trap, result.Failure);
        // i32.div_u is at 0x3a in trapper.wasm; the instrumented module has it elsewhere.
        Assert.Contains("integer divide by zero in function 0 (divide) at offset 0x3a of contract", result.Message);
    }
}
