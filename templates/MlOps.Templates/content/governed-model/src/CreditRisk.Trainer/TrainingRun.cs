using System.Text;
using System.Text.Json;
using MlOps.Hashing;

namespace CreditRisk.Trainer;

/// <summary>One training run: read, split, fit, export ONNX, write the training record.</summary>
public static class TrainingRun
{
    /// <summary>Runs the whole training and returns what it wrote.</summary>
    /// <param name="options">Inputs, outputs and hyperparameters.</param>
    /// <param name="progress">Receives one line per step (the CLI prints it on stderr).</param>
    public static TrainingResult Execute(TrainingOptions options, Action<string>? progress = null)
    {
        Directory.CreateDirectory(options.OutputFolder);
        var data = CreditDataSet.Load(options.DataPath);
        var labelColumn = data.Column(GermanCreditSchema.Label);
        var labels = data.Rows.Select(r => r[labelColumn]).ToArray();
        var (train, evaluation) = StratifiedSplit.Split(labels, options.EvaluationFraction, options.Seed);
        progress?.Invoke($"split {data.Rows.Count} rows: {train.Length} train, {evaluation.Length} evaluation (seed {options.Seed})");

        var trainPath = Path.Combine(options.OutputFolder, TrainingOptions.TrainFileName);
        var evaluationPath = Path.Combine(options.OutputFolder, TrainingOptions.EvaluationFileName);
        data.Write(trainPath, train);
        data.Write(evaluationPath, evaluation);

        var pipeline = FeaturePipeline.Fit(data, train);
        var x = pipeline.Transform(data, train);
        var y = train.Select(r => labels[r] == GermanCreditSchema.PositiveLabel ? 1 : 0).ToArray();
        var model = LogisticRegression.Fit(x, y, options.L2, options.MaxIterations, options.Tolerance,
            (step, loss) => progress?.Invoke($"newton step {step}: training log loss {GermanCreditSchema.Format(loss)}"));

        var onnx = CreditRiskOnnxExport.Build(pipeline, model);
        var modelPath = Path.Combine(options.OutputFolder, TrainingOptions.ModelFileName);
        WriteAtomically(modelPath, onnx);
        var modelSha256 = Sha256Hex.Of(onnx);
        progress?.Invoke($"wrote {modelPath} (sha256 {modelSha256})");

        var recordPath = Path.Combine(options.OutputFolder, TrainingOptions.RecordFileName);
        WriteAtomically(recordPath, Record(options, data, train.Length, evaluation.Length, pipeline, model, modelSha256,
            Sha256Hex.OfFile(trainPath), Sha256Hex.OfFile(evaluationPath)));
        return new TrainingResult(modelPath, trainPath, evaluationPath, recordPath, modelSha256, model.Iterations,
            model.TrainingLogLoss);
    }

    // The record is what the reproducibility stage reads back: the command's inputs and the hashes to compare.
    private static byte[] Record(TrainingOptions options, CreditDataSet data, int trainRows, int evaluationRows,
        FeaturePipeline pipeline, LogisticRegression model, string modelSha256, string trainSha256, string evaluationSha256)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("schema", "mlops.training/v1");
            json.WriteString("trainer", "CreditRisk.Trainer (L2 logistic regression, Newton/IRLS)");
            json.WriteNumber("seed", options.Seed);
            json.WriteStartObject("data");
            json.WriteString("file", Path.GetFileName(data.Path));
            json.WriteString("sha256", Sha256Hex.OfFile(data.Path));
            json.WriteNumber("rows", data.Rows.Count);
            json.WriteEndObject();
            json.WriteStartObject("split");
            json.WriteString("method", "stratified by label, SplitMix64 Fisher-Yates shuffle");
            json.WriteNumber("evaluationFraction", options.EvaluationFraction);
            json.WriteNumber("trainRows", trainRows);
            json.WriteNumber("evaluationRows", evaluationRows);
            json.WriteString("trainSha256", trainSha256);
            json.WriteString("evaluationSha256", evaluationSha256);
            json.WriteEndObject();
            json.WriteStartObject("hyperparameters");
            json.WriteNumber("l2", options.L2);
            json.WriteNumber("maxIterations", options.MaxIterations);
            json.WriteNumber("tolerance", options.Tolerance);
            json.WriteEndObject();
            json.WriteString("label", GermanCreditSchema.Label);
            json.WriteString("positiveLabel", GermanCreditSchema.PositiveLabel);
            json.WriteStartArray("sensitiveFeatures");
            foreach (var name in GermanCreditSchema.SensitiveFeatures)
            {
                json.WriteStringValue(name);
            }
            json.WriteEndArray();
            json.WriteNumber("encodedFeatures", pipeline.Width);
            json.WriteNumber("iterations", model.Iterations);
            json.WriteNumber("trainingLogLoss", model.TrainingLogLoss);
            json.WriteString("modelSha256", modelSha256);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

/// <summary>The files a training run wrote and its headline figures.</summary>
public sealed record TrainingResult(string ModelPath, string TrainPath, string EvaluationPath, string RecordPath,
    string ModelSha256, int Iterations, double TrainingLogLoss);
