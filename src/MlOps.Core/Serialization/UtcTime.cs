using System.Globalization;

namespace MlOps.Serialization;

/// <summary>
/// The one way the product writes and reads a point in time: ISO 8601 in UTC to the second
/// (<c>2026-12-04T21:05:00Z</c>), in cards, provenance, approvals, release records, BOMs and dossiers alike.
/// </summary>
public static class UtcTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary><paramref name="time"/> in UTC, to the second.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>A Unix time (a reproducible clock such as SOURCE_DATE_EPOCH) in UTC, to the second.</summary>
    public static string FromUnixSeconds(long unixSeconds) => Format(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    /// <summary>Reads an ISO 8601 date or time; one without an offset (a bare date included) is taken as UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
