using Contracts.State.Primitives;
using Contracts.State.World;
using Xunit;

namespace Contracts.State.Tests.World;

public sealed class SlotOverlayTests
{
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
