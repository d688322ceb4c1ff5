using System.Globalization;
using System.Text;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.ArtefactTests;
using MlOps.Onnx;

namespace MlOps.Cli.Tests.Fuzzing;

/// <summary>One starting input of a family: a name (for reports) and its bytes.</summary>
internal sealed record FuzzSeed(string Name, byte[] Bytes);

/// <summary>
/// The valid inputs the fuzzer starts from, per family, and the fixed files the commands need beside the fuzzed one
/// (a model to score with, data, a baseline, an artefact). The hostile-input probe's reproductions are seeds too, so
/// every run replays them before it mutates anything.
/// </summary>
internal sealed class FuzzSeeds
{
    private const long Epoch = 1_700_000_000;

    private FuzzSeeds(string fixedFolder) => FixedFolder = fixedFolder;

    /// <summary>The folder of the fixed files.</summary>
    public string FixedFolder { get; }

    /// <summary>The toy logistic model (features a, b, c) the CSV targets score with.</summary>
    public string Model => Path.Combine(FixedFolder, "toy.onnx");

    /// <summary>Valid data for <see cref="Model"/> with a label and a sensitive column.</summary>
    public string Data => Path.Combine(FixedFolder, "toy.csv");

    /// <summary>A drift baseline of <see cref="Data"/>.</summary>
    public string Baseline => Path.Combine(FixedFolder, "baseline.json");

    /// <summary>An artefact of <see cref="Model"/> (with its sidecar beside it).</summary>
    public string Artefact { get; private set; } = "";

    /// <summary>The seeds of each family.</summary>
    public Dictionary<FuzzFamily, List<FuzzSeed>> Families { get; } = [];

    /// <summary>Writes the fixed files into <paramref name="folder"/> and builds every family's seeds.</summary>
    public static FuzzSeeds Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var seeds = new FuzzSeeds(folder);
        File.WriteAllBytes(seeds.Model, ToyEvidence.Model());
        var data = ToyData(rows: 40, new Random(7));
        File.WriteAllText(seeds.Data, data);
        var baseline = CliRunner.Run("drift", "baseline", "--data", seeds.Data, "--out", seeds.Baseline);
        if (baseline.ExitCode != 0)
        {
            throw new InvalidOperationException($"The fuzzing baseline could not be made: {baseline}");
        }
        seeds.Artefact = seeds.BuildArtefact();

