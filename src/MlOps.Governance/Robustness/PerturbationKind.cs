namespace MlOps.Governance.Robustness;

/// <summary>How a feature is perturbed.</summary>
public enum PerturbationKind
{
    /// <summary>A number plus Gaussian noise of a fraction of the feature's standard deviation.</summary>
    Jitter,

    /// <summary>A text value replaced by another category observed in the same column.</summary>
    Swap,

    /// <summary>The value removed: NaN for a number, empty for text.</summary>
    Missing,
}

/// <summary>The evidence words of <see cref="PerturbationKind"/>.</summary>
public static class PerturbationKinds
{
    /// <summary>Every kind, in evidence order.</summary>
    public static IReadOnlyList<PerturbationKind> All { get; } = [PerturbationKind.Jitter, PerturbationKind.Swap, PerturbationKind.Missing];

    /// <summary>"jitter", "swap" or "missing".</summary>
    public static string Word(PerturbationKind kind) => kind switch
    {
        PerturbationKind.Jitter => "jitter",
        PerturbationKind.Swap => "swap",
        _ => "missing",
    };
}
