// The governed pipeline of this model project: ./build.sh (or ./build.ps1) runs it.
//   ./build.sh                       Default: train, evaluate, fairness, drift, pack, gate
//   ./build.sh --target Train        one stage; the stages are in build/governance.cake
//   ./build.sh --allow-gate-failure  report a failed gate without failing the run (a failed gate fails it by default)
//   ./build.sh --policy governance-policy.strict.yaml   try the gate with a stricter policy
// build/governance.cake is the same file as in the MlOpsBuild repository (the template pack carries it);
// `mlops` is the MlOps.Cli tool pinned in .config/dotnet-tools.json.
#load "build/governance.cake"

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");

// What the stages need to know about this model. Change these when you change the data or the label.
Setup<GovernanceContext>(ctx => new GovernanceContext(ctx, MakeAbsolute(Directory(".")), configuration,
    HasArgument("mlops-dll") ? MlopsCommand.Dll(Argument<string>("mlops-dll")) : MlopsCommand.LocalTool())
{
    Label = "credit_risk",
    Positive = "good",
    // The trainer's ML.NET export has three outputs (PredictedLabel, Score, Probability): the stages score with P(good).
    OutputColumn = "Probability.output",
    Sensitive = new[] { "sex", "age_group" },
    Privileged = new[] { "sex=male", "age_group=gt_25" },
    EvaluationThresholds = new[] { "accuracy>=0.7", "rocAuc>=0.7" },
});

Task("Default")
    .Description("The whole governed pipeline.")
    .IsDependentOn("Governed");

RunTarget(target);
