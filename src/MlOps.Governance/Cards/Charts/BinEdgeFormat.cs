using System.Globalization;

namespace MlOps.Governance.Cards.Charts;

/// <summary>
/// Compact, invariant text for histogram bin edges: up to 4 significant digits ("25.8", not
/// "25.800000000000001"), whole numbers from 10 000 up without an exponent ("18424", not "1.842E+04").
/// A set of edges is given more digits only when 4 would make two distinct edges read the same, so the
/// labels stay short and stay unique. Both drift histograms (baseline and report) label their bins with it.
/// </summary>
public static class BinEdgeFormat
{
    private const int CompactDigits = 4;

    /// <summary>One edge with up to 4 significant digits.</summary>
    public static string Format(double edge) => Format(edge, CompactDigits);

    /// <summary>
    /// All edges with the fewest significant digits (4 at least) that keep distinct edges distinct; equal edges
    /// read the same. Falls back to the round-trippable form when no shorter one separates them.
    /// </summary>
    public static IReadOnlyList<string> FormatAll(IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        for (var digits = CompactDigits; digits <= 17; digits += 2)
        {
            var texts = edges.Select(e => Format(e, digits)).ToList();
            if (Separates(edges, texts))
            {
                return texts;
            }
        }
        return edges.Select(e => e.ToString("R", CultureInfo.InvariantCulture)).ToList();
    }

    private static bool Separates(IReadOnlyList<double> edges, IReadOnlyList<string> texts)
    {
        var byText = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < edges.Count; i++)
        {
            if (byText.TryGetValue(texts[i], out var seen) && !seen.Equals(edges[i]))
            {
                return false;
            }
            byText[texts[i]] = edges[i];
        }
        return true;
    }

    private static string Format(double edge, int digits)
    {
        if (!double.IsFinite(edge))
        {
            return edge.ToString(CultureInfo.InvariantCulture);
        }
        // Whole-number magnitudes read better in full than as "1.842E+04"; G keeps the rest compact.
        if (Math.Abs(edge) >= Math.Pow(10, digits) && Math.Abs(edge) < 1e15)
        {
            return Math.Round(edge, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
        }
        var text = edge.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }
}
