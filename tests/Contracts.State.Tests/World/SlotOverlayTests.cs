using Contracts.State.Primitives;
using Contracts.State.World;
using Xunit;

namespace Contracts.State.Tests.World;

public sealed class SlotOverlayTests
{
    [Fact]
    public void A_cleared_overlays_pooled_memory_carries_nothing_into_the_next_one()
    {
        var address = Address.FromHex("0x0000000000000000000000000000000000000001");
        var first = new SlotOverlay();
        for (var slot = 0u; slot < 5_000; slot++)
        {
            first.GetValueRefOrAdd(address, slot, out _) = slot + 1;
        }

        first.Clear();
        Assert.Equal(0, first.Count);
        Assert.False(first.TryGetValue(address, 4_999, out _));

        // Another overlay takes the pooled chunks and buckets: fresh entries only, old ones unreachable.
        var second = new SlotOverlay();
        for (var slot = 10_000u; slot < 15_000; slot++)
        {
            second.GetValueRefOrAdd(address, slot, out var existed) = 7;
            Assert.False(existed);
        }

        Assert.Equal(5_000, second.Count);
        Assert.False(second.TryGetValue(address, 1_000, out _));
        for (var i = 0; i < second.Count; i++)
        {
            Assert.Equal((UInt256)7, second[i].Value);
            Assert.True(second[i].Slot >= 10_000);
        }

        // The first one, reused, also starts empty.
        first.GetValueRefOrAdd(address, 3, out var again) = 1;
        Assert.False(again);
        Assert.Equal(1, first.Count);
    }

    [Fact]
    public void Matches_a_dictionary_through_growth_overwrites_and_newest_first_removals()
    {
        var random = new Random(9);
        var overlay = new SlotOverlay();
        var model = new Dictionary<(Address, UInt256), UInt256>();
        var added = new List<(Address, UInt256)>();
        var addresses = new[] { Address.FromHex("0x0000000000000000000000000000000000000001"), Address.FromHex("0x00000000000000000000000000000000000000ff") };
        for (var step = 0; step < 20_000; step++)
        {
            var address = addresses[random.Next(2)];

            // Small slot numbers make overwrites and long probe runs common.
            UInt256 slot = (ulong)random.Next(0, 6_000);
            if (random.Next(4) == 0 && added.Count > 0)
            {
                var (newestAddress, newestSlot) = added[^1];
                overlay.RemoveNewest(newestAddress, newestSlot);
                model.Remove((newestAddress, newestSlot));
                added.RemoveAt(added.Count - 1);
                continue;
            }

            UInt256 value = (ulong)random.Next(0, 1_000);
            overlay.GetValueRefOrAdd(address, slot, out var existed) = value;
            Assert.Equal(model.ContainsKey((address, slot)), existed);
            if (!existed) added.Add((address, slot));
            model[(address, slot)] = value;
        }

        Assert.Equal(model.Count, overlay.Count);
        for (var i = 0; i < overlay.Count; i++)
        {
            Assert.Equal(added[i], (overlay[i].Address, overlay[i].Slot));
            Assert.Equal(model[added[i]], overlay[i].Value);
        }

        foreach (var ((address, slot), value) in model)
        {
            Assert.True(overlay.TryGetValue(address, slot, out var found));
            Assert.Equal(value, found);
        }

        Assert.False(overlay.TryGetValue(addresses[0], (ulong)7_000, out _));
        Assert.Throws<InvalidOperationException>(() => overlay.RemoveNewest(added[0].Item1, added[0].Item2));

        overlay.Clear();
        Assert.Equal(0, overlay.Count);
        Assert.False(overlay.TryGetValue(added[0].Item1, added[0].Item2, out _));
    }
}
