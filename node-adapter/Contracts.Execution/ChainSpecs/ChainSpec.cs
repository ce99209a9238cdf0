using Contracts.GasMetering;

namespace Contracts.Execution.ChainSpecs;

/// <summary>
/// A chain's definition: its id, its genesis block and state, and the rule sets it activates by block number. It is
/// the one place that says what is in force at a block (<see cref="RulesAt"/>); <see cref="GasSchedules"/> is derived
/// from it. Read one from JSON with <see cref="ChainSpecReader"/>, or take the built-in <see cref="Devnet"/>.
/// </summary>
public sealed class ChainSpec
{
    private readonly RuleSet[] _rules;

    public ChainSpec(string name, ulong chainId, GenesisSpec genesis, IEnumerable<RuleSet> rules)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(rules);
        if (chainId == 0) throw new ChainSpecException("chain id 0 is not allowed (EIP-155 signatures need a non-zero chain id)");
        Name = name;
        ChainId = chainId;
        Genesis = genesis;
        _rules = rules.ToArray();
        if (_rules.Length == 0 || _rules[0].ActivationBlock != 0)
            throw new ChainSpecException("the first rule set must activate at block 0");
        for (int i = 0; i < _rules.Length; i++)
        {
            _rules[i].Validate();
            if (i > 0 && _rules[i].ActivationBlock <= _rules[i - 1].ActivationBlock)
                throw new ChainSpecException($"rule set \"{_rules[i].Name}\" activates at block {_rules[i].ActivationBlock}, not after \"{_rules[i - 1].Name}\" at {_rules[i - 1].ActivationBlock}");
        }
        GasSchedules = BuildScheduleSet(_rules);
    }

    public string Name { get; }

    public ulong ChainId { get; }

    public GenesisSpec Genesis { get; }

    /// <summary>The rule sets in activation order (the first at block 0).</summary>
    public IReadOnlyList<RuleSet> Rules => _rules;

    /// <summary>The gas schedule in force at each block, derived from <see cref="Rules"/>.</summary>
    public GasScheduleSet GasSchedules { get; }

    /// <summary>The rule set in force at block <paramref name="blockNumber"/>: the last one activated at or below it.</summary>
    public RuleSet RulesAt(ulong blockNumber)
    {
        int low = 0, high = _rules.Length - 1;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (_rules[middle].ActivationBlock <= blockNumber) low = middle;
            else high = middle - 1;
        }
        return _rules[low];
    }

    /// <summary>
    /// The built-in devnet spec (node-adapter/Contracts.Execution/ChainSpecs/devnet.json): chain id 31337 unless
    /// <paramref name="chainId"/> says otherwise, the 10 accounts of the standard test mnemonic prefunded, the debug log
    /// allowed.
    /// </summary>
    public static ChainSpec Devnet(ulong? chainId = null)
    {
        using var stream = typeof(ChainSpec).Assembly.GetManifestResourceStream("Contracts.Execution.ChainSpecs.devnet.json")
            ?? throw new InvalidOperationException("the built-in devnet chain spec is missing from the assembly");
        var spec = ChainSpecReader.Read(stream);
        return chainId is { } id && id != spec.ChainId ? new ChainSpec(spec.Name, id, spec.Genesis, spec.Rules) : spec;
    }

    private static GasScheduleSet BuildScheduleSet(RuleSet[] rules)
    {
        // A schedule is activated once, where it first comes into force; rule sets that keep it add nothing.
        var activations = new List<(ulong, GasSchedule)>();
        foreach (var rule in rules)
        {
            if (activations.Count > 0 && activations[^1].Item2.Version == rule.Schedule.Version)
            {
                if (activations[^1].Item2 != rule.Schedule)
                    throw new ChainSpecException($"rule set \"{rule.Name}\" uses gas schedule version {rule.Schedule.Version} with different prices than the one before it");
                continue;
            }
            activations.Add((rule.ActivationBlock, rule.Schedule));
        }
        try
        {
            return new GasScheduleSet(activations);
        }
        catch (ArgumentException e)
        {
            throw new ChainSpecException($"gas schedules: {e.Message}", e);
        }
    }
}
