using System.Diagnostics;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Org.BouncyCastle.Crypto.Digests;

namespace Contracts.State.Benchmarks;

/// <summary>
/// A fast look at Keccak throughput (best of several timed rounds) for a loaded machine where a full
/// BenchmarkDotNet run is too slow or too noisy: <c>-- quick-keccak</c>.
/// </summary>
internal static class QuickKeccak
{
    public static void Run()
    {
        foreach (var size in new[] { 64, 128, 256, 512 })
        {
            var data = new byte[8 * size];
            new Random(1).NextBytes(data);
            var starts = Enumerable.Range(0, 8).Select(i => i * size).ToArray();
            var lengths = Enumerable.Repeat(size, 8).ToArray();
            var output = new Hash256[8];
            var digest = new byte[32];
            var bc = new KeccakDigest(256);

            Action[] methods =
            [
                () =>
                {
                    for (var i = 0; i < 8; i++)
                    {
                        bc.BlockUpdate(data, starts[i], size);
                        bc.DoFinal(digest, 0);
                    }
                },
                () =>
                {
                    for (var i = 0; i < 8; i++) output[i] = Keccak256.Compute(data.AsSpan(starts[i], size));
                },
                () =>
                {
                    Keccak256Lanes.Compute4(data.AsSpan(0, size), data.AsSpan(size, size), data.AsSpan(2 * size, size), data.AsSpan(3 * size, size), output);
                    Keccak256Lanes.Compute4(data.AsSpan(4 * size, size), data.AsSpan(5 * size, size), data.AsSpan(6 * size, size), data.AsSpan(7 * size, size), output.AsSpan(4));
                },
                () => Keccak256Lanes.Compute8(data, starts, lengths, output),
            ];
            var best = Best(methods);
            var (bouncy, scalar, four, eight) = (best[0], best[1], best[2], best[3]);
            double Mbps(double ns) => 8.0 * size / ns * 1000;
            Console.WriteLine(
                $"{size,4} B: BouncyCastle {Mbps(bouncy),7:F1} MB/s | scalar {Mbps(scalar),7:F1} MB/s | 4-lane {Mbps(four),7:F1} MB/s | 8-lane {Mbps(eight),7:F1} MB/s" +
                $" | 4-lane vs BC {bouncy / four:F2}x, vs scalar {scalar / four:F2}x");
        }
    }

    /// <summary>
    /// Best per-call nanoseconds of each method. The methods take turns in short rounds, so a burst of load from
    /// other processes hits them alike, and the minimum over many rounds is the uncontended speed.
    /// </summary>
    private static double[] Best(Action[] methods)
    {
        foreach (var method in methods)
        {
            for (var i = 0; i < 20_000; i++) method();
        }

        Thread.Sleep(300); // lets tiered compilation install the optimized code
        var best = Enumerable.Repeat(double.MaxValue, methods.Length).ToArray();
        for (var round = 0; round < 60; round++)
        {
            for (var m = 0; m < methods.Length; m++)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < 200; i++) methods[m]();
                best[m] = Math.Min(best[m], watch.Elapsed.TotalNanoseconds / 200);
            }
        }

        return best;
    }
}
