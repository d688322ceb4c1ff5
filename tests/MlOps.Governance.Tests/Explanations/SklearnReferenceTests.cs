using System.Diagnostics;
using System.Text.Json;
using MlOps.Governance.Explanations;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Governance.Tests.Explanations;

/// <summary>
/// A fact that needs /usr/bin/python3 with scikit-learn and onnx (the independent reference). It skips on a developer
/// machine without them, naming the install script, and fails under CI=true.
/// </summary>
public sealed class SklearnFactAttribute : FactAttribute
{
    public SklearnFactAttribute()
    {
        if (!SklearnReferenceTests.SklearnAvailable.Value && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "needs /usr/bin/python3 with scikit-learn and onnx: run 'bash eng/install-test-deps.sh'";
        }
    }
}

/// <summary>Our permutation importance against scikit-learn's permutation_importance on the very same trees (exported to ONNX).</summary>
public sealed class SklearnReferenceTests : IDisposable
{
    internal static readonly Lazy<bool> SklearnAvailable = new(() =>
    {
        try
        {
            return File.Exists(ReferencePython.Interpreter) && Run("-c", "import sklearn, onnx, pandas").Code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-permutation-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SklearnFact]
    public void Random_forest_roc_auc_importance_agrees_with_scikit_learn_within_sampling_error() =>
        Compare("y", "classification", ImportanceMetric.RocAuc, 40);

    [SklearnFact]
    public void Gradient_boosting_rmse_importance_agrees_with_scikit_learn_within_sampling_error() =>
        Compare("hours_per_week", "regression", ImportanceMetric.Rmse, 30);

    private void Compare(string label, string task, ImportanceMetric metric, int repeats)
    {
        Assert.True(SklearnAvailable.Value, "python3 with scikit-learn and onnx is required (CI=true): run 'bash eng/install-test-deps.sh'");
        var (code, stdout, stderr) = Run(EvidenceTestData.ReferenceScript("permutation_importance_reference.py"), EvidenceTestData.Adult("adult-test-numeric-5k.csv"),
            label, task, repeats.ToString(System.Globalization.CultureInfo.InvariantCulture), _folder);
        Assert.True(code == 0, stderr);
        using var expected = JsonDocument.Parse(stdout);

        var report = ExplanationService.Explain(new ExplanationRequest
        {
            ModelPath = Path.Combine(_folder, "model.onnx"),
            DataPath = Path.Combine(_folder, "eval.csv"),
            Options = new PermutationImportanceOptions { Label = label, Metric = metric, Repeats = repeats, Seed = 3 },
        });

        // The unshuffled metric is a deterministic function of the same trees and rows: equal to float rounding.
        Assert.Equal(expected.RootElement.GetProperty("baseline").GetDouble(), report.Importance.Baseline, 5);
        var importance = expected.RootElement.GetProperty("importance");
        Assert.Equal(importance.EnumerateObject().Select(p => p.Name), report.Importance.Features.Select(f => f.Feature));
        foreach (var ours in report.Importance.Features)
        {
            var theirs = importance.GetProperty(ours.Feature);
            var (mean, std) = (theirs.GetProperty("mean").GetDouble(), theirs.GetProperty("std").GetDouble());
            // Different shuffles: the means are two estimates of one expectation; allow 3 combined standard errors.
            var bound = (3 * Math.Sqrt(((std * std) + (ours.Std * ours.Std)) / repeats)) + 1e-4;
            Assert.True(Math.Abs(mean - ours.Mean) <= bound,
                $"{ours.Feature}: ours {ours.Mean} ± {ours.Std}, scikit-learn {mean} ± {std}, bound {bound}");
        }
    }

    private static (int Code, string StdOut, string StdErr) Run(params string[] args)
    {
        var start = new ProcessStartInfo(ReferencePython.Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
