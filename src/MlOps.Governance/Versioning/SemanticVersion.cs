using System.Text.RegularExpressions;
using MlOps.Diagnostics;

namespace MlOps.Governance.Versioning;

/// <summary>
/// A Semantic Versioning 2.0.0 version (https://semver.org): MAJOR.MINOR.PATCH, optional pre-release
/// and build metadata. Artefact names and manifests carry the text exactly as given once it validates.
/// </summary>
public sealed partial class SemanticVersion
{
    private SemanticVersion(string text, long major, long minor, long patch, string preRelease, string build)
    {
        Text = text;
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
        Build = build;
    }

    /// <summary>The version as written.</summary>
    public string Text { get; }

    /// <summary>Major version.</summary>
    public long Major { get; }

    /// <summary>Minor version.</summary>
    public long Minor { get; }

    /// <summary>Patch version.</summary>
    public long Patch { get; }

    /// <summary>Pre-release identifiers without the leading '-', or "".</summary>
    public string PreRelease { get; }

    /// <summary>Build metadata without the leading '+', or "".</summary>
    public string Build { get; }

    /// <summary>True when <paramref name="text"/> is a SemVer 2 version.</summary>
    public static bool TryParse(string? text, out SemanticVersion? version)
    {
        version = null;
        if (text is null)
        {
            return false;
        }
        var match = SemVerPattern().Match(text);
        if (!match.Success
            || !long.TryParse(match.Groups["major"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major)
            || !long.TryParse(match.Groups["minor"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minor)
            || !long.TryParse(match.Groups["patch"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }
        version = new SemanticVersion(text, major, minor, patch, match.Groups["pre"].Value, match.Groups["build"].Value);
        return true;
    }

    /// <summary>Parses or throws MLOPS108 naming where the version came from.</summary>
    /// <param name="text">The version text.</param>
    /// <param name="source">Where it came from, for the message (a file, or a description such as "the given version").</param>
    /// <param name="line">The line in <paramref name="source"/>, if known.</param>
    /// <param name="column">The column in <paramref name="source"/>, if known.</param>
    /// <param name="input">The setting the version came from, when it was not read from a file.</param>
    public static SemanticVersion Parse(string? text, string? source = null, long? line = null, long? column = null, UserInput? input = null)
    {
        if (TryParse(text, out var version))
        {
            return version!;
        }
        throw new MlOpsException(
            $"'{text}' is not a Semantic Versioning 2.0.0 version (MAJOR.MINOR.PATCH[-prerelease][+build], no leading zeros).",
            file: source, line: line, column: column,
            fix: "Use a version such as 1.0.0 or 2.1.0-rc.1.",
            diagnostic: DiagnosticCatalog.InvalidVersion, inputs: input is null ? null : [input.Example("1.0.0")]);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    // The official regular expression from semver.org, with named groups.
    [GeneratedRegex(@"^(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)(?:-(?<pre>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+(?<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemVerPattern();
}
