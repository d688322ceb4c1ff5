using CreditRisk.Trainer;
using MlOps.Cli;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Packaging;

namespace MlOps.Templates.Tests.Pipeline;

/// <summary>
/// Runs the sample's governed pipeline once, in-process and in a temp folder: the template's trainer,
/// then the same `mlops` commands build/governance.cake runs (through the CLI's own entry point), then
/// packaging with MlOps.Governance. Tests read the evidence, the artefact and the rendered card.
/// </summary>
public sealed class SamplePipelineFixture : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mlops-sample-");

    public SamplePipelineFixture()
    {
        Out = Path.Combine(_root.FullName, "out");
        Evidence = Path.Combine(Out, "evidence");
        // The trainer writes evidence/training.json itself (as the Train stage's run does).
        Training = TrainingRun.Execute(new TrainingOptions(RepositoryPaths.GermanCredit, Out));
        var retrained = TrainingRun.Execute(new TrainingOptions(RepositoryPaths.GermanCredit, Path.Combine(Out, "repro")));

        Mlops("evaluate", "--model", Training.ModelPath, "--data", Training.EvaluationPath, "--label", "credit_risk",
            "--positive", "good", "--output-column", CreditRiskPipeline.ScoreOutput, "--threshold", "accuracy>=0.7", "--threshold", "rocAuc>=0.7",
            "--out", EvidenceFile("evaluation"));
        Mlops("fairness", "--model", Training.ModelPath, "--data", Training.EvaluationPath, "--label", "credit_risk",
            "--positive", "good", "--output-column", CreditRiskPipeline.ScoreOutput, "--sensitive", "sex,age_group", "--privileged", "sex=male,age_group=gt_25",
            "--out", EvidenceFile("fairness"));
        // As the Robustness and Explain stages run them (build/governance.cake): the template policy requires both.
        Mlops("robustness", "--model", Training.ModelPath, "--data", Training.EvaluationPath, "--label", "credit_risk", "--positive", "good",
            "--output-column", CreditRiskPipeline.ScoreOutput, "--card", CardSource, "--seed", "20240611", "--out", EvidenceFile("robustness"));
        Mlops("explain", "--model", Training.ModelPath, "--data", Training.EvaluationPath, "--label", "credit_risk", "--positive", "good",
            "--output-column", CreditRiskPipeline.ScoreOutput, "--sensitive", "sex,age_group", "--out", EvidenceFile("explanations"));
        Mlops("drift", "baseline", "--data", Training.TrainPath, "--out", EvidenceFile("drift-baseline"));
        Mlops("data", "check", "--data", Training.EvaluationPath, "--model", Training.ModelPath, "--baseline", EvidenceFile("drift-baseline"),
            "--training", Training.TrainPath, "--label", "credit_risk", "--out", EvidenceFile("data-quality"));
        Mlops("drift", "compare", "--baseline", EvidenceFile("drift-baseline"), "--data", Training.EvaluationPath, "--out", EvidenceFile("drift-report"));
        Mlops("repro", "--baseline", Training.ModelPath, "--candidate", retrained.ModelPath, "--data", Training.EvaluationPath,
            "--out", EvidenceFile("reproducibility"));
        Mlops("gate", Evidence, "--card", CardSource, "--model", Training.ModelPath, "--version", SampleVersion,
            "--policy", Path.Combine(RepositoryPaths.TemplateContent, "governance-policy.yaml"), "--out", EvidenceFile("gate"));

        Package = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = Training.ModelPath,
            CardPath = CardSource,
            Version = SampleVersion,
            TrainingData = [Training.TrainPath],
            EvaluationData = [Training.EvaluationPath],
            EvidenceDirectory = Evidence,
            OutputDirectory = Path.Combine(_root.FullName, "bin"),
        });
    }

    /// <summary>The sample model project's &lt;Version&gt;, as the main job passes it to the gate and the build.</summary>
    public const string SampleVersion = "1.0.0";

    public string Out { get; }

    public string Evidence { get; }

    public TrainingResult Training { get; }

    public PackageResult Package { get; }

    public static string CardSource => Path.Combine(RepositoryPaths.TemplateContent, "src", "CreditRisk.Model", "model-card.md");

    public string EvidenceFile(string kind) => Path.Combine(Evidence, kind + ".json");

    public void Dispose() => _root.Delete(recursive: true);

    private static void Mlops(params string[] args)
    {
        var exit = MlOpsCommandLine.Run(args);
        if (exit is not (0 or 1))
        {
            throw new InvalidOperationException($"mlops {string.Join(' ', args)} exited with {exit}.");
        }
    }
}

/// <summary>The tests that read the sample pipeline's outputs share one run of it.</summary>
[CollectionDefinition(Name)]
public sealed class SamplePipelineCollection : ICollectionFixture<SamplePipelineFixture>
{
    public const string Name = "sample pipeline";
}