        seeds.Families[FuzzFamily.Csv] =
        [
            new("toy", Encoding.UTF8.GetBytes(data)),
            new("quoted-crlf", Encoding.UTF8.GetBytes(Quoted(data))),
            // The probe's reproductions.
            new("semicolons", Encoding.UTF8.GetBytes(data.Replace(',', ';'))),
            new("tabs", Encoding.UTF8.GetBytes(data.Replace(',', '\t'))),
            new("non-finite", Encoding.UTF8.GetBytes(WithValues(data, "NaN", "inf", "1e400", "-Infinity"))),
            new("non-number", Encoding.UTF8.GetBytes(WithValues(data, "abc"))),
            new("duplicate-column", Encoding.UTF8.GetBytes(data.Replace("a,b,c,", "a,b,a,", StringComparison.Ordinal))),
            new("long-line", Encoding.UTF8.GetBytes(data + new string('7', 300_000) + ",1,2,1,x\n")),
        ];
        seeds.Families[FuzzFamily.Onnx] =
        [
            new("logistic", ToyEvidence.Model()),
            new("linear-classifier-zipmap", LinearClassifier()),
            new("tree-ensemble", Tree()),
        ];
        var artefactBytes = File.ReadAllBytes(seeds.Artefact);
        seeds.Families[FuzzFamily.Archive] =
        [
            new("artefact", artefactBytes),
            new("self-appended", [.. artefactBytes, .. artefactBytes]),
            new("prepended", [.. new byte[512], .. artefactBytes]),
            new("appended", [.. artefactBytes, .. "trailing"u8.ToArray()]),
        ];
        var manifest = ArtefactRepack.Manifest(seeds.Artefact);
        seeds.Families[FuzzFamily.Manifest] =
        [
            new("manifest", manifest),
            new("invalid-utf8-key", InvalidUtf8InFirstKey(manifest)),
        ];
        seeds.Families[FuzzFamily.Card] =
        [
            new("toy-card", Encoding.UTF8.GetBytes(ToyEvidence.Card())),
            new("invalid-yaml", Encoding.UTF8.GetBytes(ToyEvidence.Card().Replace("owners: [Team <team@example.org>]", "owners: [Team <team@example.org>", StringComparison.Ordinal))),
            // Found by a long run: nesting deep enough to overflow YamlDotNet's recursive node builder.
            new("deep-nesting", Encoding.UTF8.GetBytes(ToyEvidence.Card().Replace("owners: [", "owners: " + new string('[', 100_000), StringComparison.Ordinal))),
        ];
        seeds.Families[FuzzFamily.Policy] =
        [
            new("policy", Encoding.UTF8.GetBytes(
                "levels:\n  medium:\n    evidence: [evaluation]\n    metrics:\n      rocAuc: { min: 0.5 }\n      logLoss: { max: 0.9 }\n    noDatasetDrift: true\n")),
            new("deep-nesting", Encoding.UTF8.GetBytes("levels:\n  medium:\n    evidence: " + new string('[', 100_000) + "\n")),
        ];
        return seeds;
    }

    /// <summary>An artefact whose manifest is <paramref name="manifest"/>, framed as the writer frames it, with the comment's digest updated to match (so the manifest reaches the parser; only the sidecar could tell).</summary>
    public byte[] ArtefactWithManifest(byte[] manifest) => ArtefactRepack.WithManifest(Artefact, manifest, Epoch);

    private string BuildArtefact()
    {
        var source = Path.Combine(FixedFolder, "source");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Combine(source, "toy.onnx"), ToyEvidence.Model());
        File.WriteAllText(Path.Combine(source, "card.md"), ToyEvidence.Card());
        var result = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = Path.Combine(source, "toy.onnx"),
            CardPath = Path.Combine(source, "card.md"),
            OutputDirectory = Path.Combine(FixedFolder, "artefact"),
            SourceDateEpoch = Epoch,
            RepositoryRoot = source,
        });
        return result.PackagePath;
    }

    private static string ToyData(int rows, Random random)
    {
        var text = new StringBuilder("a,b,c,label,group\n");
        for (var i = 0; i < rows; i++)
        {
            var a = Math.Round(random.NextDouble() * 4 - 2, 3);
            var b = Math.Round(random.NextDouble() * 4 - 2, 3);
            var c = Math.Round(random.NextDouble() * 4 - 2, 3);
            var label = 0.5 * a - 0.25 * b + c + random.NextDouble() - 0.5 > 0 ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"{a},{b},{c},{label},{(i % 3 == 0 ? "x" : "y")}\n");
        }
        return text.ToString();
    }

    private static string Quoted(string data) => string.Concat(data.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => string.Join(',', line.Split(',').Select(field => $"\"{field}\"")) + "\r\n"));

    private static string WithValues(string data, params string[] values)
    {
        var lines = data.Split('\n');
        for (var i = 0; i < values.Length; i++)
        {
            var fields = lines[2 + i * 3].Split(',');
            fields[i % 3] = values[i];
            lines[2 + i * 3] = string.Join(',', fields);
        }
        return string.Join('\n', lines);
    }

    private static byte[] LinearClassifier() => new OnnxModelBuilder()
        .Producer("skl2onnx", "1.16.0")
        .Opset("", 17)
        .Input("float_input", OnnxDataType.Float, "N", 3)
        .Output("output_label", OnnxDataType.Int64, "N")
        .Output("output_probability", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64))
        .Metadata("mlops.features", "a,b,c")
        .Node("LinearClassifier", ["float_input"], ["output_label", "probability_tensor"],
            [OnnxAttribute.Of("coefficients", new[] { -0.5f, 0.25f, -1f, 0.5f, -0.25f, 1f }),
             OnnxAttribute.Of("intercepts", new[] { 0.1f, -0.1f }), OnnxAttribute.Of("classlabels_ints", new long[] { 0, 1 }),
             OnnxAttribute.Of("post_transform", "LOGISTIC")], domain: "ai.onnx.ml", name: "LinearClassifier")
        .Node("Normalizer", ["probability_tensor"], ["probabilities"], [OnnxAttribute.Of("norm", "L1")], domain: "ai.onnx.ml", name: "Normalizer")
        .Node("ZipMap", ["probabilities"], ["output_probability"], [OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 })], domain: "ai.onnx.ml", name: "ZipMap")
        .ToBytes();

    /// <summary>One tree, one split on feature c at 0 with the missing-value branch tracked: the shape tree exporters emit.</summary>
    private static byte[] Tree() => new OnnxModelBuilder()
        .Producer("skl2onnx", "1.16.0")
        .Opset("", 17)
        .Input("X", OnnxDataType.Float, "N", 3)
        .Output("label", OnnxDataType.Int64, "N")
        .Output("probabilities", OnnxDataType.Float, "N", 2)
        .Metadata("mlops.features", "a,b,c")
        .Node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"],
            [OnnxAttribute.Of("nodes_treeids", new long[] { 0, 0, 0 }), OnnxAttribute.Of("nodes_nodeids", new long[] { 0, 1, 2 }),
             OnnxAttribute.Of("nodes_featureids", new long[] { 2, 0, 0 }), OnnxAttribute.Of("nodes_values", new[] { 0f, 0f, 0f }),
             OnnxAttribute.Of("nodes_modes", new[] { "BRANCH_LEQ", "LEAF", "LEAF" }),
             OnnxAttribute.Of("nodes_truenodeids", new long[] { 1, 0, 0 }), OnnxAttribute.Of("nodes_falsenodeids", new long[] { 2, 0, 0 }),
             OnnxAttribute.Of("nodes_missing_value_tracks_true", new long[] { 1, 0, 0 }),
             OnnxAttribute.Of("class_treeids", new long[] { 0, 0, 0, 0 }), OnnxAttribute.Of("class_nodeids", new long[] { 1, 1, 2, 2 }),
             OnnxAttribute.Of("class_ids", new long[] { 0, 1, 0, 1 }), OnnxAttribute.Of("class_weights", new[] { 0.8f, 0.2f, 0.3f, 0.7f }),
             OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 }), OnnxAttribute.Of("post_transform", "NONE")],
            domain: "ai.onnx.ml", name: "forest")
        .ToBytes();

    /// <summary>The probe's case: a byte inside the manifest's first key replaced by 0xFF (invalid UTF-8).</summary>
    private static byte[] InvalidUtf8InFirstKey(byte[] manifest)
    {
        var copy = manifest.ToArray();
        var quote = Array.IndexOf(copy, (byte)'"');
        copy[quote + 2] = 0xFF;
        return copy;
    }
}
