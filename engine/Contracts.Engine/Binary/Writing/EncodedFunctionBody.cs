using Contracts.Engine.Model;

namespace Contracts.Engine.Binary.Writing;

/// <summary>A function body to encode: its local declarations and its instructions, final <c>end</c> included.</summary>
public sealed record EncodedFunctionBody(LocalGroup[] Locals, ReadOnlyMemory<byte> Code);
