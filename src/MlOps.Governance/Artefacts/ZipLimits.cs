namespace MlOps.Governance.Artefacts;

/// <summary>
/// Caps that make reading an untrusted ZIP safe against zip bombs: how many entries, how large each one
/// and all of them together may claim (and really be) once inflated, and how much a deflated entry may expand.
/// </summary>
public sealed record ZipLimits
{
    /// <summary>The defaults: 10 000 entries, 4 GiB per entry, 8 GiB in total, ratio 200 above 1 MiB.</summary>
    public static ZipLimits Default { get; } = new();

    /// <summary>Most entries an archive may hold.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Largest uncompressed size of one entry, declared or real.</summary>
    public long MaxEntrySize { get; init; } = uint.MaxValue;

    /// <summary>Largest total uncompressed size of all entries.</summary>
    public long MaxTotalSize { get; init; } = 8L << 30;

    /// <summary>Largest uncompressed/compressed ratio of a deflated entry whose size exceeds <see cref="RatioThreshold"/>.</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Entries smaller than this are not ratio-checked (tiny repetitive files compress very well).</summary>
    public long RatioThreshold { get; init; } = 1 << 20;
}
