using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Onnx.Evaluation;

namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>Runs models through ONNX Runtime 1.30 (tests/oracle/run.js, single-threaded) in one node process per batch of cases.</summary>
internal static class OrtOracle
{
    public sealed record Case(string Name, byte[] Model, IReadOnlyDictionary<string, Tensor> Inputs)
    {
        /// <summary>The outputs to ask ONNX Runtime for (onnxruntime-node returns tensors only); null for all.</summary>
        public string[]? Fetches { get; init; }
    }

    /// <summary>The ORT outputs per case: tensors, or MapSequence for sequences of maps.</summary>
    public static List<Dictionary<string, OnnxValue>> Run(IReadOnlyList<Case> cases)
    {
        Assert.True(TestTools.OracleAvailable, $"The ONNX Runtime oracle is required in CI: {TestTools.InstallHint}.");
        var folder = Directory.CreateTempSubdirectory("mlops-oracle-").FullName;
        try
        {
            var request = new JsonArray();
            for (var i = 0; i < cases.Count; i++)
            {
                var modelPath = Path.Combine(folder, $"model{i}.onnx");
                File.WriteAllBytes(modelPath, cases[i].Model);
                var inputs = new JsonObject();
                foreach (var (name, tensor) in cases[i].Inputs)
                {
                    inputs[name] = Encode(tensor);
                }
                var entry = new JsonObject { ["model"] = modelPath, ["inputs"] = inputs };
                if (cases[i].Fetches is { } fetches)
                {
                    entry["fetches"] = new JsonArray(fetches.Select(f => (JsonNode)f).ToArray());
                }
                request.Add(entry);
            }
            var requestPath = Path.Combine(folder, "request.json");
            var responsePath = Path.Combine(folder, "response.json");
            File.WriteAllText(requestPath, request.ToJsonString());
            var (code, _, err) = TestTools.Run(TestTools.NodePath!, $"run.js \"{requestPath}\" \"{responsePath}\"", TestTools.OracleDir);
            Assert.True(code == 0, "node oracle failed: " + err);
            var response = JsonNode.Parse(File.ReadAllText(responsePath))!.AsArray();
            var results = new List<Dictionary<string, OnnxValue>>();
            for (var i = 0; i < response.Count; i++)
            {
                var entry = response[i]!.AsObject();
                if (entry["error"] is { } error)
                {
                    Assert.Fail($"ONNX Runtime rejected case '{cases[i].Name}': {error}");
                }
                var outputs = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
                foreach (var (name, value) in entry["outputs"]!.AsObject())
                {
                    outputs[name] = Decode(value!.AsObject());
                }
                results.Add(outputs);
            }
            return results;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonObject Encode(Tensor tensor)
    {
        var dims = new JsonArray(tensor.Dimensions.Select(d => (JsonNode)d).ToArray());
        return tensor switch
        {
            Tensor<float> t => new JsonObject { ["type"] = "float32", ["dims"] = dims, ["data"] = Convert.ToBase64String(MemoryMarshal.AsBytes(t.Data.AsSpan())) },
            Tensor<double> t => new JsonObject { ["type"] = "float64", ["dims"] = dims, ["data"] = Convert.ToBase64String(MemoryMarshal.AsBytes(t.Data.AsSpan())) },
            Tensor<long> t => new JsonObject { ["type"] = "int64", ["dims"] = dims, ["data"] = Convert.ToBase64String(MemoryMarshal.AsBytes(t.Data.AsSpan())) },
            Tensor<int> t => new JsonObject { ["type"] = "int32", ["dims"] = dims, ["data"] = Convert.ToBase64String(MemoryMarshal.AsBytes(t.Data.AsSpan())) },
            Tensor<bool> t => new JsonObject { ["type"] = "bool", ["dims"] = dims, ["data"] = Convert.ToBase64String(t.Data.Select(b => b ? (byte)1 : (byte)0).ToArray()) },
            Tensor<string> t => new JsonObject { ["type"] = "string", ["dims"] = dims, ["data"] = new JsonArray(t.Data.Select(s => (JsonNode)s).ToArray()) },
            _ => throw new NotSupportedException(),
        };
    }

    private static OnnxValue Decode(JsonObject value)
    {
        if (value["maps"] is JsonArray maps)
        {
            var first = maps.Count > 0 ? maps[0]!.AsObject() : new JsonObject();
            var keys = first.Select(p => p.Key).ToArray();
            var values = new float[maps.Count * keys.Length];
            for (var r = 0; r < maps.Count; r++)
            {
                var map = maps[r]!.AsObject();
                for (var k = 0; k < keys.Length; k++)
                {
                    values[(r * keys.Length) + k] = (float)map[keys[k]]!.GetValue<double>();
                }
            }
            return keys.All(k => long.TryParse(k, out _))
                ? new MapSequence(keys.Select(long.Parse).ToArray(), values, maps.Count)
                : new MapSequence(keys, values, maps.Count);
        }
        var dims = value["dims"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
        var type = value["type"]!.GetValue<string>();
        if (type == "string")
        {
            return Tensor.Create(value["data"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray(), dims);
        }
        var bytes = Convert.FromBase64String(value["data"]!.GetValue<string>());
        return type switch
        {
            "float32" => Tensor.Create(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), dims),
            "float64" => Tensor.Create(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), dims),
            "int64" => Tensor.Create(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), dims),
            "int32" => Tensor.Create(MemoryMarshal.Cast<byte, int>(bytes).ToArray(), dims),
            "bool" => Tensor.Create(bytes.Select(b => b != 0).ToArray(), dims),
            _ => throw new NotSupportedException(type),
        };
    }
}

/// <summary>Output comparison with a tolerance for floating-point values and exact equality for everything else.</summary>
internal static class Compare
{
    /// <summary>Describes the first difference beyond <paramref name="atol"/> + <paramref name="rtol"/>·|expected|, or null when equal.</summary>
    public static string? Difference(OnnxValue expected, OnnxValue actual, double atol, double rtol = 0)
    {
        switch (expected, actual)
        {
            case (MapSequence e, MapSequence a):
                if (e.Count != a.Count || e.KeyCount != a.KeyCount)
                {
                    return $"map sequence {e.Describe()} vs {a.Describe()}";
                }
                for (var r = 0; r < e.Count; r++)
                {
                    var em = e.GetMap(r);
                    var am = a.GetMap(r);
                    foreach (var (key, ev) in em)
                    {
                        if (!am.TryGetValue(key, out var av) || !Close(ev, av, atol, rtol))
                        {
                            return $"map {r} key {key}: expected {ev}, got {(am.TryGetValue(key, out var x) ? x : float.NaN)}";
                        }
                    }
                }
                return null;
            case (Tensor e, Tensor a):
                if (!e.Dimensions.SequenceEqual(a.Dimensions))
                {
                    return $"shape {e.Describe()} vs {a.Describe()}";
                }
                if (e.ElementType != a.ElementType)
                {
                    return $"type {e.Describe()} vs {a.Describe()}";
                }
                for (var i = 0; i < e.Length; i++)
                {
                    var ev = e.Buffer.GetValue(i);
                    var av = a.Buffer.GetValue(i);
                    var same = (ev, av) switch
                    {
                        (float x, float y) => Close(x, y, atol, rtol),
                        (double x, double y) => Close(x, y, atol, rtol),
                        _ => Equals(ev, av),
                    };
                    if (!same)
                    {
                        return $"element {i}: expected {ev}, got {av}";
                    }
                }
                return null;
            default:
                return $"kind {expected.Describe()} vs {actual.Describe()}";
        }
    }

    private static bool Close(double expected, double actual, double atol, double rtol) =>
        (double.IsNaN(expected) && double.IsNaN(actual)) || expected == actual || Math.Abs(expected - actual) <= atol + (rtol * Math.Abs(expected));
}
