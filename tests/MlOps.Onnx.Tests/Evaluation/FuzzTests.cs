using MlOps.Onnx.Evaluation;
using static MlOps.Onnx.Tests.Evaluation.TestModels;

namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>Mutated models (bit flips, truncations, byte overwrites) must only ever produce <see cref="MlOpsException"/>.</summary>
public sealed class FuzzTests
{
    [Fact]
    public void Thousands_of_mutated_models_fail_only_with_clean_errors()
    {
        byte[][] seeds =
        [
            LogisticRegression(1, 4, 3, zipMap: true, transform: "SOFTMAX"),
            TreeClassifier(Forest.Random(2, 3, 3, 4, 2, missingTracks: true), 4, 2, "LOGISTIC", [0.1f], missingTracks: true),
            TreeRegressor(Forest.Random(3, 3, 2, 4, 2, mixedModes: true), 4, 2, "AVERAGE"),
            Mlp(4, 4, 8, 1, 3),
            SvmClassifier(5, 4, 3, "RBF", probabilities: true),
            ScalerPipeline(6, 4),
        ];
        var x = Data(7, 5, 4, nanRate: 0.2);
        var random = new Random(2024);
        var loaded = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])seeds[i % seeds.Length].Clone();
            switch (random.Next(4))
            {
                case 0:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                case 1:
                    for (var f = random.Next(1, 4); f > 0; f--)
                    {
                        var at = random.Next(bytes.Length);
                        bytes[at] ^= (byte)(1 << random.Next(8));
                    }
                    break;
                case 2:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                default:
                    var start = random.Next(bytes.Length);
                    var length = Math.Min(bytes.Length - start, random.Next(1, 16));
                    random.NextBytes(bytes.AsSpan(start, length));
                    break;
            }
            try
            {
                var session = InferenceSession.Load(bytes, $"mutant{i}.onnx");
                loaded++;
                var inputs = session.Inputs.ToDictionary(input => input.Name, input => (OnnxValue)(input.Type?.ElementType switch
                {
                    OnnxDataType.Double => Tensor.Create(Array.ConvertAll(x.Data, v => (double)v), 5, 4),
                    OnnxDataType.Int64 => Tensor.Create(new long[20], 5, 4),
                    _ => x,
                }));
                session.Run(inputs);
            }
            catch (MlOpsException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }
        Assert.True(loaded > 0, "no mutant loaded at all; the fuzzing never reached the evaluator");
    }
}
