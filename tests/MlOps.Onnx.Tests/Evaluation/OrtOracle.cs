using MlOps.Engines.OnnxRuntime;
using MlOps.Onnx.Evaluation;

namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>
/// Runs models through ONNX Runtime 1.32 in process (Microsoft.ML.OnnxRuntime through the onnxruntime engine's
/// session: one intra-op thread, sequential execution), an implementation independent of the managed evaluator.
/// </summary>
internal static class OrtOracle
{
    public sealed record Case(string Name, byte[] Model, IReadOnlyDictionary<string, Tensor> Inputs)
    {
        /// <summary>The outputs to ask ONNX Runtime for; null for all (tensors and ZipMap maps).</summary>
        public string[]? Fetches { get; init; }
    }

    /// <summary>The ORT outputs per case: tensors, or MapSequence for sequences of maps.</summary>
    public static List<Dictionary<string, OnnxValue>> Run(IReadOnlyList<Case> cases)
    {
        var results = new List<Dictionary<string, OnnxValue>>(cases.Count);
        foreach (var c in cases)
        {
            OnnxRuntimeSession session;
            try
            {
                session = OnnxRuntimeSession.Load(c.Model, c.Name);
            }
            catch (MlOpsException e)
            {
                Assert.Fail($"ONNX Runtime rejected case '{c.Name}': {e.Message}");
                throw;
            }
            using (session)
            {
                var outputs = session.Run(c.Inputs.ToDictionary(p => p.Key, p => (OnnxValue)p.Value, StringComparer.Ordinal), c.Fetches);
                results.Add(new Dictionary<string, OnnxValue>(outputs, StringComparer.Ordinal));
            }
        }
        return results;
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
