using System.Globalization;
using System.Security;
using System.Text;

namespace Contracts.Cli.Client.Tracing;

/// <summary>
/// A flame graph of gas (Brendan Gregg's layout): the transaction at the bottom, each bar above a frame one of the
/// calls it made or a host function it called, as wide as the gas it used; the frame's own instructions are the
/// part of its bar nothing stands on. Host calls of the same function in one frame are merged, as flame graphs merge
/// equal stacks. The SVG is self-contained (no scripts, no external fonts or styles): every bar has a tooltip with
/// its name, gas and share.
/// </summary>
internal static class FlameGraph
{
    private const int Width = 1200;
    private const int RowHeight = 18;
    private const int Margin = 10;
    private const int TitleHeight = 40;
    private const double CharWidth = 7.0; // 12px monospace: characters that fit in a bar

    /// <summary>A bar: its label, its gas (its width), whether it is a host function, and the bars on top of it.</summary>
    internal sealed record Bar(string Name, long Gas, bool Host, IReadOnlyList<Bar> Children);

    /// <summary>The bars of a trace: one per frame (named by <paramref name="nameOf"/>), one per host function in it.</summary>
    public static Bar Build(TraceFrame frame, Func<TraceFrame, string> nameOf)
    {
        var children = new List<Bar>();
        children.AddRange(frame.Calls.Select(call => Build(call, nameOf)));
        children.AddRange(frame.HostCalls
            .GroupBy(h => h.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Bar(g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}", g.Sum(h => h.GasUsed), Host: true, [])));
        // A node may report a frame's gas as less than its parts (refunds, rounding): never draw a child wider than its parent.
        long gas = Math.Max(frame.GasUsed, children.Sum(c => c.Gas));
        return new Bar(nameOf(frame), gas, Host: false, children);
    }

    /// <summary>The function that spent the most gas itself (its bar's own part, without what stands on it).</summary>
    public static Bar Hottest(Bar root) =>
        Flatten(root).OrderByDescending(b => b.Gas - b.Children.Sum(c => c.Gas)).ThenBy(b => b.Name, StringComparer.Ordinal).First();

    private static IEnumerable<Bar> Flatten(Bar bar) => bar.Children.SelectMany(Flatten).Prepend(bar);

    public static string ToSvg(Bar root, string title)
    {
        int depth = Depth(root);
        int height = TitleHeight + depth * RowHeight + 2 * Margin + RowHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="monospace" font-size="12">
            <rect x="0" y="0" width="{Width}" height="{height}" fill="#fdfdf6"/>
            <text x="{Width / 2}" y="20" text-anchor="middle" font-size="16">{Escape(title)}</text>
            <text x="{Margin}" y="{TitleHeight - 6}" fill="#555">{Escape(string.Create(CultureInfo.InvariantCulture, $"total gas {root.Gas:N0} · width = gas used · hover a bar for its numbers"))}</text>

            """);
        double scale = root.Gas > 0 ? (Width - 2.0 * Margin) / root.Gas : 0;
        Draw(svg, root, Margin, 0, height - Margin - RowHeight, scale, root.Gas);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Draw(StringBuilder svg, Bar bar, double x, int level, int baseY, double scale, long total)
    {
        double width = bar.Gas * scale;
        if (width < 0.1) return;
        int y = baseY - level * RowHeight;
        double share = total > 0 ? 100.0 * bar.Gas / total : 0;
        long itself = bar.Gas - bar.Children.Sum(c => c.Gas);
        var tooltip = bar.Children.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bar.Name}: {bar.Gas:N0} gas ({share:0.##}%), itself {itself:N0}")
            : string.Create(CultureInfo.InvariantCulture, $"{bar.Name}: {bar.Gas:N0} gas ({share:0.##}%)");
        svg.Append(CultureInfo.InvariantCulture,
            $"""<g><title>{Escape(tooltip)}</title><rect x="{x:0.##}" y="{y}" width="{width:0.##}" height="{RowHeight - 1}" rx="2" fill="{Colour(bar)}"/>""");
        int fits = (int)((width - 6) / CharWidth);
        if (fits >= 3)
        {
            var label = bar.Name.Length <= fits ? bar.Name : bar.Name[..(fits - 2)] + "..";
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + 3:0.##}" y="{y + RowHeight - 5}">{Escape(label)}</text>""");
        }
        svg.Append("</g>\n");
        double childX = x;
        foreach (var child in bar.Children)
        {
            Draw(svg, child, childX, level + 1, baseY, scale, total);
            childX += child.Gas * scale;
        }
    }

    private static int Depth(Bar bar) => 1 + (bar.Children.Count == 0 ? 0 : bar.Children.Max(Depth));

    /// <summary>Warm colours for contract frames, cool for host functions; the shade from a stable hash of the name.</summary>
    private static string Colour(Bar bar)
    {
        uint hash = 2166136261;
        foreach (char ch in bar.Name) hash = (hash ^ ch) * 16777619;
        int shade = (int)(hash % 55);
        return bar.Host
            ? $"rgb({80 + shade},{150 + shade},{205 + shade / 2})"
            : $"rgb({205 + shade / 2},{90 + shade * 2},{40 + shade / 2})";
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
