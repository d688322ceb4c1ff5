using System.Globalization;
using System.Text;
using MlOps.Catalog.Store;
using static MlOps.Catalog.Web.Pages.HtmlPage;

namespace MlOps.Catalog.Web.Pages;

/// <summary>
/// Calls per day for one artefact digest as an SVG bar chart (one bar per day from the first day with calls to the
/// last, days without calls as empty slots so gaps are visible), with the same numbers as a table for screen readers.
/// </summary>
internal static class UsageChart
{
    /// <summary>At most this many days are drawn (the most recent ones); the table lists them too.</summary>
    public const int MaxDays = 90;

    private const int Width = 720, Height = 220, Left = 56, Right = 12, Top = 12, Bottom = 36;

    /// <summary>Calls per day for <paramref name="digest"/> among <paramref name="usage"/>, every day from first to last.</summary>
    public static IReadOnlyList<(DateOnly Day, long Calls)> CallsPerDay(IEnumerable<UsageCount> usage, string digest)
    {
        var byDay = usage.Where(u => u.Digest == digest).GroupBy(u => u.Day).ToDictionary(g => g.Key, g => g.Sum(u => u.Calls));
        if (byDay.Count == 0)
        {
            return [];
        }
        var last = byDay.Keys.Max();
        var first = byDay.Keys.Min();
        if (last.DayNumber - first.DayNumber >= MaxDays)
        {
            first = last.AddDays(-(MaxDays - 1));
        }
        var days = new List<(DateOnly, long)>(last.DayNumber - first.DayNumber + 1);
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            days.Add((d, byDay.GetValueOrDefault(d)));
        }
        return days;
    }

    /// <summary>Appends the usage section.</summary>
    public static void Append(StringBuilder html, IReadOnlyList<(DateOnly Day, long Calls)> days)
    {
        html.Append("<h2 id=\"usage\">Usage</h2>\n");
        if (days.Count == 0)
        {
            html.Append("<p class=\"muted\">No calls counted for this version. Count them with <code>mlops catalog usage ingest &lt;audit logs&gt;</code>.</p>\n");
            return;
        }
        var max = Math.Max(1, days.Max(d => d.Calls));
        var total = days.Sum(d => d.Calls);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var slot = (double)plotWidth / days.Count;
        var barWidth = Math.Max(1, slot * 0.8);
        var description = $"{Number(total)} calls over {days.Count} days, from {Day(days[0].Day)} to {Day(days[^1].Day)}; at most {Number(max)} a day.";
        html.Append("<p>").Append(description).Append("</p>\n")
            .Append(FormattableString.Invariant($"<svg class=\"chart usage\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-labelledby=\"usage-title usage-desc\">"))
            .Append("<title id=\"usage-title\">Calls per day</title><desc id=\"usage-desc\">").Append(description).Append("</desc>\n")
            .Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\"/>"))
            .Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - Right}\" y2=\"{Top + plotHeight}\"/>\n"))
            .Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Top + 4}\" text-anchor=\"end\">{Number(max)}</text>"))
            .Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Top + plotHeight}\" text-anchor=\"end\">0</text>"))
            .Append(Invariant($"<text x=\"14\" y=\"{Top + plotHeight / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + plotHeight / 2})\">calls</text>\n"));
        for (var i = 0; i < days.Count; i++)
        {
            var (day, calls) = days[i];
            var h = plotHeight * (double)calls / max;
            var x = Left + i * slot + (slot - barWidth) / 2;
            html.Append(Invariant($"<rect class=\"bar\" x=\"{x:0.##}\" y=\"{Top + plotHeight - h:0.##}\" width=\"{barWidth:0.##}\" height=\"{h:0.##}\">"))
                .Append("<title>").Append(Day(day)).Append(": ").Append(Number(calls)).Append(calls == 1 ? " call" : " calls").Append("</title></rect>\n");
        }
        html.Append(Invariant($"<text x=\"{Left}\" y=\"{Height - 14}\" text-anchor=\"start\">{Day(days[0].Day)}</text>"));
        if (days.Count > 1)
        {
            html.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{Height - 14}\" text-anchor=\"end\">{Day(days[^1].Day)}</text>"));
        }
        html.Append(Invariant($"<text x=\"{Left + plotWidth / 2}\" y=\"{Height - 2}\" text-anchor=\"middle\">day (UTC)</text>\n</svg>\n"))
            .Append("<details><summary>Calls per day as a table</summary>\n<table class=\"usage\">\n<thead><tr><th scope=\"col\">Day (UTC)</th>")
            .Append("<th scope=\"col\" class=\"number\">Calls</th></tr></thead>\n<tbody>\n");
        foreach (var (day, calls) in days)
        {
            html.Append("<tr><td>").Append(Day(day)).Append("</td><td class=\"number\">").Append(Number(calls)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</details>\n");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
