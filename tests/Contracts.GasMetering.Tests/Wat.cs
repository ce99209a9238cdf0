namespace Contracts.GasMetering.Tests;

/// <summary>WebAssembly text to binary, through Wasmtime's parser (tests only).</summary>
internal static class Wat
{
    public static byte[] ToWasm(string text) => Wasmtime.Module.ConvertText(text);
}
