using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Evidence;

namespace MlOps.Release.Bom;

/// <summary>
/// The data sets a model was built and judged with, as CycloneDX <c>data</c> components: those the manifest's
/// lineage records (training and evaluation files, with sha256, size and rows) and those the evidence names
/// (<c>data.file</c>, <c>data.sha256</c>, <c>data.rows</c>). One component per distinct file: the same sha256
/// named twice is one data set with every role it played. Inline <c>modelCard.modelParameters.datasets</c> entries
/// cannot carry hashes in CycloneDX 1.6, so the model card refers to these components by <c>bom-ref</c>.
/// </summary>
internal static class DataSets
{
    /// <summary>The data sets, lineage first (training before evaluation, as recorded), then evidence in member order.</summary>
    public static IReadOnlyList<DataSet> Of(ArtefactManifest manifest, IReadOnlyList<EvidenceFile> evidence)
    {
        var sets = new List<DataSet>();
        foreach (var d in manifest.Data)
        {
            var set = Find(sets, d.Sha256, d.Path) ?? Add(sets, d.Path, d.Sha256);
            set.Roles.Add($"{d.RoleName} data");
            set.Size ??= d.Size;
            set.Rows ??= d.Rows;
        }
        foreach (var e in evidence.OrderBy(e => e.MemberPath, StringComparer.Ordinal))
        {
            var data = e.Root.Get("data");
            if (data.Get("file").Text() is not { Length: > 0 } file)
            {
                continue;
            }
            var sha256 = data.Get("sha256").Text();
            var set = Find(sets, sha256, file) ?? Add(sets, file, sha256);
            set.Roles.Add($"{e.Kind} evidence");
            set.Rows ??= data.Get("rows").Number() is { } rows ? (long)rows : null;
        }
        return sets;
    }

    /// <summary>The component of <paramref name="set"/>.</summary>
    public static JsonObject Component(DataSet set)
    {
        var component = new JsonObject
        {
            ["type"] = "data",
            ["bom-ref"] = set.BomRef,
            ["name"] = set.Name,
        };
        if (set.Sha256 is { } sha256)
        {
            component["hashes"] = new JsonArray(new JsonObject { ["alg"] = CycloneDx.Sha256, ["content"] = sha256 });
        }
        component["data"] = new JsonArray(new JsonObject
        {
            ["type"] = "dataset",
            ["name"] = set.Name,
            ["description"] = set.Description,
        });
        return component;
    }

    private static DataSet? Find(List<DataSet> sets, string? sha256, string name) =>
        sha256 is not null
            ? sets.FirstOrDefault(s => s.Sha256 == sha256)
            : sets.FirstOrDefault(s => s.Sha256 is null && s.Name == name);

    private static DataSet Add(List<DataSet> sets, string name, string? sha256)
    {
        var set = new DataSet(name, sha256);
        sets.Add(set);
        return set;
    }
}

/// <summary>One data set: its name (the path the lineage records, else the file name the evidence gives), its sha256 when known, and what it was used for.</summary>
internal sealed class DataSet(string name, string? sha256)
{
    public string Name { get; } = name;

    public string? Sha256 { get; } = sha256;

    /// <summary>"training data", "evaluation evidence", ...: every use, in the order found.</summary>
    public List<string> Roles { get; } = [];

    public long? Size { get; set; }

    public long? Rows { get; set; }

    /// <summary>Unique in the BOM: the content's sha256, else (a file evidence named without hashing it) its name.</summary>
    public string BomRef => "data/" + (Sha256 ?? Name);

    /// <summary>"training data, evaluation evidence; 3 rows; 120 bytes".</summary>
    public string Description
    {
        get
        {
            var parts = new List<string> { string.Join(", ", Roles.Distinct(StringComparer.Ordinal)) };
            if (Rows is { } rows)
            {
                parts.Add(rows.ToString(CultureInfo.InvariantCulture) + (rows == 1 ? " row" : " rows"));
            }
            if (Size is { } size)
            {
                parts.Add(size.ToString(CultureInfo.InvariantCulture) + (size == 1 ? " byte" : " bytes"));
            }
            return string.Join("; ", parts);
        }
    }
}
