using System.Globalization;
using MlOps.Diagnostics;

namespace MlOps.Governance.Lineage;

/// <summary>
/// The one clock inside an artefact (https://reproducible-builds.org/specs/source-date-epoch/): an explicit
/// value, else the SOURCE_DATE_EPOCH environment variable, else the commit time, else 1980-01-01.
/// </summary>
public static class SourceDateEpoch
{
    /// <summary>1980-01-01T00:00:00Z, the earliest ZIP time.</summary>
    public const long Fallback = 315532800;

    /// <summary>Resolves the timestamp. A malformed environment value is an error, not silently ignored.</summary>
    public static long Resolve(long? explicitValue, GitState? git)
    {
        if (explicitValue is { } value)
        {
            return value;
        }
        var env = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (!string.IsNullOrWhiteSpace(env))
        {
            if (!long.TryParse(env.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new MlOpsException($"SOURCE_DATE_EPOCH is '{env}', not a count of seconds since 1970-01-01.",
                    fix: "Set SOURCE_DATE_EPOCH to a non-negative integer (for example $(git log -1 --format=%ct)) or unset it.",
                    diagnostic: DiagnosticCatalog.InvalidSourceDateEpochVariable);
            }
            return parsed;
        }
        return git?.CommitTime ?? Fallback;
    }
}
