using System.Runtime.ExceptionServices;
using Contracts.Engine.Runtime;
using Contracts.Execution.Blocks;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Deployment;
using Contracts.Execution.Results;
using Contracts.Execution.State;
using Contracts.Execution.Tracing;
using Contracts.Execution.Transactions;
using Contracts.GasMetering;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Execution.Calls;

/// <summary>
/// One transaction's execution: the frames on the call stack, the logs and refund it has gathered (journaled so a
/// failed frame drops exactly its own), the memory of all live frames, and the call and create operations. Each
/// frame is a nanoprocess: its own store (its own gas), its own instance and memory, only the host ABI.
/// </summary>
internal sealed class ExecutionSession
{
    private readonly List<CallFrame> _frames = [];
    private readonly List<Log> _logs = [];
    private readonly Dictionary<(Address, Hash256), bool> _originalSlotNonZero = [];

    public ExecutionSession(ContractState state, BlockContext block, Transaction transaction, ContractRuntime runtime, UInt256 gasPrice, IExecutionTracer? tracer)
    {
        State = state;
        Block = block;
        Transaction = transaction;
        Runtime = runtime;
        GasPrice = gasPrice;
        Tracer = tracer;
    }

    public ContractState State { get; }
    public BlockContext Block { get; }
    public Transaction Transaction { get; }
    public ContractRuntime Runtime { get; }
    public UInt256 GasPrice { get; }
    public IExecutionTracer? Tracer { get; }
    public GasSchedule Schedule => Runtime.Rules.Schedule;
    public ExecutionLimits Limits => Runtime.Rules.Limits;

    /// <summary>Wasm gas earned back for cleared slots (journaled with the frames).</summary>
    public long Refund { get; set; }

    public IReadOnlyList<Log> Logs => _logs;

    public void AddLog(CallFrame frame, Log log)
    {
        _logs.Add(log);
        Tracer?.OnLog(frame.Depth, log);
    }

    /// <summary>The deploy charge for <paramref name="length"/> bytes of deploy data, before any work on it.</summary>
    public ulong DeployCharge(uint length) => Schedule.DeployCharge(length) + (ulong)length * Schedule.CodeDepositPerByte;

    /// <summary>Whether a frame of <paramref name="address"/> is on the call stack (a loop: a lambda here cost every call a closure).</summary>
    private bool IsOnStack(Address address)
    {
        foreach (var frame in _frames)
            if (frame.Address == address) return true;
        return false;
    }

    /// <summary>Records the slot's value at its first touch in this transaction; true when that value was non-zero.</summary>
    public bool RememberOriginalSlot(Address address, ReadOnlySpan<byte> slot, ReadOnlySpan<byte> current)
    {
        var key = (address, new Hash256(slot));
        if (!_originalSlotNonZero.TryGetValue(key, out bool nonZero))
        {
            nonZero = current.IndexOfAnyExcept((byte)0) >= 0;
            _originalSlotNonZero[key] = nonZero;
        }
        return nonZero;
    }

    /// <summary>
    /// Calls <paramref name="target"/> with <paramref name="gas"/> Wasm gas. Failures before anything runs (depth,
    /// balance, reentrancy, memory) keep the gas; a trap consumes it; a revert returns what is left.
    /// </summary>
    public FrameResult Call(CallKind kind, Address caller, Address target, UInt256 value, ReadOnlyMemory<byte> input, long gas, bool isStatic, int depth)
    {
        Tracer?.OnFrameEnter(depth, kind, caller, target, value, input, gas);
        var result = CallInner(caller, target, value, input, gas, isStatic, depth);
        Tracer?.OnFrameExit(depth, result.Status, result.Output, gas - result.GasLeft, result.Failure, result.Message);
        return result;
    }

