using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.DataQuality;

/// <summary>Writes the data-quality evidence (<c>mlops.evidence.data-quality/v1</c>) and reads a shard's back for a merge.</summary>
public static class DataQualityJson
{
    /// <summary>The evidence document of <paramref name="report"/>; <paramref name="rowHashes"/> names a shard's sidecar.</summary>
    public static JsonObject ToJson(DataQualityReport report, RowHashesReference? rowHashes = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var p = report.Profile;
        var doc = EvidenceDocument.Create(EvidenceKinds.DataQuality, p.ModelSha256, report.Passed ? EvidenceVerdicts.Passed : EvidenceVerdicts.Failed);
        var data = Reference(p.Data);
        if (p.Shards.Count > 0)
        {
            data["shards"] = new JsonArray(p.Shards.Select(s => (JsonNode?)Reference(s)).ToArray());
        }
        doc["data"] = data;
        doc["baseline"] = Reference(p.Baseline);
        doc["training"] = p.Training is { } t ? Reference(t) : null;
        doc["label"] = p.Label;
        var thresholds = new JsonObject();
        foreach (var rule in DataQualityRules.All)
        {
            var value = p.Thresholds.Of(rule.Check);
            thresholds[rule.Key] = rule.IsSwitch ? double.IsPositiveInfinity(value) : EvidenceDocument.Number(value);
        }
        doc["thresholds"] = thresholds;
        var checks = new JsonObject();
        foreach (var c in report.Checks)
        {
            checks[c.Id] = new JsonObject
            {
                ["value"] = EvidenceDocument.Number(c.Value),
                ["threshold"] = EvidenceDocument.Number(c.Threshold),
                ["bound"] = c.IsMinimum ? "min" : "max",
                ["passed"] = c.Passed,
                ["column"] = c.Column,
            };
        }
        doc["checks"] = checks;
        doc["failed"] = new JsonArray(report.Checks.Where(c => !c.Passed).Select(c => (JsonNode?)c.Id).ToArray());
        doc["missingColumns"] = new JsonArray(p.MissingColumns.Select(c => (JsonNode?)c).ToArray());
        var columns = new JsonObject();
        foreach (var c in p.Columns)
        {
            columns[c.Name] = Column(c);
        }
        doc["columns"] = columns;
        var rows = new JsonObject { ["distinct"] = p.DistinctRows, ["duplicates"] = p.Rows - p.DistinctRows };
        if (p.Training is not null)
        {
            rows["leaked"] = p.LeakedRows;
        }
        doc["rows"] = rows;
        if (p.Label is not null)
        {
            var classes = new JsonObject();
            foreach (var (key, count) in p.LabelClasses)
            {
                classes[key] = count;
            }
            doc["labelClasses"] = classes;
        }
        if (rowHashes is not null)
        {
            doc["rowHashes"] = new JsonObject { ["file"] = rowHashes.File, ["sha256"] = rowHashes.Sha256, ["count"] = rowHashes.Count };
        }
        return doc;
    }

    private static JsonObject Reference(DataReference r) => new() { ["file"] = r.File.Length == 0 ? null : r.File, ["sha256"] = r.Sha256, ["rows"] = r.Rows };

    private static JsonObject Column(ColumnCounts c)
    {
        var node = new JsonObject
        {
            ["role"] = c.IsLabel ? "label" : "input",
            ["type"] = c.IsText ? "text" : "numeric",
            ["missing"] = c.Missing,
        };
        if (c.IsLabel)
        {
            return node;
        }
        if (!c.IsText)
        {
            node["typeMismatches"] = c.TypeMismatches;
        }
        if (c.IsRangeChecked)
        {
            node["range"] = new JsonObject { ["min"] = EvidenceDocument.Number(c.RangeMin), ["max"] = EvidenceDocument.Number(c.RangeMax) };
            node["outOfRange"] = c.OutOfRange;
        }
        if (c.CategoriesFrom is not null)
        {
            node["categoriesFrom"] = c.CategoriesFrom;
            node["unseen"] = c.Unseen;
        }
        node["constant"] = c.IsConstant;
        node["constantValue"] = c.OnlyValue switch
        {
            double d => EvidenceDocument.Number(d),
            string s => s,
            _ => null,
        };
        return node;
    }

