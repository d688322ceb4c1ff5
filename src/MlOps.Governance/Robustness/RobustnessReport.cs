namespace MlOps.Governance.Robustness;

/// <summary>One feature's stability under each perturbation kind.</summary>
/// <param name="Name">The data column.</param>
/// <param name="IsText">Whether the model reads it as text (categorical) rather than a number.</param>
/// <param name="Kinds">Each kind's outcome, in <see cref="PerturbationKinds.All"/> order.</param>
public sealed record FeatureStability(string Name, bool IsText, IReadOnlyList<(PerturbationKind Kind, Stability Result)> Kinds)
{
    /// <summary>The outcome of <paramref name="kind"/>.</summary>
    public Stability Of(PerturbationKind kind) => Kinds.First(k => k.Kind == kind).Result;
}

/// <summary>The robustness evidence: per-feature stability, the overall figures, the monotonic constraints and the stage's checks.</summary>
public sealed record RobustnessReport
{
    /// <summary>The source digest of the model.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>The data file's name.</summary>
    public required string DataFile { get; init; }

    /// <summary>The data file's sha256.</summary>
    public string? DataSha256 { get; init; }

    /// <summary>Rows perturbed.</summary>
    public required long Rows { get; init; }

    /// <summary>The request (label, positive, threshold, jitter, seed, steps, limits).</summary>
    public required RobustnessRequest Request { get; init; }

    /// <summary>The model output used as the score.</summary>
    public required string ScoreOutput { get; init; }

    /// <summary>Each feature the model reads, in input order.</summary>
    public required IReadOnlyList<FeatureStability> Features { get; init; }

    /// <summary>Each constraint of the card, in card order.</summary>
    public required IReadOnlyList<MonotonicResult> Monotonic { get; init; }

    /// <summary>The largest flip rate of any feature under jitter or swap (NaN when none applied).</summary>
    public double MaxFlipRate => MaxOf(PerturbationKind.Jitter, PerturbationKind.Swap).Rate;

    /// <summary>Where <see cref="MaxFlipRate"/> is: "feature/kind", or null.</summary>
    public string? MaxFlipRateAt => MaxOf(PerturbationKind.Jitter, PerturbationKind.Swap).At;

    /// <summary>The largest flip rate of any feature when its value is missing (NaN when none applied).</summary>
    public double MaxMissingFlipRate => MaxOf(PerturbationKind.Missing).Rate;

    /// <summary>Rows that violate a monotonic constraint, summed over the constraints.</summary>
    public long MonotonicViolations => Monotonic.Sum(m => m.Violations);

    /// <summary>The pooled outcome of <paramref name="kind"/> over every feature.</summary>
    public Stability Pooled(PerturbationKind kind)
    {
        var pooled = new Stability();
        foreach (var f in Features)
        {
            pooled.Add(f.Of(kind));
        }
        return pooled;
    }

    /// <summary>Whether the stage's flip-rate check (when asked for) holds.</summary>
    public bool FlipRatePassed => Request.MaxFlipRate is not { } max || !(MaxFlipRate > max);

    /// <summary>Every constraint holds and the flip-rate check passed.</summary>
    public bool Passed => FlipRatePassed && Monotonic.All(m => m.Passed);

    private (double Rate, string? At) MaxOf(params PerturbationKind[] kinds)
    {
        (double Rate, string? At) best = (double.NaN, null);
        foreach (var f in Features)
        {
            foreach (var kind in kinds)
            {
                var rate = f.Of(kind).FlipRate;
                if (!double.IsNaN(rate) && (double.IsNaN(best.Rate) || rate > best.Rate))
                {
                    best = (rate, $"{f.Name}/{PerturbationKinds.Word(kind)}");
                }
            }
        }
        return best;
    }
}
