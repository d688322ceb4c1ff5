using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Runtime.Auditing;

/// <summary>
/// Segment file naming. Segment 1 is the path the log was opened with (for example
/// <c>logs/predictions.jsonl</c>); segment n ≥ 2 is <c>&lt;stem&gt;.&lt;n, six digits&gt;&lt;ext&gt;</c> beside it
/// (<c>logs/predictions.000002.jsonl</c>). Files are never renamed, so rotation cannot lose a record.
/// </summary>
public static partial class AuditSegments
{
    /// <summary>The path of segment <paramref name="index"/> (1-based) of the log whose first segment is <paramref name="firstSegment"/>.</summary>
    public static string PathOf(string firstSegment, int index)
    {
        if (index < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        if (index == 1)
        {
            return firstSegment;
        }
        var dir = Path.GetDirectoryName(firstSegment) ?? "";
        var stem = Path.GetFileNameWithoutExtension(firstSegment);
        var ext = Path.GetExtension(firstSegment);
        return Path.Combine(dir, stem + "." + index.ToString("D6", CultureInfo.InvariantCulture) + ext);
    }

    /// <summary>
    /// The existing segments of a log in index order, starting from the given first segment; stops
    /// at the highest index found (gaps are returned as missing paths so the verifier can name them).
    /// </summary>
    public static IReadOnlyList<(int Index, string Path, bool Exists)> Find(string firstSegment)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(firstSegment))!;
        var stem = Path.GetFileNameWithoutExtension(firstSegment);
        var ext = Path.GetExtension(firstSegment);
        var highest = File.Exists(firstSegment) ? 1 : 0;
        if (Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir, stem + ".*" + ext))
            {
                if (TryParseIndex(Path.GetFileName(file), stem, ext, out var index) && index > highest)
                {
                    highest = index;
                }
            }
        }
        var result = new List<(int, string, bool)>();
        for (var i = 1; i <= highest; i++)
        {
            var path = PathOf(firstSegment, i);
            result.Add((i, path, File.Exists(path)));
        }
        return result;
    }

    /// <summary>
    /// If <paramref name="path"/> names segment n ≥ 2 of a log (<c>stem.000002.ext</c>), the path of that
    /// log's first segment (whether or not it still exists, so a deleted first segment is reported);
    /// otherwise <paramref name="path"/> itself.
    /// </summary>
    public static string FirstSegmentOf(string path)
    {
        var match = SegmentName().Match(Path.GetFileName(path));
        if (!match.Success || int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture) < 2)
        {
            return path;
        }
        return Path.Combine(Path.GetDirectoryName(path) ?? "", match.Groups["stem"].Value + match.Groups["ext"].Value);
    }

    /// <summary>The index of a segment file name (1 when it is not a numbered segment name).</summary>
    internal static bool TryParseIndex(string fileName, string stem, string ext, out int index)
    {
        index = 0;
        if (!fileName.StartsWith(stem + ".", StringComparison.Ordinal) || !fileName.EndsWith(ext, StringComparison.Ordinal))
        {
            return false;
        }
        var middle = fileName.Substring(stem.Length + 1, fileName.Length - stem.Length - 1 - ext.Length);
        return middle.Length == 6 && middle.All(char.IsAsciiDigit)
            && int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index >= 2;
    }

    [GeneratedRegex(@"^(?<stem>.+)\.(?<index>\d{6})(?<ext>\.[^.]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentName();
}
