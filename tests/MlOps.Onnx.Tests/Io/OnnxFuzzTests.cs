using MlOps.Onnx.Tests.TestSupport;
using Xunit.Abstractions;

namespace MlOps.Onnx.Tests.Io;

/// <summary>
/// Mutates real models (bit flips, byte changes, insertions, deletions, cuts, length corruption) with a fixed
/// seed and checks that reading, writing and re-reading them only ever fails with <see cref="MlOpsException"/>.
/// </summary>
public sealed class OnnxFuzzTests(ITestOutputHelper output)
{
    // Deep runs: MLOPS_FUZZ_ITERATIONS=200000 MLOPS_FUZZ_SEED=7 dotnet test --filter OnnxFuzzTests
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("MLOPS_FUZZ_ITERATIONS"), out var n) ? n : 6000;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("MLOPS_FUZZ_SEED"), out var s) ? s : 20261124;

    private static List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>
        {
            OnnxModelBuilderTests.LogisticPipeline().ToBytes(),
            AttributeRichModel(),
        };
        if (TestTools.IsPresent(TestTool.OnnxTestData))
        {
            // Every 10th test-data model below 64 KiB: subgraphs (If/Loop/Scan), sequences, maps, optional types.
            seeds.AddRange(OnnxTestDataRoundTripTests.Models()
                .Where(p => new FileInfo(p).Length < 64 * 1024)
                .Where((_, i) => i % 10 == 0)
                .Select(File.ReadAllBytes));
        }

        return seeds;
    }

    private static byte[] AttributeRichModel()
    {
        var branch = new OnnxGraph
        {
            Name = "body",
            Nodes = [new OnnxNode("Identity", ["a"], ["b"])],
            Inputs = [new OnnxValueInfo("a", OnnxTypeInfo.OptionalOf(OnnxTypeInfo.Tensor(OnnxDataType.Int32, "K")))],
            Outputs = [new OnnxValueInfo("b", OnnxTypeInfo.SequenceOf(OnnxTypeInfo.Tensor(OnnxDataType.String)))],
        };
        return new OnnxModelBuilder()
            .Input("x", OnnxDataType.Double, "N", 3)
            .Output("y", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.String))
            .Initializer("w", new[] { 1.0, 2, 3, 4, 5, 6 }, 3, 2)
            .Initializer("labels", new[] { "yes", "no" })
            .Initializer("k", new long[] { 7, 8 })
            .Node("If", ["c"], ["y"], [OnnxAttribute.Of("then_branch", branch), OnnxAttribute.Of("else_branch", branch)])
            .Node("Custom", ["x", "w"], ["z"],
                [OnnxAttribute.Of("t", OnnxTensor.Create("", new[] { 1, 2, 3 })), OnnxAttribute.Of("fs", new[] { 0.5f }), OnnxAttribute.Of("s", "v")],
                domain: "ai.onnx.ml")
            .Metadata("k", "v")
            .ToBytes();
    }

    [Fact]
    public void Mutated_models_only_ever_fail_with_MlOpsException()
    {
        var seeds = Seeds();
        var random = new Random(Seed);
        int parsed = 0, rejected = 0, truncatedCode = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var mutant = Mutate(seeds[random.Next(seeds.Count)], random);
            try
            {
                var model = OnnxModel.Parse(mutant);
                Exercise(model);
                var rewritten = OnnxModel.Parse(OnnxWriter.Write(model));
                var differences = OnnxStructure.Differences(model, rewritten);
                Assert.True(differences.Count == 0, $"iteration {i}: write/parse changed the model: {string.Join("; ", differences.Take(5))}");
                OnnxModel.Parse(OnnxMetadataWriter.WithMetadata(mutant, [new("mlops.name", "fuzz")]));
                parsed++;
            }
            catch (MlOpsException e)
            {
                Assert.True(e.Code is "MLOPS102" or "MLOPS103", $"iteration {i}: unexpected code {e.Code}: {e.Message}");
                rejected++;
                truncatedCode += e.Code == "MLOPS103" ? 1 : 0;
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i}: {e.GetType().Name} escaped instead of MlOpsException: {e}");
            }
        }

        output.WriteLine($"{Iterations} mutants of {seeds.Count} seed models: {parsed} still parsed, {rejected} rejected ({truncatedCode} as truncated).");
        Assert.True(rejected > Iterations / 10, "the mutations should break a good share of the models");
    }

    /// <summary>Reads everything a consumer might read, including every tensor's values.</summary>
    private static void Exercise(OnnxModel model)
    {
        _ = model.Graph.RuntimeInputs.Count();
        foreach (var v in model.Graph.Inputs.Concat(model.Graph.Outputs))
        {
            _ = v.ToString();
        }

        Tensors(model.Graph);

        static void Tensors(OnnxGraph graph)
        {
            foreach (var t in graph.Initializers.Concat(graph.Nodes.SelectMany(n => n.Attributes).SelectMany(a => a.Tensors.Append(a.Tensor!)).Where(t => t is not null)))
            {
                Read(t);
            }

            foreach (var a in graph.Nodes.SelectMany(n => n.Attributes))
            {
                _ = a.ToString();
                _ = a.Strings.Count;
                foreach (var g in a.Graphs.Append(a.Graph!).Where(g => g is not null))
                {
                    Tensors(g);
                }
            }
        }

        static void Read(OnnxTensor t)
        {
            foreach (var read in new Action[] { () => t.ToFloatArray(), () => t.ToDoubleArray(), () => t.ToInt64Array(), () => t.ToInt32Array(), () => t.ToBoolArray(), () => t.ToStringArray() })
            {
                try
                {
                    read();
                }
                catch (MlOpsException)
                {
                    // Wrong type or inconsistent dims: a clean error is what we want.
                }
            }
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                case 3: bytes.RemoveAt(at); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                case 5: bytes[at] = random.Next(3) switch { 0 => 0xFF, 1 => 0x80, _ => 0x00 }; break;
            }
        }

        return bytes.ToArray();
    }
}
