using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using Contracts.GasMetering;
using Contracts.State.Primitives;

namespace Contracts.Execution.ChainSpecs;

/// <summary>
/// Reads a chain spec from JSON (format in node-adapter/docs/chain-spec.md). Strict: an unknown key, a missing
/// required key, a malformed number, address or hex string is a <see cref="ChainSpecException"/> naming its JSON path,
/// so a typo never silently falls back to a default. Quantities are JSON numbers, decimal strings or 0x-hex strings.
/// </summary>
public static class ChainSpecReader
{
    public static ChainSpec ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream);
        }
        catch (IOException e)
        {
            throw new ChainSpecException($"cannot read chain spec {path}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ChainSpecException($"cannot read chain spec {path}: {e.Message}", e);
        }
    }

    public static ChainSpec Read(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ChainSpecException($"chain spec is not valid JSON: {e.Message}", e);
        }
        using (document) return ReadSpec(document.RootElement);
    }

    public static ChainSpec Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Read(stream);
    }

    private static ChainSpec ReadSpec(JsonElement root)
    {
        var spec = new JsonObjectReader(root, "$");
        string name = spec.RequiredString("name");
        ulong chainId = ReadUInt64(spec.Required("chainId"), "$.chainId");
        var genesis = ReadGenesis(spec.Required("genesis"), "$.genesis");

        var schedules = new Dictionary<uint, GasSchedule>();
        if (spec.Optional("gasSchedules") is { } list)
        {
            int i = 0;
            foreach (var item in Array(list, "$.gasSchedules"))
            {
                var schedule = ReadSchedule(item, $"$.gasSchedules[{i++}]");
                if (BuiltInGasSchedules.Find(schedule.Version) is not null || !schedules.TryAdd(schedule.Version, schedule))
                    throw new ChainSpecException($"$.gasSchedules[{i - 1}]: gas schedule version {schedule.Version} is already defined");
            }
        }

        var rules = new List<RuleSet>();
        int r = 0;
        foreach (var item in Array(spec.Required("rules"), "$.rules")) rules.Add(ReadRules(item, $"$.rules[{r++}]", schedules));
        spec.EnsureNoUnknownKeys();
        return new ChainSpec(name, chainId, genesis, rules);
    }

    private static GenesisSpec ReadGenesis(JsonElement element, string path)
    {
        var genesis = new JsonObjectReader(element, path);
        var result = new GenesisSpec();
        if (genesis.Optional("timestamp") is { } timestamp) result = result with { Timestamp = ReadUInt64(timestamp, path + ".timestamp") };
        if (genesis.Optional("gasLimit") is { } gasLimit) result = result with { GasLimit = ReadUInt64(gasLimit, path + ".gasLimit") };
        if (genesis.Optional("baseFeePerGas") is { } baseFee) result = result with { BaseFeePerGas = ReadUInt256(baseFee, path + ".baseFeePerGas") };
        if (genesis.Optional("coinbase") is { } coinbase) result = result with { Coinbase = ReadAddress(coinbase, path + ".coinbase") };
        if (genesis.Optional("extraData") is { } extra) result = result with { ExtraData = ReadHex(extra, path + ".extraData") };
        if (genesis.Optional("mixHash") is { } mix) result = result with { MixHash = new Hash256(ReadHex(mix, path + ".mixHash", Hash256.Length)) };
        if (genesis.Optional("alloc") is { } alloc)
        {
            var accounts = new SortedDictionary<Address, GenesisAccount>();
            var allocReader = new JsonObjectReader(alloc, path + ".alloc");
            foreach (var property in allocReader.All())
            {
                string accountPath = $"{path}.alloc.{property.Name}";
                var address = ParseAddress(property.Name, accountPath);
                if (!accounts.TryAdd(address, ReadAccount(property.Value, accountPath)))
                    throw new ChainSpecException($"{accountPath}: the address is allocated twice");
            }
            result = result with { Alloc = accounts.ToList() };
        }
        genesis.EnsureNoUnknownKeys();
        return result;
    }

    private static GenesisAccount ReadAccount(JsonElement element, string path)
    {
        var account = new JsonObjectReader(element, path);
        var result = new GenesisAccount();
        if (account.Optional("balance") is { } balance) result = result with { Balance = ReadUInt256(balance, path + ".balance") };
        if (account.Optional("nonce") is { } nonce) result = result with { Nonce = ReadUInt64(nonce, path + ".nonce") };
        if (account.Optional("code") is { } code) result = result with { Code = ReadHex(code, path + ".code") };
        if (account.Optional("storage") is { } storage)
        {
            var slots = new Dictionary<UInt256, UInt256>();
            foreach (var slot in new JsonObjectReader(storage, path + ".storage").All())
            {
                string slotPath = $"{path}.storage.{slot.Name}";
                var key = ParseUInt256(slot.Name, slotPath);
                if (!slots.TryAdd(key, ReadUInt256(slot.Value, slotPath))) throw new ChainSpecException($"{slotPath}: the slot is given twice");
            }
            result = result with { Storage = slots };
        }
        account.EnsureNoUnknownKeys();
        return result;
    }

    private static GasSchedule ReadSchedule(JsonElement element, string path)
    {
        var prices = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var property in new JsonObjectReader(element, path).All())
        {
            ulong value = ReadUInt64(property.Value, $"{path}.{property.Name}");
            if (value > uint.MaxValue) throw new ChainSpecException($"{path}.{property.Name}: {value} is above the largest price {uint.MaxValue}");
            // Accept camelCase keys as written in JSON; the schedule's names are PascalCase.
            prices[char.ToUpperInvariant(property.Name[0]) + property.Name[1..]] = (uint)value;
        }
        try
        {
            return GasScheduleSerializer.FromPrices(prices);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ChainSpecException($"{path}: {e.Message}", e);
        }
    }

    private static RuleSet ReadRules(JsonElement element, string path, Dictionary<uint, GasSchedule> schedules)
    {
        var rules = new JsonObjectReader(element, path);
        string name = rules.RequiredString("name");
        ulong from = ReadUInt64(rules.Required("fromBlock"), path + ".fromBlock");
        ulong version = ReadUInt64(rules.Required("gasSchedule"), path + ".gasSchedule");
        var schedule = (version <= uint.MaxValue ? BuiltInGasSchedules.Find((uint)version) ?? schedules.GetValueOrDefault((uint)version) : null)
            ?? throw new ChainSpecException($"{path}.gasSchedule: no gas schedule version {version} is built in or defined in gasSchedules");
        var result = new RuleSet { Name = name, ActivationBlock = from, Schedule = schedule };
        if (rules.Optional("hostAbiVersion") is { } abi) result = result with { HostAbiVersion = (uint)Math.Min(ReadUInt64(abi, path + ".hostAbiVersion"), uint.MaxValue) };
        if (rules.Optional("simd") is { } simd) result = result with { SimdAllowed = ReadBool(simd, path + ".simd") };
        if (rules.Optional("debugLog") is { } debug) result = result with { DebugLogAllowed = ReadBool(debug, path + ".debugLog") };
        if (rules.Optional("wasmGasPerChainGas") is { } ratio) result = result with { WasmGasPerChainGas = ReadUInt64(ratio, path + ".wasmGasPerChainGas") };
        if (rules.Optional("baseFeeChangeDenominator") is { } denominator) result = result with { BaseFeeChangeDenominator = ReadUInt64(denominator, path + ".baseFeeChangeDenominator") };
        if (rules.Optional("elasticityMultiplier") is { } elasticity) result = result with { ElasticityMultiplier = ReadUInt64(elasticity, path + ".elasticityMultiplier") };
        if (rules.Optional("limits") is { } limits) result = result with { Limits = Override(ExecutionLimits.Default, limits, path + ".limits") };
        if (rules.Optional("prices") is { } prices) result = result with { Prices = Override(TransactionPrices.Default, prices, path + ".prices") };
        rules.EnsureNoUnknownKeys();
        return result;
    }

    /// <summary>A copy of <paramref name="defaults"/> with the numeric properties the JSON object names (camelCase) set.</summary>
    private static T Override<T>(T defaults, JsonElement element, string path) where T : class
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .ToDictionary(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..], StringComparer.Ordinal);
        // Records have a copy constructor ('with' uses it); clone through it so the defaults stay untouched.
        var clone = (T)typeof(T).GetMethod("<Clone>$")!.Invoke(defaults, null)!;
        foreach (var property in new JsonObjectReader(element, path).All())
        {
            string propertyPath = $"{path}.{property.Name}";
            if (!properties.TryGetValue(property.Name, out var target))
                throw new ChainSpecException($"{propertyPath}: unknown key (known: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))})");
            ulong value = ReadUInt64(property.Value, propertyPath);
            // Each branch boxed as its own type: as one conditional expression the uint branch took the ulong's type
            // and a uint limit (maxTotalPages, maxInstancePages, ...) could not be set.
            object converted = target.PropertyType == typeof(int) ? (object)(value <= int.MaxValue ? (int)value : throw new ChainSpecException($"{propertyPath}: {value} is too large"))
                : target.PropertyType == typeof(uint) ? (object)(value <= uint.MaxValue ? (uint)value : throw new ChainSpecException($"{propertyPath}: {value} is too large"))
                : value;
            target.SetValue(clone, converted);
        }
        return clone;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new ChainSpecException($"{path}: expected an array");

    private static bool ReadBool(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ChainSpecException($"{path}: expected true or false"),
    };

    private static ulong ReadUInt64(JsonElement element, string path)
    {
        var value = ReadUInt256(element, path);
        if (value > ulong.MaxValue) throw new ChainSpecException($"{path}: {value} does not fit in 64 bits");
        return (ulong)value.ToBigInteger();
    }

    private static UInt256 ReadUInt256(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetUInt64(out ulong number) ? number : throw new ChainSpecException($"{path}: expected a non-negative integer, not {element.GetRawText()}"),
        JsonValueKind.String => ParseUInt256(element.GetString()!, path),
        _ => throw new ChainSpecException($"{path}: expected a quantity (number, decimal string or 0x-hex string)"),
    };

    private static UInt256 ParseUInt256(string text, string path)
    {
        BigInteger value = BigInteger.Zero;
        bool ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? text.Length > 2 && BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || value.Sign < 0 || value.GetBitLength() > 256) throw new ChainSpecException($"{path}: \"{text}\" is not a 256-bit unsigned quantity");
        Span<byte> bytes = stackalloc byte[UInt256.Length];
        bytes.Clear();
        value.TryWriteBytes(bytes[(UInt256.Length - value.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
        return UInt256.FromBigEndian(bytes);
    }

    private static Address ReadAddress(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? ParseAddress(element.GetString()!, path) : throw new ChainSpecException($"{path}: expected an address string");

    private static Address ParseAddress(string text, string path)
    {
        byte[] bytes = ParseHex(text, path);
        if (bytes.Length != Address.Length) throw new ChainSpecException($"{path}: \"{text}\" is not a 20-byte address");
        return new Address(bytes);
    }

    private static byte[] ReadHex(JsonElement element, string path, int? length = null)
    {
        if (element.ValueKind != JsonValueKind.String) throw new ChainSpecException($"{path}: expected a 0x-hex string");
        byte[] bytes = ParseHex(element.GetString()!, path);
        if (length is { } expected && bytes.Length != expected) throw new ChainSpecException($"{path}: expected {expected} bytes, not {bytes.Length}");
        return bytes;
    }

    private static byte[] ParseHex(string text, string path)
    {
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length % 2 != 0)
            throw new ChainSpecException($"{path}: \"{Shorten(text)}\" is not 0x-prefixed hex with an even number of digits");
        try
        {
            return Convert.FromHexString(text.AsSpan(2));
        }
        catch (FormatException)
        {
            throw new ChainSpecException($"{path}: \"{Shorten(text)}\" is not valid hex");
        }
    }

    private static string Shorten(string text) => text.Length <= 48 ? text : text[..45] + "...";

    /// <summary>Reads an object's keys once each and reports the ones never asked for.</summary>
    private sealed class JsonObjectReader
    {
        private readonly JsonElement _element;
        private readonly string _path;
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        public JsonObjectReader(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object) throw new ChainSpecException($"{path}: expected an object");
            _element = element;
            _path = path;
        }

        public JsonElement Required(string key) =>
            Optional(key) ?? throw new ChainSpecException($"{_path}: missing required key \"{key}\"");

        public string RequiredString(string key)
        {
            var element = Required(key);
            return element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new ChainSpecException($"{_path}.{key}: expected a string");
        }

        public JsonElement? Optional(string key)
        {
            _read.Add(key);
            return _element.TryGetProperty(key, out var value) ? value : null;
        }

        public IEnumerable<JsonProperty> All()
        {
            foreach (var property in _element.EnumerateObject())
            {
                _read.Add(property.Name);
                yield return property;
            }
        }

        public void EnsureNoUnknownKeys()
        {
            foreach (var property in _element.EnumerateObject())
            {
                if (!_read.Contains(property.Name)) throw new ChainSpecException($"{_path}.{property.Name}: unknown key");
            }
        }
    }
}
