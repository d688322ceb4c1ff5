using System.Text.Json.Nodes;
using Microsoft.ML;
using MlOps.Governance.Evidence;
using MlOps.Hashing;
using MlOps.IO;

namespace CreditRisk.Trainer;

/// <summary>One training run: read, split, fit the ML.NET pipeline, export ONNX, write the training evidence.</summary>
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

        var ml = new MLContext(MlNetSeed(options.Seed));
        var model = Fit(ml, LabelledCreditApplication.From(data, train), options);
        progress?.Invoke($"fitted {CreditRiskPipeline.DescribeTrainer(options)["name"]} (ML.NET {CreditRiskPipeline.VersionOf(typeof(MLContext))}, one thread)");

        var onnx = Export(ml, model);
        var modelPath = Path.Combine(options.OutputFolder, TrainingOptions.ModelFileName);
        AtomicFile.Write(modelPath, onnx);
        var modelSha256 = Sha256Hex.Of(onnx);
        progress?.Invoke($"wrote {modelPath} (sha256 {modelSha256})");

        var record = Record(options, data, train.Length, evaluation.Length, modelSha256,
            Sha256Hex.OfFile(trainPath), Sha256Hex.OfFile(evaluationPath));
        var recordPath = Path.Combine(options.OutputFolder, TrainingOptions.RecordFileName);
        var evidencePath = Path.Combine(options.OutputFolder, TrainingOptions.EvidenceFolderName, TrainingOptions.RecordFileName);
        // The same bytes twice: out/training.json is what the reproducibility stage reads the seed from; the evidence
        // folder's copy is packed into the artefact, where the card renders the hyperparameters from it.
        EvidenceDocument.Write(recordPath, record);
        Directory.CreateDirectory(Path.GetDirectoryName(evidencePath)!);
        EvidenceDocument.Write(evidencePath, record);
        return new TrainingResult(modelPath, trainPath, evaluationPath, recordPath, evidencePath, modelSha256);
    }

    /// <summary>Fits the pipeline on <paramref name="rows"/>; the same seed, rows and options give the same model.</summary>
    public static ITransformer Fit(MLContext ml, IEnumerable<LabelledCreditApplication> rows, TrainingOptions options) =>
        CreditRiskPipeline.Create(ml, options).Fit(ml.Data.LoadFromEnumerable(rows));

    /// <summary>
    /// The ONNX bytes of the fitted pipeline. The graph inputs are the columns of <see cref="CreditApplication"/> (no
    /// label, no sensitive column); the outputs <see cref="CreditRiskPipeline.OnnxOutputs"/> only, not the
    /// intermediate columns ML.NET would otherwise export too.
    /// </summary>
    public static byte[] Export(MLContext ml, ITransformer model)
    {
        var inputs = ml.Data.LoadFromEnumerable(Array.Empty<CreditApplication>());
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, inputs, stream, [.. CreditRiskPipeline.OnnxOutputs]);
        return stream.ToArray();
    }

    /// <summary>ML.NET takes an int seed: the recorded seed folded into its non-negative range.</summary>
    public static int MlNetSeed(ulong seed) => (int)(seed % int.MaxValue);

    // The training evidence: everything that decided the model, and nothing that changes between identical runs
    // (no clock, no machine, no absolute path), so retraining with the recorded seed gives the same bytes.
    private static JsonObject Record(TrainingOptions options, CreditDataSet data, int trainRows, int evaluationRows,
        string modelSha256, string trainSha256, string evaluationSha256)
    {
        var record = EvidenceDocument.Create(EvidenceKinds.Training, modelSha256, EvidenceVerdicts.Info);
        record["trainer"] = CreditRiskPipeline.DescribeTrainer(options);
        record["seed"] = options.Seed;
        record["pipeline"] = CreditRiskPipeline.Describe();
        record["data"] = EvidenceDocument.DataReference(data.Path, Sha256Hex.OfFile(data.Path), data.Rows.Count);
        record["split"] = new JsonObject
        {
            ["method"] = "stratified by label, SplitMix64 Fisher-Yates shuffle",
            ["evaluationFraction"] = options.EvaluationFraction,
            ["trainRows"] = trainRows,
            ["evaluationRows"] = evaluationRows,
            ["trainSha256"] = trainSha256,
            ["evaluationSha256"] = evaluationSha256,
        };
        record["label"] = GermanCreditSchema.Label;
        record["positiveLabel"] = GermanCreditSchema.PositiveLabel;
        record["sensitiveFeatures"] = new JsonArray([.. GermanCreditSchema.SensitiveFeatures.Select(s => (JsonNode)s)]);
        record["export"] = new JsonObject
        {
            ["converter"] = "Microsoft.ML.OnnxConverter",
            ["converterVersion"] = CreditRiskPipeline.VersionOf(typeof(OnnxExportExtensions)),
            ["outputs"] = new JsonArray([.. CreditRiskPipeline.OnnxOutputs.Select(o => (JsonNode)(o + ".output"))]),
            ["scoreOutput"] = CreditRiskPipeline.ScoreOutput,
        };
        return record;
    }
}

/// <summary>The files a training run wrote.</summary>
public sealed record TrainingResult(string ModelPath, string TrainPath, string EvaluationPath, string RecordPath,
    string EvidencePath, string ModelSha256);
