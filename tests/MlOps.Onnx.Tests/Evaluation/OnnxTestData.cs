using MlOps.Onnx.Evaluation;
using MlOps.Onnx.Evaluation.Kernels;

namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>Runs the ONNX operator test cases shipped by Debian's libonnx-testdata.</summary>
internal static class OnnxTestData
{
    public sealed record Outcome(string Case, bool InScope, string? Failure);

    /// <summary>Cases whose every operator (domain, op type) the evaluator supports at the model's opset.</summary>
    public static bool InScope(OnnxModel model)
    {
        var supported = KernelRegistry.Supported.ToHashSet();
        foreach (var node in model.Graph.Nodes)
        {
            var domain = node.Domain == "ai.onnx" ? "" : node.Domain;
            var opset = model.Opsets.FirstOrDefault(o => (o.Domain == "ai.onnx" ? "" : o.Domain) == domain).Version;
            var entry = supported.FirstOrDefault(s => s.Domain == domain && s.OpType == node.OpType);
            if (entry.OpType is null || opset < entry.MinOpset || opset > KernelRegistry.MaxOpset(domain))
            {
                return false;
            }
        }
        return true;
    }

    public static Outcome Run(string caseDir)
    {
        var name = Path.GetFileName(caseDir);
        OnnxModel model;
        try
        {
            model = OnnxModel.Load(Path.Combine(caseDir, "model.onnx"));
        }
        catch (MlOpsException)
        {
            return new Outcome(name, false, null);
        }
        if (!InScope(model))
        {
            return new Outcome(name, false, null);
        }
        try
        {
            var session = InferenceSession.Create(model, name);
            var runtimeInputs = model.Graph.RuntimeInputs.ToList();
            foreach (var set in Directory.GetDirectories(caseDir, "test_data_set_*").Order(StringComparer.Ordinal))
            {
                var inputs = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
                var inputFiles = Directory.GetFiles(set, "input_*.pb");
                for (var i = 0; i < inputFiles.Length; i++)
                {
                    var tensor = ReadTensor(Path.Combine(set, $"input_{i}.pb"));
                    var inputName = tensor.Name.Length > 0 && runtimeInputs.Any(r => r.Name == tensor.Name) ? tensor.Name : runtimeInputs[i].Name;
                    inputs[inputName] = TensorConversion.FromOnnx(tensor);
                }
                var outputs = session.Run(inputs);
                var outputFiles = Directory.GetFiles(set, "output_*.pb");
                for (var i = 0; i < outputFiles.Length; i++)
                {
                    var expectedTensor = ReadTensor(Path.Combine(set, $"output_{i}.pb"));
                    var outputName = model.Graph.Outputs[i].Name;
                    var expected = TensorConversion.FromOnnx(expectedTensor);
                    var difference = Compare.Difference(expected, outputs[outputName], atol: 1e-7, rtol: 1e-3);
                    if (difference is not null)
                    {
                        return new Outcome(name, true, $"{Path.GetFileName(set)} output '{outputName}': {difference}");
                    }
                }
            }
            return new Outcome(name, true, null);
        }
        catch (MlOpsException e)
        {
            return new Outcome(name, true, e.Message);
        }
    }

    /// <summary>
    /// Reads a serialized TensorProto with the onnx-io parser: MlOps.Onnx has no public TensorProto reader, so the
    /// bytes are wrapped as the only initializer of a minimal ModelProto (three length-delimited fields).
    /// </summary>
    public static OnnxTensor ReadTensor(string path)
    {
        var tensor = File.ReadAllBytes(path);
        var initializer = Field(5, tensor);
        var graph = Field(7, initializer);
        byte[] header = [0x08, 0x08, 0x42, 0x02, 0x10, 0x0D]; // ir_version 8; opset_import { version 13 }
        var model = header.Concat(graph).ToArray();
        return OnnxModel.Parse(model, path).Graph.Initializers[0];
    }

    private static byte[] Field(int number, byte[] payload)
    {
        var bytes = new List<byte> { (byte)((number << 3) | 2) };
        var length = (ulong)payload.Length;
        while (length >= 0x80)
        {
            bytes.Add((byte)(length | 0x80));
            length >>= 7;
        }
        bytes.Add((byte)length);
        bytes.AddRange(payload);
        return bytes.ToArray();
    }
}
