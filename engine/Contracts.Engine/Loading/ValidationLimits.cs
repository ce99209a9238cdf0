namespace Contracts.Engine.Loading;

/// <summary>
/// Implementation limits checked while decoding and validating. Exceeding one is a
/// <see cref="WasmErrorKind.ImplementationLimit"/> error naming the limit and the profile.
/// Counts of module items include imports (a function index space of 10 imports and 5 definitions counts 15).
/// </summary>
public sealed record ValidationLimits
{
    public required string Name { get; init; }
    public uint MaxTypes { get; init; }
    /// <summary>Imported plus defined functions.</summary>
    public uint MaxFunctions { get; init; }
    public uint MaxImports { get; init; }
    public uint MaxExports { get; init; }
    /// <summary>Parameters of one function type (block types with a type index included).</summary>
    public uint MaxParameters { get; init; }
    /// <summary>Results of one function type (block types with a type index included).</summary>
    public uint MaxResults { get; init; }
    /// <summary>Declared locals plus parameters of one function.</summary>
    public uint MaxLocals { get; init; }
    /// <summary>Bytes of one function body as the code section sizes it (local declarations included).</summary>
    public uint MaxFunctionBodySize { get; init; }
    public uint MaxBrTableTargets { get; init; }
    /// <summary>Deepest nesting of block/loop/if inside one function (the function's own frame not counted).</summary>
    public uint MaxNestingDepth { get; init; }
    /// <summary>Deepest operand stack a function may need (bounds the translator's frame size).</summary>
    public uint MaxOperandStackDepth { get; init; }
    public uint MaxTables { get; init; }
    /// <summary>Initial (minimum) size of any table, imported or defined, in elements.</summary>
    public uint MaxTableSize { get; init; }
    public uint MaxMemories { get; init; }
    /// <summary>Initial (minimum) size of any memory, imported or defined, in 64 KiB pages.</summary>
    public uint MaxMemoryPages { get; init; }
    public uint MaxGlobals { get; init; }
    public uint MaxElementSegments { get; init; }
    public uint MaxDataSegments { get; init; }
    public uint MaxModuleSize { get; init; }
    /// <summary>Declared locals (parameters excluded) summed over every function body of the module.</summary>
    public ulong MaxTotalLocals { get; init; } = ulong.MaxValue;
    /// <summary>Parameters summed over every function (imported and defined) of the module.</summary>
    public ulong MaxTotalParameters { get; init; } = ulong.MaxValue;
    /// <summary>
    /// Minimum average body size in bytes over all function bodies, enforced once the bodies together reach
    /// <see cref="MinAverageBodySizeThreshold"/> bytes. Defends against modules of very many tiny functions, whose
    /// per-function overhead (compiled metadata, frames) dwarfs their size. 0 disables the check.
    /// </summary>
    public uint MinAverageBodySize { get; init; }
    public ulong MinAverageBodySizeThreshold { get; init; }
    /// <summary>
    /// The fixed-width SIMD feature flag: whether <c>v128</c> and the 0xFD instructions are accepted. Refused, they fail
    /// validation as <see cref="WasmErrorKind.UnsupportedFeature"/> ("unsupported feature: simd"). On in
    /// <see cref="Permissive"/>; off in <see cref="Contract"/>, since a chain's rule set decides whether contracts may
    /// use SIMD (<c>Contract with { AllowSimd = true }</c> where it does).
    /// </summary>
    public bool AllowSimd { get; init; } = true;

    /// <summary>
    /// Limits under which the whole official spec testsuite validates. They follow wasmparser's
    /// (bytecodealliance/wasm-tools, crates/wasmparser/src/limits.rs), the limits agreed between the browser
    /// engines, so any module that mainstream engines accept is accepted; each still bounds memory and time.
    /// </summary>
    public static readonly ValidationLimits Permissive = new()
    {
        Name = "permissive",
        MaxTypes = 1_000_000,
        MaxFunctions = 1_000_000,
        MaxImports = 100_000,
        MaxExports = 100_000,
        MaxParameters = 1_000,
        MaxResults = 1_000,
        MaxLocals = 50_000,
        MaxFunctionBodySize = 7_654_321,
        MaxBrTableTargets = 1_000_000,
        MaxNestingDepth = 10_000,
        MaxOperandStackDepth = 100_000,
        MaxTables = 100_000,
        MaxTableSize = 10_000_000,
        MaxMemories = 1,
        MaxMemoryPages = 65_536,
        MaxGlobals = 1_000_000,
        MaxElementSegments = 100_000,
        MaxDataSegments = 100_000,
        // The decoder's model costs up to ~24 bytes per input byte on adversarial shapes (many empty custom
        // sections, long function-index element vectors): 64 MiB keeps that under ~1.5 GiB.
        MaxModuleSize = 64 << 20,
        // Not limited by wasmparser; bounded here so a small module cannot make the translator allocate frames of
        // MaxLocals slots for each of MaxFunctions functions.
        MaxTotalLocals = 50_000_000,
    };

