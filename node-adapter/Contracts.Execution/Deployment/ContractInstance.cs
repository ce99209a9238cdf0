using Contracts.Engine.Runtime;

namespace Contracts.Execution.Deployment;

/// <summary>
/// An instance of a contract in a store of its own, with its memory and entry points looked up once. Frames rent
/// one from the contract's pool and give it back reset (<see cref="Instance.Reset"/>), so a warm call neither
/// instantiates nor allocates a store's stacks.
/// </summary>
internal sealed class ContractInstance
{
    private ContractInstance(Store store, Instance instance)
    {
        Store = store;
        Instance = instance;
        Memory = instance.GetMemory("memory") ?? throw new DeploymentException("the contract exports no memory named \"memory\"");
    }

    public Store Store { get; }
    public Instance Instance { get; }
    public Memory Memory { get; }

    public static ContractInstance Create(ContractRuntime runtime, ContractModule contract)
    {
        var store = new Store(runtime.Engine);
        return new ContractInstance(store, runtime.Linker.Instantiate(store, contract.Module));
    }

    /// <summary>Back to the state right after instantiation, with no frame attached.</summary>
    public void Reset()
    {
        Instance.Reset();
        Store.Data = null;
        Store.Tracer = null;
        Memory.GrowCeiling = uint.MaxValue;
    }
}
