namespace MlOps.Governance.Artefacts;

/// <summary>The MS-DOS date and time a ZIP header holds (2-second resolution, 1980..2107, no time zone).</summary>
public readonly record struct DosTimestamp(ushort Time, ushort Date)
{
    /// <summary>1980-01-01T00:00:00Z, the earliest time a ZIP can hold, as Unix seconds.</summary>
    public const long MinEpochSeconds = 315532800;

    /// <summary>The DOS timestamp of a Unix time (UTC), clamped to the representable range.</summary>
    public static DosTimestamp FromUnixSeconds(long seconds)
    {
        var max = new DateTimeOffset(2107, 12, 31, 23, 59, 58, TimeSpan.Zero).ToUnixTimeSeconds();
        var t = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, MinEpochSeconds, max)).UtcDateTime;
        var time = (ushort)((t.Hour << 11) | (t.Minute << 5) | (t.Second / 2));
        var date = (ushort)(((t.Year - 1980) << 9) | (t.Month << 5) | t.Day);
        return new DosTimestamp(time, date);
    }

    /// <summary>The UTC time this timestamp denotes.</summary>
    public DateTime ToDateTime()
    {
        var year = 1980 + (Date >> 9);
        var month = Math.Clamp((Date >> 5) & 0xF, 1, 12);
        var day = Math.Clamp(Date & 0x1F, 1, DateTime.DaysInMonth(year, month));
        var hour = Math.Min(Time >> 11, 23);
        var minute = Math.Min((Time >> 5) & 0x3F, 59);
        var second = Math.Min((Time & 0x1F) * 2, 59);
        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
    }
}
