using MlOps.Onnx.Tests.TestSupport;
using Xunit.Abstractions;

namespace MlOps.Onnx.Tests.Io;

/// <summary>Round trips over every model.onnx in Debian's libonnx-testdata (node, simple, real, pytorch-*).</summary>
public sealed class OnnxTestDataRoundTripTests(ITestOutputHelper output)
{
    private static readonly KeyValuePair<string, string>[] NewMetadata =
    [
        new("mlops.version", "1.2.3"),
        new("mlops.card", "# Card\n\nünïcode ✓"),
        new("mlops.digest.source", new string('a', 64)),
    ];

    internal static string[] Models() =>
        Directory.EnumerateFiles(RepoPaths.OnnxTestData, "model.onnx", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();

    [RequiresToolFact(TestTool.OnnxTestData)]
    public void Every_test_model_survives_metadata_rewrite_and_reserialization()
    {
        TestTools.Require(TestTool.OnnxTestData);
        var models = Models();
        Assert.True(models.Length > 900, $"expected about 1000 models under {RepoPaths.OnnxTestData}, found {models.Length}");

        var failures = new List<string>();
        int identicalRewrite = 0, graphs = 0, nodes = 0;
        foreach (var path in models)
        {
            var name = Path.GetRelativePath(RepoPaths.OnnxTestData, path);
            var bytes = File.ReadAllBytes(path);
            var original = OnnxModel.Parse(bytes, path);
            graphs++;
            nodes += original.Graph.Nodes.Count;

            // Setting nothing must give back the very same bytes.
            if (!OnnxMetadataWriter.WithMetadata(bytes, []).AsSpan().SequenceEqual(bytes))
            {
                failures.Add($"{name}: WithMetadata([]) changed the bytes");
            }

            var withMetadata = OnnxModel.Parse(OnnxMetadataWriter.WithMetadata(bytes, NewMetadata));
            failures.AddRange(OnnxStructure.Differences(original, withMetadata, compareMetadata: false).Select(d => $"{name} (metadata): {d}"));
            foreach (var kv in NewMetadata)
            {
                if (withMetadata.Metadata(kv.Key) != kv.Value)
                {
                    failures.Add($"{name}: metadata {kv.Key} not set");
                }
            }

            if (withMetadata.MetadataProps.Count != original.MetadataProps.Count + NewMetadata.Length)
            {
                failures.Add($"{name}: {withMetadata.MetadataProps.Count} metadata entries after adding 3 to {original.MetadataProps.Count}");
            }

            var written = OnnxWriter.Write(original);
            identicalRewrite += written.AsSpan().SequenceEqual(bytes) ? 1 : 0;
            var reparsed = OnnxModel.Parse(written);
            failures.AddRange(OnnxStructure.Differences(original, reparsed).Select(d => $"{name} (write): {d}"));
            if (!OnnxWriter.Write(reparsed).AsSpan().SequenceEqual(written))
            {
                failures.Add($"{name}: writing is not stable (write(parse(write(m))) != write(m))");
            }
        }

        output.WriteLine($"{models.Length} models round-tripped ({nodes} nodes); {identicalRewrite} rewritten byte-identical to the original file.");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }
}