    private FrameResult CallInner(Address caller, Address target, UInt256 value, ReadOnlyMemory<byte> input, long gas, bool isStatic, int depth)
    {
        if (depth > Limits.MaxCallDepth)
            return FrameResult.Fail(ExecutionFailure.CallDepthExceeded, $"call depth {depth} is above the limit of {Limits.MaxCallDepth}", gas);
        if (State.GetBalance(caller) < value)
            return FrameResult.Fail(ExecutionFailure.InsufficientBalance, $"insufficient balance to transfer {value} wei", gas);

        int checkpoint = State.Checkpoint();
        int logMark = _logs.Count;
        long refundMark = Refund;
        Transfer(caller, target, value);

        // The code hash names the module: the code itself (kilobytes, copied out of the store) is read only when the
        // module cache misses.
        var codeHash = State.GetCodeHash(target);
        ContractModule? contract = null;
        try
        {
            if (!codeHash.IsZero && codeHash != Hash256.EmptyCode)
                contract = Runtime.TryGetLoaded(codeHash) ?? (State.GetCode(target) is { Length: > 0 } code ? Runtime.Load(codeHash, code) : null);
        }
        catch (DeploymentException e)
        {
            Undo(checkpoint, logMark, refundMark);
            return FrameResult.Fail(ExecutionFailure.InvalidDeployment, $"the code at {target} cannot run: {e.Message}", 0);
        }
        if (contract is null)
        {
            State.Release(checkpoint);
            return new FrameResult(CallStatus.Success, [], gas, ExecutionFailure.None, "");
        }
        if (!contract.Reentrant && IsOnStack(target))
        {
            Undo(checkpoint, logMark, refundMark);
            return FrameResult.Fail(ExecutionFailure.ReentrancyRefused, $"reentrancy into {target}, which did not opt in ({ContractLoader.ReentrantSection})", gas);
        }

        var frame = new CallFrame
        {
            Session = this, Address = target, Caller = caller, Value = value, Input = input, IsStatic = isStatic, Depth = depth, Contract = contract,
        };
        var result = Run(frame, "call", gas);
        if (result.Status == CallStatus.Success) State.Release(checkpoint);
        else Undo(checkpoint, logMark, refundMark);
        return result;
    }

    /// <summary>The transaction's own deploy: the sender's nonce (before the transaction) names the address.</summary>
    public FrameResult CreateFromTransaction(Address sender, ulong nonce, ReadOnlyMemory<byte> deployData, UInt256 value, long gas) =>
        Create(sender, ContractAddress.From(sender, nonce), deployData, value, gas, depth: 1, CallKind.Create);

    /// <summary><c>create</c>/<c>create2</c> from a running contract (its nonce is used and incremented for create).</summary>
    public FrameResult CreateFromContract(CallFrame creator, byte[] deployData, UInt256 value, long gas, byte[]? salt)
    {
        if (creator.Depth + 1 > Limits.MaxCallDepth)
            return FrameResult.Fail(ExecutionFailure.CallDepthExceeded, $"call depth {creator.Depth + 1} is above the limit of {Limits.MaxCallDepth}", gas);
        Address address;
        if (salt is null)
        {
            ulong nonce = State.GetNonce(creator.Address);
            State.SetNonce(creator.Address, nonce + 1);
            address = ContractAddress.From(creator.Address, nonce);
        }
        else
        {
            address = ContractAddress.From2(creator.Address, salt, deployData);
        }
        return Create(creator.Address, address, deployData, value, gas, creator.Depth + 1, salt is null ? CallKind.Create : CallKind.Create2);
    }

    private FrameResult Create(Address creator, Address address, ReadOnlyMemory<byte> deployData, UInt256 value, long gas, int depth, CallKind kind)
    {
        Tracer?.OnFrameEnter(depth, kind, creator, address, value, deployData, gas);
        var result = CreateInner(creator, address, deployData, value, gas, depth);
        Tracer?.OnFrameExit(depth, result.Status, result.Output, gas - result.GasLeft, result.Failure, result.Message);
        return result;
    }