    /// <summary>
    /// The profile the deploy pipeline uses for contracts: for each limit the strictest of
    /// wasmi's <c>EnforcedLimits::strict()</c> (wasmi-labs/wasmi, crates/wasmi/src/engine/limits/engine.rs),
    /// NEAR's protocol parameters (near/nearcore, core/parameters/res/runtime_configs/parameters.snap and 84.yaml)
    /// and CosmWasm's static validation (CosmWasm/cosmwasm, packages/vm/src/config.rs <c>WasmLimits</c> defaults
    /// and packages/vm/src/compatibility.rs; CosmWasm/wasmd, x/wasm/types/validation.go).
    /// </summary>
    public static readonly ValidationLimits Contract = new()
    {
        Name = "contract",
        AllowSimd = false,
        // NEAR max_types_per_contract = 1_024 (wasmi, CosmWasm: none).
        MaxTypes = 1_024,
        // wasmi max_functions = 10_000; NEAR max_functions_number_per_contract = 10_000 (imports + defined);
        // CosmWasm DEFAULT_MAX_FUNCTIONS = 20_000.
        MaxFunctions = 10_000,
        // CosmWasm DEFAULT_MAX_IMPORTS = 100 (wasmi, NEAR: none).
        MaxImports = 100,
        // None of the three limits exports; every export names an item of MaxFunctions + MaxTables + MaxMemories
        // + MaxGlobals, and exporting one item under many names has no use, so that sum (rounded) bounds it.
        MaxExports = 11_002,
        // wasmi max_params = 32; NEAR max_params_per_function = 64; CosmWasm DEFAULT_MAX_FUNCTION_PARAMS = 100.
        MaxParameters = 32,
        // CosmWasm DEFAULT_MAX_FUNCTION_RESULTS = 1; wasmi max_results = 32; NEAR: none.
        MaxResults = 1,
        // No source limits locals per function below wasmparser's MAX_WASM_FUNCTION_LOCALS = 50_000; NEAR limits
        // the module total (MaxTotalLocals below).
        MaxLocals = 50_000,
        // NEAR max_function_body_size = 196_608 (wasmi, CosmWasm: none).
        MaxFunctionBodySize = 196_608,
        // None of the three limits br_table; a target takes at least one byte, so the body size bounds it
        // (wasmparser does the same: MAX_WASM_BR_TABLE_SIZE = MAX_WASM_FUNCTION_SIZE).
        MaxBrTableTargets = 196_608,
        // NEAR max_blocks_per_function = 5_000; nesting depth never exceeds the number of blocks.
        MaxNestingDepth = 5_000,
        // NEAR max_operand_stack_bytes_per_function = 8_192 (84.yaml); our operand slots are 8 bytes wide.
        MaxOperandStackDepth = 1_024,
        // NEAR max_tables_per_contract = 1; CosmWasm: at most 1 table; wasmi max_tables = 100.
        MaxTables = 1,
        // CosmWasm DEFAULT_TABLE_SIZE_LIMIT = 2_500; NEAR max_elements_per_contract_table = 10_000.
        MaxTableSize = 2_500,
        // wasmi max_memories = 1 (the 2.0 spec allows no more anyway).
        MaxMemories = 1,
        // CosmWasm DEFAULT_MEMORY_LIMIT = 512 initial pages; NEAR initial_memory_pages = 1_024.
        MaxMemoryPages = 512,
        // wasmi max_globals = 1_000 (NEAR, CosmWasm: none).
        MaxGlobals = 1_000,
        // wasmi max_element_segments = 1_000.
        MaxElementSegments = 1_000,
        // wasmi max_data_segments = 1_000.
        MaxDataSegments = 1_000,
        // wasmd MaxWasmSize = 800 * 1024; NEAR max_contract_size = 4_194_304.
        MaxModuleSize = 800 * 1024,
        // NEAR max_locals_per_contract = 1_000_000.
        MaxTotalLocals = 1_000_000,
        // CosmWasm DEFAULT_MAX_TOTAL_FUNCTION_PARAMS = 10_000; NEAR max_params_per_contract = 50_000.
        MaxTotalParameters = 10_000,
        // wasmi min_avg_bytes_per_function: 40 bytes once the bodies total 1_000 bytes.
        MinAverageBodySize = 40,
        MinAverageBodySizeThreshold = 1_000,
    };
}
