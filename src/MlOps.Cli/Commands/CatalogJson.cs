using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Cli.Commands;

/// <summary>How the catalog commands print: indented JSON for scripts (names in docs/catalog.md), aligned tables for people.</summary>
internal static class CatalogJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document as indented JSON.</summary>
    public static string Write(JsonNode document) => document.ToJsonString(Indented);

    /// <summary>Prints <paramref name="rows"/> under <paramref name="header"/>, columns aligned (the last one free).</summary>
    public static void Table(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend([.. header]))
        {
            Console.Out.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
