using MlOps.Diagnostics;
namespace MlOps.Governance.Artefacts;

/// <summary>
/// Entry-name rules that keep a ZIP from writing outside its target ("zip-slip"): relative, forward slashes,
/// no "." or ".." segments, no empty segments, no drive letters, backslashes or control characters.
/// </summary>
public static class ZipEntryNames
{
    /// <summary>Longest accepted name, in characters.</summary>
    public const int MaxLength = 512;

    /// <summary>Null when <paramref name="name"/> is safe, else why it is not.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "the name is empty";
        }
        if (name.Length > MaxLength)
        {
            return $"the name is longer than {MaxLength} characters";
        }
        if (name[0] == '/')
        {
            return "the name is an absolute path";
        }
        foreach (var c in name)
        {
            if (c < 0x20 || c == 0x7F)
            {
                return "the name contains a control character";
            }
            if (c is '\\' or ':')
            {
                return $"the name contains '{c}' (a Windows path separator or drive letter)";
            }
        }
        var trimmed = name.EndsWith('/') ? name[..^1] : name;
        foreach (var segment in trimmed.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "the name has an empty path segment";
            }
            if (segment is "." or "..")
            {
                return $"the name has a '{segment}' path segment";
            }
        }
        return null;
    }

    /// <summary>The full path of <paramref name="name"/> under <paramref name="targetDirectory"/>, refusing anything that would leave it.</summary>
    public static string ResolveUnder(string targetDirectory, string name)
    {
        var root = Path.GetFullPath(targetDirectory);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        var problem = Problem(name);
        var full = problem is null ? Path.GetFullPath(Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar))) : null;
        if (full is null || !full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new MlOpsException(
                $"Refusing the ZIP entry '{name}': {problem ?? "it resolves outside the target folder"}.",
                file: targetDirectory,
                fix: "The archive is malformed or malicious; obtain it again from a trusted source.",
                diagnostic: DiagnosticCatalog.UnsafeEntryName);
        }
        return full;
    }
}
