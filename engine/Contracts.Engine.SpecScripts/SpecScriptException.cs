namespace Contracts.Engine.SpecScripts;

/// <summary>A command could not be carried out as written (unknown module or export, unsupported value); recorded as a failure.</summary>
internal sealed class SpecScriptException(string message) : Exception(message);
