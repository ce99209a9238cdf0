using System.Diagnostics;
using RocksDbSharp;

namespace Contracts.State.Benchmarks;

/// <summary>
/// Where a synced commit's time goes in RocksDB itself, apart from our trie code: <c>-- quick-rocksdb-write</c>.
/// The batch has the shape of a 100,000-slot commit (100,000 leaves of 70 bytes, 39,000 branches of 532 bytes,
/// random 32-byte keys); each variant opens a fresh store and writes three such batches, timing the building of
/// the batch, the write without sync, and the write with sync apart.
/// </summary>
internal static class QuickRocksDbWrite
{
    public static void Run()
    {
        var random = new Random(11);
        var keys = new byte[139_000][];
        var values = new byte[keys.Length][];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = new byte[32];
            random.NextBytes(keys[i]);
            values[i] = new byte[i < 100_000 ? 70 : 532];
            random.NextBytes(values[i]);
        }

        (string Name, Action<DbOptions, ColumnFamilyOptions> Configure, bool Sorted, bool Raw)[] variants =
        [
            ("defaults", (_, _) => { }, false, false),
            ("sorted keys", (_, _) => { }, true, false),
            ("sorted, raw presized", (_, _) => { }, true, true),
            ("raw presized", (_, _) => { }, false, true),
            ("vector memtable", (_, cf) => Native.Instance.rocksdb_options_set_memtable_vector_rep(cf.Handle), false, false),
        ];
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (name, configure, sorted, raw) in variants)
            {
                Measure(name, configure, keys, values, sorted, raw);
            }
        }

        FsyncFloor(values);
        Console.WriteLine($"load {QuickBigState.LoadAverage()}");
    }

    private static unsafe void Measure(string name, Action<DbOptions, ColumnFamilyOptions> configure, byte[][] keys, byte[][] values, bool sorted, bool raw)
    {
        var directory = Path.Combine(Path.GetTempPath(), "contracts-state-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var dbOptions = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
            var nodes = new ColumnFamilyOptions().SetCompression(Compression.No);
            configure(dbOptions, nodes);
            var families = new ColumnFamilies { { "nodes", nodes } };
            using var db = RocksDb.Open(dbOptions, directory, families);
            var family = db.GetColumnFamily("nodes");
            var line = new List<string>();
            for (var batchNumber = 0; batchNumber < 4; batchNumber++)
            {
                var synced = batchNumber % 2 == 1;
                var offset = batchNumber * 7;
                for (var i = 0; i < keys.Length; i++)
                {
                    // A different key set per batch: flip a byte.
                    keys[i][0] ^= (byte)(offset + 1);
                }

                var order = Enumerable.Range(0, keys.Length).ToArray();
                var watch = Stopwatch.StartNew();
                if (sorted)
                {
                    Array.Sort(order, (a, b) => keys[a].AsSpan().SequenceCompareTo(keys[b]));
                }

                double build, total;
                if (raw)
                {
                    var handle = Native.Instance.rocksdb_writebatch_create_with_params((UIntPtr)(40 << 20), UIntPtr.Zero, UIntPtr.Zero, UIntPtr.Zero);
                    foreach (var i in order)
                    {
                        fixed (byte* k = keys[i])
                        fixed (byte* v = values[i])
                        {
                            Native.Instance.rocksdb_writebatch_put_cf(handle, family.Handle, k, (UIntPtr)32, v, (UIntPtr)values[i].Length);
                        }
                    }

                    build = watch.Elapsed.TotalMilliseconds;
                    var options = new WriteOptions().SetSync(synced);
                    Native.Instance.rocksdb_write(db.Handle, options.Handle, handle, out var error);
                    total = watch.Elapsed.TotalMilliseconds;
                    Native.Instance.rocksdb_writebatch_destroy(handle);
                    if (error != IntPtr.Zero) throw new InvalidOperationException("write failed");
                }
                else
                {
                    using var batch = new WriteBatch();
                    foreach (var i in order)
                    {
                        batch.Put(keys[i], values[i], family);
                    }

                    build = watch.Elapsed.TotalMilliseconds;
                    db.Write(batch, new WriteOptions().SetSync(synced));
                    total = watch.Elapsed.TotalMilliseconds;
                }

                line.Add($"build {build:F0} + {(synced ? "synced" : "unsynced")} write {total - build:F0} ms");
            }

            Console.WriteLine($"{name,-22}: {string.Join(" | ", line)}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Writing the batch's bytes to a file and fdatasync: the floor for any synced write of them.</summary>
    private static void FsyncFloor(byte[][] values)
    {
        var path = Path.Combine(Path.GetTempPath(), "contracts-state-bench", Guid.NewGuid().ToString("N"));
        try
        {
            for (var round = 0; round < 3; round++)
            {
                var watch = Stopwatch.StartNew();
                using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                long bytes = 0;
                foreach (var value in values)
                {
                    file.Write(value);
                    file.Write(value.AsSpan(0, 32));
                    bytes += value.Length + 32;
                }

                var written = watch.Elapsed.TotalMilliseconds;
                file.Flush(flushToDisk: true);
                Console.WriteLine($"file of {bytes / 1e6:F1} MB: write {written:F0} ms, fsync {watch.Elapsed.TotalMilliseconds - written:F0} ms");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
