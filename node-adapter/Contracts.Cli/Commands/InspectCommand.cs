using System.CommandLine;
using Contracts.Cli.Values;
using Contracts.Engine;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Validation;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Contracts.Cli.Commands;

/// <summary><c>inspect FILE.wasm</c>: what a module imports, exports and declares, and whether it is valid.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .wasm module to inspect.", HelpName = "FILE.wasm" };
        var command = new Command("inspect", """
            Show a module's imports, exports, memories, tables, globals, function count and code size, then
            validate it. Exit codes: 0 valid, 2 missing file or a module that fails to decode or validate
            (the summary is still printed when only validation fails).
            """)
        {
            file,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, _) => Execute(parseResult.GetRequiredValue(file), output)));
        return command;
    }

    public static int Execute(string path, TextWriter output)
    {
        var bytes = ModuleFile.Read(path);
        // The limits `run` compiles with, so inspect and run agree on what is valid.
        var limits = EngineConfig.Default.Limits;
        ModuleInfo info;
        try
        {
            info = ModuleDecoder.Decode(bytes, limits);
        }
        catch (WasmLoadException e)
        {
            throw ModuleFile.LoadError(path, e);
        }

        var console = CliConsole.Create(output);
        Describe(console, path, info);
        try
        {
            ModuleValidator.Validate(info, limits);
        }
        catch (WasmLoadException e)
        {
            throw ModuleFile.LoadError(path, e);
        }
        console.WriteLine("valid: yes");
        return ExitCodes.Success;
    }

    private static void Describe(IAnsiConsole console, string path, ModuleInfo info)
    {
        long codeBytes = info.Bodies.Sum(b => (long)b.CodeLength);
        var summary = new Grid().AddColumn(new GridColumn().PadRight(3)).AddColumn();
        summary.AddRow(Cell("file"), Cell(path));
        summary.AddRow(Cell("size"), Cell($"{info.Bytes.Length} bytes"));
        summary.AddRow(Cell("types"), Cell(info.Types.Length.ToString()));
        summary.AddRow(Cell("functions"), Cell($"{info.TotalFunctionCount} ({info.ImportedFunctionCount} imported, {info.FunctionTypeIndices.Length} defined)"));
        summary.AddRow(Cell("code size"), Cell($"{codeBytes} bytes of instructions in {info.Bodies.Length} bodies"));
        summary.AddRow(Cell("start function"), Cell(info.StartFunction is { } start ? start.ToString() : "none"));
        summary.AddRow(Cell("element segments"), Cell(info.Elements.Length.ToString()));
        summary.AddRow(Cell("data segments"), Cell(info.Data.Length.ToString()));
        summary.AddRow(Cell("custom sections"), Cell(info.CustomSections.Length == 0
            ? "none"
            : string.Join(", ", info.CustomSections.Select(c => $"{c.Name} ({c.Content.Length} bytes)"))));
        console.Write(summary);

        var imports = NewTable("import", "kind", "type");
        foreach (var import in info.Imports)
            imports.AddRow(Cell($"{import.Module}.{import.Name}"), Cell(KindName(import.Kind)), Cell(ImportType(info, import)));
        WriteSection(console, $"imports ({info.Imports.Length})", imports, info.Imports.Length);

        var exports = NewTable("export", "kind", "index", "type");
        foreach (var export in info.Exports)
            exports.AddRow(Cell(export.Name), Cell(KindName(export.Kind)), Cell(export.Index.ToString()), Cell(ExportType(info, export)));
        WriteSection(console, $"exports ({info.Exports.Length})", exports, info.Exports.Length);

        var memories = NewTable("memory", "pages (min..max)", "origin");
        for (int i = 0; i < info.AllMemories.Length; i++)
            memories.AddRow(Cell(i.ToString()), Cell(info.AllMemories[i].Limits.ToString()), Cell(Origin(i, info.ImportedMemoryCount)));
        WriteSection(console, $"memories ({info.AllMemories.Length})", memories, info.AllMemories.Length);

        var tables = NewTable("table", "element type", "size (min..max)", "origin");
        for (int i = 0; i < info.AllTables.Length; i++)
        {
            var table = info.AllTables[i];
            tables.AddRow(Cell(i.ToString()), Cell(table.ElementType.ToWatName()), Cell(table.Limits.ToString()), Cell(Origin(i, info.ImportedTableCount)));
        }
        WriteSection(console, $"tables ({info.AllTables.Length})", tables, info.AllTables.Length);

        var globals = NewTable("global", "type", "initial value", "origin");
        for (int i = 0; i < info.AllGlobals.Length; i++)
        {
            var global = info.AllGlobals[i];
            string initial = i < info.ImportedGlobalCount ? "" : Describe(info.Globals[i - info.ImportedGlobalCount].Initializer);
            globals.AddRow(Cell(i.ToString()), Cell(GlobalTypeName(global)), Cell(initial), Cell(Origin(i, info.ImportedGlobalCount)));
        }
        WriteSection(console, $"globals ({info.AllGlobals.Length})", globals, info.AllGlobals.Length);
    }

    private static void WriteSection(IAnsiConsole console, string title, Table table, int rows)
    {
        console.WriteLine();
        console.WriteLine(title);
        if (rows > 0) console.Write(table);
    }

    private static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers) table.AddColumn(new TableColumn(Cell(header)));
        return table;
    }

    /// <summary>Plain text, never markup: names in a module may contain '[' and ']'.</summary>
    private static IRenderable Cell(string text) => new Text(text);

    private static string Origin(int index, int importedCount) => index < importedCount ? "imported" : "defined";

    private static string KindName(ExternalKind kind) => kind switch
    {
        ExternalKind.Function => "func",
        ExternalKind.Table => "table",
        ExternalKind.Memory => "memory",
        ExternalKind.Global => "global",
        _ => kind.ToString(),
    };

    private static string GlobalTypeName(GlobalType type) => type.Mutable ? $"mut {type.ValueType.ToWatName()}" : type.ValueType.ToWatName();

    private static string ImportType(ModuleInfo info, Import import) => import.Kind switch
    {
        ExternalKind.Function => import.FunctionTypeIndex < info.Types.Length ? info.Types[import.FunctionTypeIndex].ToString() : $"type {import.FunctionTypeIndex}",
        ExternalKind.Table => $"{import.Table.ElementType.ToWatName()} {import.Table.Limits}",
        ExternalKind.Memory => $"pages {import.Memory.Limits}",
        ExternalKind.Global => GlobalTypeName(import.Global),
        _ => "",
    };

    /// <summary>Describes an export's target, tolerating out-of-range indices: validation has not run yet.</summary>
    private static string ExportType(ModuleInfo info, Export export)
    {
        return export.Kind switch
        {
            ExternalKind.Function when export.Index < info.AllFunctionTypeIndices.Length
                && info.AllFunctionTypeIndices[export.Index] < info.Types.Length => info.GetFunctionType(export.Index).ToString(),
            ExternalKind.Table when export.Index < info.AllTables.Length =>
                $"{info.AllTables[export.Index].ElementType.ToWatName()} {info.AllTables[export.Index].Limits}",
            ExternalKind.Memory when export.Index < info.AllMemories.Length => $"pages {info.AllMemories[export.Index].Limits}",
            ExternalKind.Global when export.Index < info.AllGlobals.Length => GlobalTypeName(info.AllGlobals[export.Index]),
            _ => "(index out of range)",
        };
    }

    private static string Describe(ConstantExpression expression) => expression.Kind switch
    {
        ConstantExpressionKind.I32Const => ((int)(uint)expression.Bits).ToString(),
        ConstantExpressionKind.I64Const => ((long)expression.Bits).ToString(),
        ConstantExpressionKind.F32Const => ValueText.FormatF32((uint)expression.Bits),
        ConstantExpressionKind.F64Const => ValueText.FormatF64(expression.Bits),
        ConstantExpressionKind.RefNull => "ref.null",
        ConstantExpressionKind.RefFunc => $"ref.func {expression.Index}",
        ConstantExpressionKind.GlobalGet => $"global.get {expression.Index}",
        _ => expression.Kind.ToString(),
    };
}
