using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Governance.Models;

/// <summary>
/// The outputs of an ML.NET model as far as they can be told without ML.NET (docs/mlnet-models.md). Every saved
/// object starts with a <c>Model.key</c> header that names its loader (24 ASCII bytes at offset 0x50); the prediction
/// transformer in the top-level chain says the task, and for a binary classifier the predictor under it says whether it
/// is calibrated (<c>...CaliPredExec</c>). The columns each task adds are ML.NET's conventions: binary classification
/// Score, Probability (calibrated only) and PredictedLabel; regression and ranking Score; multiclass classification
/// Score (one per class; how many is not in any header) and PredictedLabel (a key, or its value when a
/// MapKeyToValue follows). Everything else the chain adds is only known once ML.NET loads it.
/// </summary>
public static partial class MlNetOutputs
{
    private const int LoaderSignatureOffset = 0x50;
    private const int LoaderSignatureLength = 24;

    private static readonly Dictionary<string, string> Tasks = new(StringComparer.Ordinal)
    {
        ["BinaryPredXfer"] = "binary", ["RegressionPredXfer"] = "regression", ["MulticlassPredXfer"] = "multiclass",
        ["RankingPredXfer"] = "ranking", ["AnomalyPredXfer"] = "anomaly", ["ClusteringPredXfer"] = "clustering",
    };

    /// <summary>The task of the last prediction transformer in the chain, and the outputs it adds (empty when unknown).</summary>
    internal static (string Task, IReadOnlyList<TensorSignature> Outputs) Of(ZipArchive zip)
    {
        // Top-level chain members are TransformerChain/Transform_NNN/Model.key, in chain order.
        var chain = zip.Entries.Select(e => (Entry: e, Match: ChainMember().Match(e.FullName)))
            .Where(x => x.Match.Success)
            .OrderBy(x => int.Parse(x.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Select(x => (Folder: x.Entry.FullName[..^"Model.key".Length], Loader: LoaderOf(x.Entry)))
            .ToList();
        var index = chain.FindLastIndex(m => Tasks.ContainsKey(m.Loader));
        if (index < 0)
        {
            return ("unknown", []);
        }
        var task = Tasks[chain[index].Loader];
        var labelMappedBack = chain.Skip(index + 1).Any(m => m.Loader == "KeyToValueTransform");
        TensorSignature Scalar(string name, string type) => new(name, type, [null, 1L]);
        IReadOnlyList<TensorSignature> outputs = task switch
        {
            "binary" => zip.GetEntry(chain[index].Folder + "Model/Model.key") is { } predictor && LoaderOf(predictor).Contains("Cali", StringComparison.Ordinal)
                ? [Scalar("Score", "float"), Scalar("Probability", "float"), Scalar("PredictedLabel", "bool")]
                : [Scalar("Score", "float"), Scalar("PredictedLabel", "bool")],
            "regression" or "ranking" => [Scalar("Score", "float")],
            "anomaly" => [Scalar("Score", "float"), Scalar("PredictedLabel", "bool")],
            "multiclass" or "clustering" => [new TensorSignature("Score", "float", [null, null]),
                Scalar("PredictedLabel", labelMappedBack ? "unknown" : "key(uint32)")],
            _ => [],
        };
        return (task, outputs);
    }

    private static string LoaderOf(ZipArchiveEntry entry)
    {
        if (entry.Length < LoaderSignatureOffset + LoaderSignatureLength)
        {
            return "";
        }
        using var stream = entry.Open();
        var header = new byte[LoaderSignatureOffset + LoaderSignatureLength];
        stream.ReadExactly(header);
        return Encoding.ASCII.GetString(header, LoaderSignatureOffset, LoaderSignatureLength).TrimEnd('\0');
    }

    [GeneratedRegex(@"^TransformerChain/Transform_(\d{1,6})/Model\.key$", RegexOptions.CultureInvariant)]
    private static partial Regex ChainMember();
}