    /// <summary>Reads the profile a data-quality evidence file records (a shard, for a merge).</summary>
    /// <exception cref="KeyNotFoundException">A field is missing.</exception>
    /// <exception cref="InvalidOperationException">A field has the wrong JSON type.</exception>
    public static DataQualityProfile ReadProfile(EvidenceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var root = file.Root;
        var thresholds = DataQualityThresholds.Default;
        foreach (var t in root.GetProperty("thresholds").EnumerateObject())
        {
            var rule = DataQualityRules.Find(t.Name) ?? throw new InvalidOperationException($"unknown threshold '{t.Name}'");
            thresholds = thresholds.With(rule, rule.IsSwitch ? (t.Value.GetBoolean() ? double.PositiveInfinity : 0) : t.Value.GetDouble());
        }
        var columns = new List<ColumnCounts>();
        foreach (var c in root.GetProperty("columns").EnumerateObject())
        {
            var v = c.Value;
            var isLabel = v.GetProperty("role").GetString() == "label";
            var isText = v.GetProperty("type").GetString() == "text";
            var range = v.TryGetProperty("range", out var r) ? r : (JsonElement?)null;
            var counts = new ColumnCounts(c.Name, isLabel, isText,
                v.TryGetProperty("categoriesFrom", out var from) ? from.GetString() : null,
                range is { } lo ? lo.GetProperty("min").GetDouble() : double.NaN,
                range is { } hi ? hi.GetProperty("max").GetDouble() : double.NaN)
            {
                Missing = v.GetProperty("missing").GetInt64(),
                TypeMismatches = v.TryGetProperty("typeMismatches", out var tm) ? tm.GetInt64() : 0,
                OutOfRange = v.TryGetProperty("outOfRange", out var oor) ? oor.GetInt64() : 0,
                Unseen = v.TryGetProperty("unseen", out var u) ? u.GetInt64() : 0,
            };
            if (!isLabel)
            {
                var value = v.GetProperty("constantValue");
                counts.Distinct = !v.GetProperty("constant").GetBoolean() ? 2 : value.ValueKind == JsonValueKind.Null ? 0 : 1;
                counts.OnlyValue = counts.Distinct != 1 ? null : value.ValueKind == JsonValueKind.Number ? value.GetDouble() : value.GetString();
            }
            columns.Add(counts);
        }
        var rows = root.GetProperty("rows");
        return new DataQualityProfile
        {
            ModelSha256 = file.ModelSha256 ?? throw new InvalidOperationException("'modelSha256' is null"),
            Data = ReadReference(root.GetProperty("data")),
            Baseline = ReadReference(root.GetProperty("baseline")),
            Training = root.GetProperty("training") is { ValueKind: JsonValueKind.Object } training ? ReadReference(training) : null,
            Label = root.GetProperty("label").GetString(),
            Thresholds = thresholds,
            MissingColumns = root.GetProperty("missingColumns").EnumerateArray().Select(e => e.GetString()!).ToList(),
            Columns = columns,
            DistinctRows = rows.GetProperty("distinct").GetInt64(),
            LeakedRows = rows.TryGetProperty("leaked", out var leaked) ? leaked.GetInt64() : 0,
            LabelClasses = root.TryGetProperty("labelClasses", out var classes)
                ? classes.EnumerateObject().Select(k => new KeyValuePair<string, long>(k.Name, k.Value.GetInt64())).ToList()
                : [],
        };
    }

    /// <summary>The shard's sidecar as its evidence names it, or null when it has none.</summary>
    public static RowHashesReference? ReadRowHashes(EvidenceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Root.TryGetProperty("rowHashes", out var r)
            ? new RowHashesReference(r.GetProperty("file").GetString()!, r.GetProperty("sha256").GetString()!, r.GetProperty("count").GetInt64())
            : null;
    }

    private static DataReference ReadReference(JsonElement e) => new(
        e.GetProperty("file").GetString() ?? "",
        e.GetProperty("sha256").GetString(),
        e.GetProperty("rows").GetInt64());
}
