using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Models;
using MlOps.Governance.Scoring;
using MlOps.Governance.Statistics;
using MlOps.Governance.Tabular;
using MlOps.Onnx.Evaluation;
using InputBatch = MlOps.Governance.Scoring.InputBinding.InputBatch;

namespace MlOps.Governance.Robustness;

/// <summary>
/// The robustness stage: scores the evaluation rows, then perturbed copies of them (each feature jittered, swapped or
/// missing in turn), and counts how often the predicted label flips and how far the score moves; then moves each
/// feature the card constrains across its observed range, row by row, and counts the rows whose score moves the
/// wrong way. Two streaming passes in batches (a profile, then the perturbations), so memory stays flat.
/// </summary>
/// <remarks>
/// Deterministic whatever the batch size or the number of threads: every random draw comes from a generator seeded by
/// the seed and the row's number, and each (feature, perturbation) keeps its own counts, added in row order.
/// </remarks>
public static class RobustnessService
{
    // A score that moves the wrong way by less than this is float rounding, not a violation.
    private const double MonotonicTolerance = 1e-6;

    /// <summary>Checks the request's settings before any work (the CLI runs this as its option validator).</summary>
    /// <exception cref="MlOpsException">A setting out of range.</exception>
    public static void Validate(RobustnessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.DecisionThreshold is < 0 or > 1 || double.IsNaN(request.DecisionThreshold))
        {
            throw new MlOpsException(Invariant($"The decision threshold must be within [0, 1] but is {request.DecisionThreshold:R}."),
                fix: "Give a probability between 0 and 1 as the decision threshold (a score at or above it is predicted positive).",
                inputs: [UserInputs.DecisionThreshold]);
        }
        if (!(request.Jitter >= 0) || double.IsInfinity(request.Jitter))
        {
            throw new MlOpsException(Invariant($"The jitter must be a fraction of a standard deviation, 0 or more, but is {request.Jitter:R}."),
                fix: "Give the jitter as a fraction of each feature's standard deviation, for example 0.1.", inputs: [UserInputs.Jitter]);
        }
        if (request.Steps is < 1 or > RobustnessRequest.MaxSteps)
        {
            throw new MlOpsException(Invariant($"The monotonic check takes 1 to {RobustnessRequest.MaxSteps} steps across a feature's range, not {request.Steps}."),
                fix: Invariant($"Give a number of steps from 1 to {RobustnessRequest.MaxSteps} (the default, {RobustnessRequest.DefaultSteps}, checks 11 values)."),
                inputs: [UserInputs.MonotonicSteps]);
        }
        if (request.MaxFlipRate is { } max && (max is < 0 or > 1 || double.IsNaN(max)))
        {
            throw new MlOpsException(Invariant($"The largest flip rate allowed must be within [0, 1] but is {max:R}."),
                fix: "Give the largest share of rows whose prediction may flip, for example 0.05.", inputs: [UserInputs.MaxFlipRate]);
        }
        CsvScorer.ValidateBatchSize(request.BatchSize);
        request.Csv.Validate();
    }

    /// <summary>Runs the stage.</summary>
    /// <param name="request">The model, the data and the settings.</param>
    /// <param name="progress">Rows done so far (profiled, then perturbed), now and then.</param>
    /// <exception cref="MlOpsException">Bad model or data, a constraint on a feature the model does not read (MLOPS201);
    /// nothing is written by this method.</exception>
    public static RobustnessReport Measure(RobustnessRequest request, IProgress<long>? progress = null)
    {
        Validate(request);
        var model = ModelFile.Open(request.ModelPath);
        var session = (request.Engine ?? ManagedEngine.Instance).Open(model);
        var (declared, card) = ConstraintsOf(request, model);
        var (binding, profiles, rows) = Profile(request, session, progress);
        var constraints = Constrain(declared, card, profiles);
        var run = new Run(request, session, model.Source, binding, profiles, constraints);
        run.Perturb(progress);
        return new RobustnessReport
        {
            ModelSha256 = model.SourceSha256,
            DataFile = Path.GetFileName(request.DataPath),
            DataSha256 = DataIdentity.Of(request.DataPath).Sha256,
            Rows = rows,
            Request = request,
            ScoreOutput = run.ScoreOutput!,
            Features = profiles.Select((p, i) => new FeatureStability(p.Name, p.IsText,
                PerturbationKinds.All.Select(k => (k, run.Results[i, (int)k])).ToList())).ToList(),
            Monotonic = run.Monotonic,
        };
    }

    // Pass 1: the columns the model reads (the label never counts as a feature), their moments and categories.
    private static (InputBinding, ColumnProfile[], long) Profile(RobustnessRequest request, IModelSession session, IProgress<long>? progress)
    {
        using var reader = TableReader.Open(request.DataPath, request.Csv);
        var label = reader.ColumnIndex(request.Label);
        var binding = InputBinding.Create(session, reader);
        var batch = binding.CreateBatch(request.BatchSize);
        var profiles = binding.Columns.Distinct().Where(c => c != label)
            .Select(c => new ColumnProfile(c, reader.Header[c], batch.IsText(c))).ToArray();
        long rows = 0;
        var more = true;
        while (more)
        {
            more = batch.Refill(reader);
            if (rows == 0 && batch.Count > 0)
            {
                foreach (var p in profiles.Where(p => !p.IsText))
                {
                    var kept = batch.GetNumber(0, p.Column);
                    batch.SetNumber(0, p.Column, double.NaN);
                    p.HoldsMissing = double.IsNaN(batch.GetNumber(0, p.Column));
                    batch.SetNumber(0, p.Column, kept);
                }
            }
            for (var r = 0; r < batch.Count; r++)
            {
                foreach (var p in profiles)
                {
                    p.Add(batch, r);
                }
            }
            rows += batch.Count;
            progress?.Report(rows);
        }
        if (rows == 0)
        {
            throw new MlOpsException("The evaluation data has a header but no rows; there is nothing to perturb.", request.DataPath, reader.HeaderLineNumber,
                "Pass the evaluation set, one row per example.", inputs: [UserInputs.Data]);
        }
        return (binding, profiles, rows);
    }

    // The card given, else the card an artefact's model carries, else the request's own constraints.
    private static (IReadOnlyList<MonotonicConstraint>, string?) ConstraintsOf(RobustnessRequest request, ModelFile model)
    {
        if (request.CardPath is { } path)
        {
            return (CardSourceParser.ParseFile(path).Monotonic, path);
        }
        if (model.Metadata(ModelMetadataKeys.Card) is { } text)
        {
            var source = $"{model.Source}#{ModelMetadataKeys.Card}";
            return (CardSourceParser.Parse(text, source).Monotonic, source);
        }
        return (request.Constraints, null);
    }

    // MLOPS201: every constraint names a numeric feature the model reads; said at the card line that declares it.
    private static (MonotonicConstraint Constraint, ColumnProfile Profile)[] Constrain(IReadOnlyList<MonotonicConstraint> declared, string? card, ColumnProfile[] profiles)
    {
        var result = new List<(MonotonicConstraint, ColumnProfile)>();
        foreach (var c in declared)
        {
            var profile = profiles.FirstOrDefault(p => p.Name == c.Feature);
            if (profile is null || profile.IsText)
            {
                var features = string.Join(", ", profiles.Where(p => !p.IsText).Select(p => $"'{p.Name}'"));
                throw new MlOpsException(
                    profile is null
                        ? $"The card's monotonic constraint names '{c.Feature}', a feature the model does not read. Its numeric features are {features}."
                        : $"The card's monotonic constraint names '{c.Feature}', which the model reads as text (a category); only a number can rise or fall.",
                    card, c.Line,
                    "Name a numeric feature of the model in the card's 'monotonic' field, or remove the constraint.",
                    DiagnosticCatalog.MonotonicFeatureUnknown, column: c.Column, inputs: [UserInputs.Card]);
            }
            result.Add((c, profile));
        }
        return result.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // Pass 2: the perturbations, batch by batch.
    private sealed class Run
    {
        private readonly RobustnessRequest _request;
        private readonly IModelSession _session;
        private readonly string _modelSource;
        private readonly InputBinding _binding;
        private readonly ColumnProfile[] _profiles;
        private readonly (MonotonicConstraint Constraint, ColumnProfile Profile)[] _constraints;
        private readonly string[] _outputOrder;
        private readonly double[] _gauss;
        private readonly double[] _pick;
        private readonly int _capacity;

        public Run(RobustnessRequest request, IModelSession session, string modelSource, InputBinding binding, ColumnProfile[] profiles,
            (MonotonicConstraint Constraint, ColumnProfile Profile)[] constraints)
        {
            _request = request;
            _session = session;
            _modelSource = modelSource;
            _binding = binding;
            _profiles = profiles;
            _constraints = constraints;
            _capacity = request.BatchSize;
            _outputOrder = session.Outputs.Select(o => o.Name).ToArray();
            _gauss = new double[profiles.Length * _capacity];
            _pick = new double[profiles.Length * _capacity];
            Results = new Stability[profiles.Length, PerturbationKinds.All.Count];
            for (var f = 0; f < profiles.Length; f++)
            {
                foreach (var kind in PerturbationKinds.All)
                {
                    Results[f, (int)kind] = new Stability { NotApplicable = WhyNot(profiles[f], kind) };
                }
            }
            Monotonic = constraints.Select(c => new MonotonicResult(c.Constraint, c.Profile.Moments.Min, c.Profile.Moments.Max)).ToList();
        }

        public Stability[,] Results { get; }

        public List<MonotonicResult> Monotonic { get; }

        public string? ScoreOutput { get; private set; }

        private string? WhyNot(ColumnProfile p, PerturbationKind kind) => kind switch
        {
            PerturbationKind.Jitter when p.IsText => "text: its values are swapped instead",
            PerturbationKind.Jitter when !(p.StandardDeviation > 0) => "constant on the evaluation rows (no standard deviation)",
            PerturbationKind.Swap when !p.IsText => "a number: it is jittered instead",
            PerturbationKind.Swap when p.Categories.Count < 2 => "fewer than two categories observed",
            PerturbationKind.Missing when !p.IsText && !p.HoldsMissing => "the model reads it as a whole number or a boolean, which cannot be missing",
            _ => null,
        };

        public void Perturb(IProgress<long>? progress)
        {
            using var reader = TableReader.Open(_request.DataPath, _request.Csv);
            var batch = _binding.CreateBatch(_capacity);
            var lines = new long[_capacity];
            var baseline = new double[_capacity];
            var tasks = new List<(int Feature, PerturbationKind Kind, int Constraint)>();
            for (var f = 0; f < _profiles.Length; f++)
            {
                tasks.AddRange(PerturbationKinds.All.Where(k => Results[f, (int)k].NotApplicable is null).Select(k => (f, k, -1)));
            }
            tasks.AddRange(_constraints.Select((_, c) => (-1, PerturbationKind.Jitter, c)));
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _request.Threads > 0 ? _request.Threads : Environment.ProcessorCount };
            long first = 0;
            var more = true;
            while (more)
            {
                more = batch.Refill(reader, (r, row) => lines[row] = r.LineNumber);
                if (batch.Count == 0)
                {
                    break;
                }
                Draw(first, batch.Count);
                Score(batch, baseline);
                for (var r = 0; r < batch.Count; r++)
                {
                    if (baseline[r] is not (>= 0 and <= 1))
                    {
                        throw new MlOpsException(
                            double.IsNaN(baseline[r])
                                ? $"The model gives no score (NaN) for the row on {reader.PositionOf(lines[r])}: the row has a missing or extreme value this model cannot score."
                                : Invariant($"The model's score '{ScoreOutput}' for the row on {reader.PositionOf(lines[r])} is {baseline[r]:R}, outside [0, 1]."),
                            _request.DataPath, lines[r],
                            double.IsNaN(baseline[r])
                                ? "Fill in the row's missing values, or use a model that handles missing values."
                                : "Name the model output that holds the positive class's probability (not a margin or a label).",
                            double.IsNaN(baseline[r]) ? DiagnosticCatalog.NoScore : null, inputs: [UserInputs.ModelOutputColumn]);
                    }
                }
                var from = first;
                Parallel.For(0, tasks.Count, parallel,
                    () => (Work: _binding.CreateBatch(_capacity), A: new double[_capacity], B: new double[_capacity]),
                    (t, _, local) =>
                    {
                        var (feature, kind, constraint) = tasks[t];
                        if (constraint >= 0)
                        {
                            Check(constraint, batch, from, local.Work, local.A, local.B);
                        }
                        else
                        {
                            Perturb(feature, kind, batch, baseline, local.Work, local.A);
                        }
                        return local;
                    },
                    _ => { });
                first += batch.Count;
                progress?.Report(first);
            }
        }

        // Every row's draws come from a generator seeded by the seed and the row's number, in feature order.
        private void Draw(long first, int count)
        {
            for (var r = 0; r < count; r++)
            {
                var random = new SeededRandom(_request.Seed ^ ((ulong)(first + r + 1) * 0x9E3779B97F4A7C15UL));
                for (var f = 0; f < _profiles.Length; f++)
                {
                    // Box–Muller: 1 − u is in (0, 1], so the logarithm is finite.
                    var u1 = 1 - random.NextDouble();
                    var u2 = random.NextDouble();
                    _gauss[(f * _capacity) + r] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                    _pick[(f * _capacity) + r] = random.NextDouble();
                }
            }
        }

        private void Perturb(int feature, PerturbationKind kind, InputBatch batch, double[] baseline, InputBatch work, double[] scores)
        {
            var p = _profiles[feature];
            batch.CopyTo(work);
            var noise = _request.Jitter * p.StandardDeviation;
            var categories = p.Categories;
            for (var r = 0; r < work.Count; r++)
            {
                switch (kind)
                {
                    case PerturbationKind.Jitter:
                        work.SetNumber(r, p.Column, work.GetNumber(r, p.Column) + (noise * _gauss[(feature * _capacity) + r]));
                        break;
                    case PerturbationKind.Swap:
                        work.SetText(r, p.Column, Swap(categories, work.GetText(r, p.Column), _pick[(feature * _capacity) + r]));
                        break;
                    default:
                        if (p.IsText)
                        {
                            work.SetText(r, p.Column, "");
                        }
                        else
                        {
                            work.SetNumber(r, p.Column, double.NaN);
                        }
                        break;
                }
            }
            Score(work, scores);
            var result = Results[feature, (int)kind];
            for (var r = 0; r < work.Count; r++)
            {
                result.Add(baseline[r], scores[r], _request.DecisionThreshold);
            }
        }

        // Another observed category, uniformly; a value that is not among them (empty, or past the category limit) may become any.
        private static string Swap(IReadOnlyList<string> categories, string value, double pick)
        {
            var own = -1;
            for (var i = 0; i < categories.Count; i++)
            {
                if (string.Equals(categories[i], value, StringComparison.Ordinal))
                {
                    own = i;
                    break;
                }
            }
            var choices = own < 0 ? categories.Count : categories.Count - 1;
            var j = Math.Min((int)(pick * choices), choices - 1);
            return categories[own >= 0 && j >= own ? j + 1 : j];
        }

        // Moves the feature across [min, max] in equal steps for every row and keeps each row's largest wrong-way move.
        private void Check(int constraint, InputBatch batch, long first, InputBatch work, double[] previous, double[] current)
        {
            var (c, p) = _constraints[constraint];
            var result = Monotonic[constraint];
            var worst = new MonotonicViolation?[batch.Count];
            var steps = p.Moments.Max > p.Moments.Min ? _request.Steps : 0;
            batch.CopyTo(work);
            for (var s = 0; s <= steps; s++)
            {
                var value = steps == 0 ? p.Moments.Min : p.Moments.Min + ((p.Moments.Max - p.Moments.Min) * s / steps);
                var lower = s == 0 ? value : p.Moments.Min + ((p.Moments.Max - p.Moments.Min) * (s - 1) / steps);
                for (var r = 0; r < work.Count; r++)
                {
                    work.SetNumber(r, p.Column, value);
                }
                Score(work, current);
                if (s > 0)
                {
                    for (var r = 0; r < work.Count; r++)
                    {
                        var candidate = new MonotonicViolation(first + r + 1, lower, value, previous[r], current[r]);
                        var amount = candidate.Amount(c.Direction);
                        if (amount > MonotonicTolerance && (worst[r] is null || amount > worst[r]!.Amount(c.Direction)))
                        {
                            worst[r] = candidate;
                        }
                    }
                }
                (previous, current) = (current, previous);
            }
            for (var r = 0; r < batch.Count; r++)
            {
                result.Add(worst[r]);
            }
        }

        private void Score(InputBatch batch, double[] into)
        {
            var outputs = _session.Run(batch.ToInputs());
            var columns = OutputColumns.From(outputs, _outputOrder);
            if (ScoreOutput is null)
            {
                lock (_outputOrder)
                {
                    ScoreOutput ??= Choose(columns.Names);
                }
            }
            columns.CopyNumbers(outputs, ScoreOutput, batch.Count, into);
        }

        private string Choose(IReadOnlyList<string> names)
        {
            if (_request.OutputColumn is not { } named)
            {
                return ScoredData.ChooseScoreColumn(names, _request.Positive, _modelSource);
            }
            return names.Contains(named, StringComparer.Ordinal) ? named : throw new MlOpsException(
                $"The model has no output '{named}'; its outputs are {string.Join(", ", names.Select(n => $"'{n}'"))}.", _modelSource,
                fix: "Name one of the model's outputs as the score (the positive class's probability).", inputs: [UserInputs.ModelOutputColumn]);
        }
    }
}
