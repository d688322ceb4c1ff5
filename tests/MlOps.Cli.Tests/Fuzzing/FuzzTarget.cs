namespace MlOps.Cli.Tests.Fuzzing;

/// <summary>The kinds of input the fuzzer mutates.</summary>
internal enum FuzzFamily
{
    /// <summary>Data files (CSV).</summary>
    Csv,

    /// <summary>ONNX models.</summary>
    Onnx,

    /// <summary>Whole .mlpkg archives, mutated byte by byte (the sidecar of the original stays beside them).</summary>
    Archive,

    /// <summary>The manifest inside an otherwise well-framed archive whose comment digest matches it.</summary>
    Manifest,

    /// <summary>Model card source (YAML front matter and Markdown), gated in folder mode.</summary>
    Card,

    /// <summary>Gate policy YAML.</summary>
    Policy,
}

/// <summary>
/// One command the fuzzer runs on a mutated input, and what it may answer. Every target refuses a crash (exit 70, a
/// stack trace), a hang, more than one error line, and an output left behind by a failed run; <see cref="Allowed"/>
/// narrows the exit codes further where the input's kind decides the answer (a changed archive is never intact).
/// </summary>
/// <param name="Name">A short name for reports.</param>
/// <param name="Family">The kind of input it takes.</param>
/// <param name="FileName">The name the mutated input is written under.</param>
/// <param name="Weight">Its share of the run's budget.</param>
/// <param name="Allowed">The exit codes it may answer for a mutated input.</param>
/// <param name="Arguments">The command line, given the fixed files, the mutated input's path and the output folder.</param>
internal sealed record FuzzTarget(string Name, FuzzFamily Family, string FileName, int Weight, int[] Allowed,
    Func<FuzzSeeds, string, string, string[]> Arguments)
{
    /// <summary>Every target of the harness.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("score csv", FuzzFamily.Csv, "data.csv", 10, [0, 2],
            (s, input, output) => ["score", "--model", s.Model, "--data", input, "--out", Path.Combine(output, "scores.csv")]),
        new("drift baseline csv", FuzzFamily.Csv, "data.csv", 8, [0, 2],
            (s, input, output) => ["drift", "baseline", "--data", input, "--out", Path.Combine(output, "baseline.json")]),
        new("drift compare csv", FuzzFamily.Csv, "data.csv", 8, [0, 1, 2],
            (s, input, output) => ["drift", "compare", "--baseline", s.Baseline, "--data", input, "--out", Path.Combine(output, "drift.json")]),
        new("evaluate csv", FuzzFamily.Csv, "data.csv", 8, [0, 1, 2],
            (s, input, output) => ["evaluate", "--model", s.Model, "--data", input, "--label", "label", "--positive", "1",
                "--threshold", "rocAuc>=0.5", "--out", Path.Combine(output, "evaluation.json")]),
        new("fairness csv", FuzzFamily.Csv, "data.csv", 6, [0, 1, 2],
            (s, input, output) => ["fairness", "--model", s.Model, "--data", input, "--label", "label", "--positive", "1",
                "--sensitive", "group", "--out", Path.Combine(output, "fairness.json")]),
        new("data check csv", FuzzFamily.Csv, "data.csv", 6, [0, 1, 2],
            (s, input, output) => ["data", "check", "--data", input, "--model", s.Model, "--baseline", s.Baseline, "--training", s.Data,
                "--label", "label", "--out", Path.Combine(output, "data-quality.json")]),
        new("score onnx", FuzzFamily.Onnx, "model.onnx", 14, [0, 2],
            (s, input, output) => ["score", "--model", input, "--data", s.Data, "--out", Path.Combine(output, "scores.csv")]),
        new("repro onnx", FuzzFamily.Onnx, "model.onnx", 6, [0, 1, 2],
            (s, input, output) => ["repro", "--baseline", s.Model, "--candidate", input, "--data", s.Data, "--out", Path.Combine(output, "repro.json")]),
        // A changed archive beside the original's sidecar is never intact: verify must not answer 0.
        new("verify archive", FuzzFamily.Archive, "toy-1.0.0.mlpkg", 10, [1, 2],
            (s, input, output) => ["verify", input]),
        new("inspect archive", FuzzFamily.Archive, "toy-1.0.0.mlpkg", 4, [0, 1, 2],
            (s, input, output) => ["inspect", input, "--json"]),
        new("gate archive", FuzzFamily.Archive, "toy-1.0.0.mlpkg", 4, [1, 2],
            (s, input, output) => ["gate", input, "--out", Path.Combine(output, "gate.json")]),
        new("verify manifest", FuzzFamily.Manifest, "toy-1.0.0.mlpkg", 4, [0, 1, 2],
            (s, input, output) => ["verify", input]),
        new("inspect manifest", FuzzFamily.Manifest, "toy-1.0.0.mlpkg", 2, [0, 1, 2],
            (s, input, output) => ["inspect", input]),
        new("score manifest", FuzzFamily.Manifest, "toy-1.0.0.mlpkg", 2, [0, 1, 2],
            (s, input, output) => ["score", "--model", input, "--data", s.Data, "--out", Path.Combine(output, "scores.csv")]),
        new("gate manifest", FuzzFamily.Manifest, "toy-1.0.0.mlpkg", 2, [0, 1, 2],
            (s, input, output) => ["gate", input, "--out", Path.Combine(output, "gate.json")]),
        new("gate card", FuzzFamily.Card, "model-card.md", 8, [0, 1, 2],
            (s, input, output) => ["gate", Path.GetDirectoryName(input)!, "--model", s.Model, "--out", Path.Combine(output, "gate.json")]),
        new("gate policy", FuzzFamily.Policy, "policy.yaml", 4, [0, 1, 2],
            (s, input, output) => ["gate", s.Artefact, "--policy", input, "--out", Path.Combine(output, "gate.json")]),
    ];
}