    private FrameResult CreateInner(Address creator, Address address, ReadOnlyMemory<byte> deployData, UInt256 value, long gas, int depth)
    {
        if (State.GetBalance(creator) < value)
            return FrameResult.Fail(ExecutionFailure.InsufficientBalance, $"insufficient balance to transfer {value} wei", gas);
        if (State.GetNonce(address) != 0 || (State.GetCode(address)?.Length ?? 0) != 0)
            return FrameResult.Fail(ExecutionFailure.AddressCollision, $"a contract or account with a nonce already exists at {address}", 0);

        int checkpoint = State.Checkpoint();
        int logMark = _logs.Count;
        long refundMark = Refund;
        ContractModule contract;
        try
        {
            contract = Runtime.Load(Keccak256.Compute(deployData.Span), deployData);
        }
        catch (DeploymentException e)
        {
            Undo(checkpoint, logMark, refundMark);
            return FrameResult.Fail(ExecutionFailure.InvalidDeployment, e.Message, 0);
        }
        State.CreateAccount(address);
        State.SetNonce(address, 1);
        Transfer(creator, address, value);
        State.SetCode(address, deployData.Span);

        var frame = new CallFrame
        {
            Session = this, Address = address, Caller = creator, Value = value, IsStatic = false, Depth = depth, Contract = contract,
            Input = DeployData.Parse(deployData).ConstructorArguments,
        };
        var result = contract.HasConstructor ? Run(frame, "deploy", gas) : new FrameResult(CallStatus.Success, [], gas, ExecutionFailure.None, "");
        if (result.Status != CallStatus.Success)
        {
            Undo(checkpoint, logMark, refundMark);
            return result;
        }
        State.Release(checkpoint);
        return result with { Output = [], Created = address };
    }

    // Contract frames nest on the .NET stack: a frame's call runs the callee's frame inside its host call. A chain's
    // depth limit may be up to 1,024 frames, more than a thread of the node's (1-1.5 MiB) holds, and a build or runtime
    // with bigger frames (Debug) holds fewer. So frames run on the calling thread for one segment of its stack
    // (StackSegmentBytes below where the top frame started) and continue on a fresh thread with a stack of its own
    // past that: results and gas do not depend on the thread, and no depth the limits allow overflows a stack. The
    // caller of a transaction needs StackSegmentBytes plus what the compiled tier's frames may take (its native-stack
    // budget, 256 KiB per thread) plus one frame free, which the node's threads have.
    private const int StackSegmentBytes = 256 * 1024;
    private const int FreshStackBytes = 16 * 1024 * 1024;

    // Where the current stack segment started (the top frame's, or a fresh thread's first frame); 0 before the first frame.
    private nint _stackSegmentStart;

    /// <summary>Whether this frame would start further than <see cref="StackSegmentBytes"/> into the current segment (a
    /// top frame starts the segment).</summary>
    private unsafe bool PastStackSegment()
    {
        byte marker = 0;
        nint here = (nint)(&marker);
        if (_frames.Count == 0 || _stackSegmentStart == 0)
        {
            _stackSegmentStart = here;
            return false;
        }
        return _stackSegmentStart - here > StackSegmentBytes;
    }

