using Contracts.Devnet.Accounts;
using Contracts.Execution.ChainSpecs;

namespace Contracts.Devnet.Tests;

public sealed class DevAccountsTests
{
    [Fact]
    public void The_ten_keys_control_exactly_the_accounts_the_devnet_spec_funds()
    {
        var funded = ChainSpec.Devnet().Genesis.Alloc.Select(a => a.Key).OrderBy(a => a).ToList();
        var ours = DevAccounts.List.Select(a => a.Address).OrderBy(a => a).ToList();
        Assert.Equal(funded, ours);
        // anvil's account (0) as it prints it.
        Assert.Equal("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", Contracts.Devnet.Rpc.RpcHex.Data(DevAccounts.List[0].Address));
    }
}
