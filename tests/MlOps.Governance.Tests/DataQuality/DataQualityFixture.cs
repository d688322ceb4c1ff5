using MlOps.Governance.DataQuality;
using MlOps.Governance.Drift;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;
using MlOps.Onnx;

namespace MlOps.Governance.Tests.DataQuality;

/// <summary>
/// A small real setting for the data-quality checks: a model with numeric inputs a and b and a text input c that a
/// LabelEncoder (keys x, y) encodes, its training data, and the drift baseline profiled from it.
/// </summary>
internal sealed class DataQualityFixture : IDisposable
{
    public const string Training = "a,b,c,label\n1,10,x,good\n2,20,y,bad\n3,30,x,good\n4,40,y,good\n";

    public DataQualityFixture(bool encoder = true)
    {
        Folder = Directory.CreateTempSubdirectory("mlops-dq-").FullName;
        ModelPath = Path.Combine(Folder, "model.onnx");
        Model(encoder).Save(ModelPath);
        TrainingPath = Write("train.csv", Training);
        BaselinePath = Path.Combine(Folder, "drift-baseline.json");
        DriftBaselineJson.Write(BaselinePath, DriftBaselineBuilder.Build(TrainingPath));
    }

    public string Folder { get; }

    public string ModelPath { get; }

    public string TrainingPath { get; }

    public string BaselinePath { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Checks <paramref name="data"/> (CSV text) with the training data and the label unless told otherwise.</summary>
    public DataQualityReport Check(string data, bool training = true, string? label = "label", params string[] thresholds) =>
        DataQualityReport.Of(Pass(Write("eval.csv", data), training, label, thresholds).Profile);

    public DataQualityPass Pass(string dataPath, bool training = true, string? label = "label", params string[] thresholds) =>
        DataQualityChecker.Check(new DataQualityRequest
        {
            DataPath = dataPath,
            Model = ModelFile.Open(ModelPath),
            BaselinePath = BaselinePath,
            TrainingPath = training ? TrainingPath : null,
            Label = label,
            Thresholds = DataQualityThresholds.Default.With(thresholds),
        });

    public static DataQualityCheck CheckOf(DataQualityReport report, string id) => report.Checks.Single(c => c.Id == id);

    public static byte[] Bytes(DataQualityReport report, RowHashesReference? sidecar = null) => EvidenceDocument.ToBytes(DataQualityJson.ToJson(report, sidecar));

    // y = a + b + code(c): LabelEncoder(c) -> Cast -> Concat with a, b -> LinearRegressor. Or, without the encoder,
    // c only passes through an Identity to a second output (the graph then names no categories for c).
    private static OnnxModelBuilder Model(bool encoder)
    {
        const string Ml = "ai.onnx.ml";
        var builder = new OnnxModelBuilder()
            .Input("a", OnnxDataType.Float, "N", 1).Input("b", OnnxDataType.Float, "N", 1).Input("c", OnnxDataType.String, "N", 1)
            .Output("y", OnnxDataType.Float, "N", 1);
        if (encoder)
        {
            return builder
                .Node("Identity", ["c"], ["c1"])
                .Node("LabelEncoder", ["c1"], ["code"], [OnnxAttribute.Of("keys_strings", new[] { "x", "y" }), OnnxAttribute.Of("values_int64s", new long[] { 1, 2 })], domain: Ml)
                .Node("Cast", ["code"], ["codef"], [OnnxAttribute.Of("to", (long)OnnxDataType.Float)])
                .Node("Concat", ["a", "b", "codef"], ["abc"], [OnnxAttribute.Of("axis", 1L)])
                .Node("LinearRegressor", ["abc"], ["y"], [OnnxAttribute.Of("coefficients", new[] { 1f, 1f, 1f })], domain: Ml);
        }
        return builder.Output("c_out", OnnxDataType.String, "N", 1)
            .Node("Identity", ["c"], ["c_out"])
            .Node("Concat", ["a", "b"], ["ab"], [OnnxAttribute.Of("axis", 1L)])
            .Node("LinearRegressor", ["ab"], ["y"], [OnnxAttribute.Of("coefficients", new[] { 1f, 1f })], domain: Ml);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