    /// <summary>Runs the frame on a new thread with a stack of its own (and a new segment), waiting for it.</summary>
    private FrameResult RunOnFreshStack(CallFrame frame, string export, long gas)
    {
        nint segment = _stackSegmentStart;
        FrameResult result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                _stackSegmentStart = 0;
                result = Run(frame, export, gas);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, FreshStackBytes) { IsBackground = true, Name = "contract frames (deep)" };
        thread.Start();
        thread.Join();
        _stackSegmentStart = segment;
        failure?.Throw();
        return result;
    }

    /// <summary>Instantiates the frame's contract in its own store and runs <paramref name="export"/>.</summary>
    private FrameResult Run(CallFrame frame, string export, long gas)
    {
        if (PastStackSegment()) return RunOnFreshStack(frame, export, gas);
        var contract = frame.Contract;
        uint livePages = LivePages();
        if (livePages + contract.InitialPages > Limits.MaxTotalPages)
            return FrameResult.Fail(ExecutionFailure.MemoryLimitExceeded, $"the new frame's {contract.InitialPages} pages would bring the live frames' memory above {Limits.MaxTotalPages} pages", gas);
        ulong memoryCharge = Schedule.MemoryGrow + Schedule.MemoryGrowCharge(0, contract.InitialPages);
        if ((ulong)gas < memoryCharge)
            return FrameResult.Fail(ExecutionFailure.OutOfGas, "out of gas paying for the instance's initial memory", 0);

        ContractInstance pooled;
        Function? entry;
        try
        {
            pooled = contract.RentInstance(Runtime);
            entry = pooled.Instance.GetFunction(export);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return FrameResult.Fail(ExecutionFailure.Trap, $"instantiation failed: {e.Message}", 0);
        }
        if (entry is null)
        {
            contract.ReturnInstance(pooled);
            return FrameResult.Fail(ExecutionFailure.Trap, $"the contract exports no function \"{export}\"", 0);
        }
        var store = pooled.Store;
        store.Data = frame;
        store.Fuel = gas - (long)memoryCharge;
        frame.Memory = pooled.Memory;
        frame.Memory.GrowCeiling = Limits.MaxTotalPages - livePages;

        _frames.Add(frame);
        Trap? trap;
        long gasLeft;
        try
        {
            trap = entry.Invoke(ReadOnlySpan<Value>.Empty, Span<Value>.Empty);
        }
        finally
        {
            // Everything the frame needs from the instance is read before it goes back: once returned, another
            // thread's frame may rent it and set its store's fuel (reading the fuel after the return made parallel
            // replay diverge in gas used, once in ~400,000 transactions).
            gasLeft = store.Fuel;
            frame.Memory = null;
            _frames.RemoveAt(_frames.Count - 1);
            contract.ReturnInstance(pooled);
        }

        if (trap is null) return new FrameResult(CallStatus.Success, frame.Output, gasLeft, ExecutionFailure.None, "");
        if (frame.Reverted) return new FrameResult(CallStatus.Reverted, frame.Output, gasLeft, ExecutionFailure.Reverted, "execution reverted");
        string description = Describe(frame, trap);
        Tracer?.OnTrap(frame.Depth, description);
        var failure = frame.HostFailure != ExecutionFailure.None ? frame.HostFailure
            : trap.Kind == TrapKind.OutOfFuel ? ExecutionFailure.OutOfGas
            : ExecutionFailure.Trap;
        return FrameResult.Fail(failure, description, 0);
    }

    private static string Describe(CallFrame frame, Trap trap)
    {
        string message = frame.HostFailureMessage ?? (trap.Kind == TrapKind.OutOfFuel ? "out of gas" : trap.Message);
        string where = trap.FunctionIndex >= 0 ? $" in {frame.Contract.DescribeFunction(trap.FunctionIndex)}" : "";
        int offset = frame.Contract.OriginalOffset(trap.FunctionIndex, trap.Offset);
        if (offset >= 0) where += $" at offset 0x{offset:x}";
        return $"{message}{where} of contract {frame.Address}";
    }

    private uint LivePages()
    {
        uint pages = 0;
        foreach (var frame in _frames) pages += frame.Memory?.Pages ?? 0;
        return pages;
    }

    private void Transfer(Address from, Address to, UInt256 value)
    {
        if (value.IsZero)
        {
            if (!State.Exists(to)) State.CreateAccount(to);
            return;
        }
        State.SetBalance(from, State.GetBalance(from) - value);
        State.SetBalance(to, State.GetBalance(to) + value);
    }

    private void Undo(int checkpoint, int logMark, long refundMark)
    {
        State.Revert(checkpoint);
        _logs.RemoveRange(logMark, _logs.Count - logMark);
        Refund = refundMark;
    }
}
