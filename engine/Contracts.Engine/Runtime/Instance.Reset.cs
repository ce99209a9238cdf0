using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>
/// Pooling: an instance returns to the state it had when instantiation finished, so an embedder can keep
/// instances (with their stores) and reuse them instead of instantiating again. A reset restores the size and
/// contents of every memory, table and global the instance defines, its dropped segments and the stack-height
/// counter; imports belong to whoever supplied them and are left alone.
/// </summary>
public sealed partial class Instance
{
    private ResetPoint? _resetPoint;

    /// <summary>What instantiation left behind, recorded once so each <see cref="Reset"/> copies and allocates nothing new.</summary>
    private sealed class ResetPoint
    {
        /// <summary>Per own global: its value's low 8 bytes and, for a v128, its high 8 bytes (0 otherwise).</summary>
        public required (ulong Low, ulong High)[] GlobalBits;
        public required ulong[][] TableElements;
        public required ulong[][] ElementSegments;
        public required ReadOnlyMemory<byte>[] DataSegments;
        /// <summary>Per own memory: its initial page count and the chunks (offset, bytes) that are not zero.</summary>
        public required (uint Pages, (uint Offset, ReadOnlyMemory<byte> Bytes)[] Chunks)[] Memories;
    }

    /// <summary>
    /// Called when instantiation succeeds. Without a start function the memories hold exactly the active data
    /// segments, so they are remembered as those segments (no copy); a start function may have written anything, so
    /// then each memory's contents up to its last non-zero byte are copied once.
    /// </summary>
    private void CaptureResetPoint(ulong[][] resolvedElementSegments, uint[] activeDataOffsets)
    {
        var info = Module.Info;
        var globalBits = new (ulong, ulong)[info.Globals.Length];
        for (int i = 0; i < globalBits.Length; i++)
        {
            var global = Globals[info.ImportedGlobalCount + i];
            globalBits[i] = (global.Bits, global.HighBits);
        }

        var tableElements = new ulong[info.Tables.Length][];
        for (int i = 0; i < tableElements.Length; i++)
        {
            var table = Tables[info.ImportedTableCount + i];
            tableElements[i] = table.Elements.AsSpan(0, (int)table.Count).ToArray();
        }

        var memories = new (uint, (uint, ReadOnlyMemory<byte>)[])[info.Memories.Length];
        for (int i = 0; i < memories.Length; i++)
        {
            uint memoryIndex = (uint)(info.ImportedMemoryCount + i);
            var memory = Memories[memoryIndex];
            if (info.StartFunction is null)
            {
                var chunks = new List<(uint, ReadOnlyMemory<byte>)>();
                for (int s = 0; s < info.Data.Length; s++)
                {
                    var segment = info.Data[s];
                    if (segment.Mode == SegmentMode.Active && segment.MemoryIndex == memoryIndex && segment.Data.Length > 0)
                        chunks.Add((activeDataOffsets[s], segment.Data));
                }
                memories[i] = (memory.Pages, chunks.ToArray());
            }
            else
            {
                var contents = memory.UntrackedBuffer.AsSpan(0, memory.ByteLength);
                int used = contents.LastIndexOfAnyExcept((byte)0) + 1;
                memories[i] = (memory.Pages, used == 0 ? [] : [(0u, contents[..used].ToArray())]);
            }
        }

        _resetPoint = new ResetPoint
        {
            GlobalBits = globalBits,
            TableElements = tableElements,
            ElementSegments = resolvedElementSegments,
            DataSegments = Array.ConvertAll(info.Data, segment => segment.Data),
            Memories = memories,
        };
    }

    /// <summary>
    /// Returns the instance to the state it had right after instantiation (after its start function): a call on a
    /// reset instance behaves exactly as on a fresh one. Memories shrink back to their initial size with their initial
    /// contents, tables to their initial size and elements, globals to their initial values; dropped segments come
    /// back; the store's stack-height counters are zeroed. Imported memories, tables and globals are not touched.
    /// Must not be called while the instance is running.
    /// </summary>
    public void Reset()
    {
        var point = _resetPoint ?? throw new InvalidOperationException("the instance has no reset point: its instantiation did not finish");
        var info = Module.Info;
        for (int i = 0; i < point.GlobalBits.Length; i++)
        {
            var global = Globals[info.ImportedGlobalCount + i];
            (global.Bits, global.HighBits) = point.GlobalBits[i];
        }
        for (int i = 0; i < point.TableElements.Length; i++) Tables[info.ImportedTableCount + i].ResetTo(point.TableElements[i]);
        for (int i = 0; i < point.Memories.Length; i++)
        {
            var (pages, chunks) = point.Memories[i];
            var memory = Memories[info.ImportedMemoryCount + i];
            memory.ResetTo(pages, chunks);
        }
        for (int i = 0; i < point.ElementSegments.Length; i++)
            ElementSegments[i] = info.Elements[i].Mode == SegmentMode.Passive ? point.ElementSegments[i] : [];
        for (int i = 0; i < point.DataSegments.Length; i++)
            DataSegments[i] = info.Data[i].Mode == SegmentMode.Passive ? point.DataSegments[i] : ReadOnlyMemory<byte>.Empty;
        Store.ResetStackHeightCounters();
    }
}
