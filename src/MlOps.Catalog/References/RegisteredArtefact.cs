using MlOps.Catalog.Store;
using MlOps.Diagnostics;

namespace MlOps.Catalog.References;

/// <summary>Where a registered version's artefact file is, for the commands that need the file itself (promotion, a champion).</summary>
public static class RegisteredArtefact
{
    /// <summary>
    /// Where the artefact of <paramref name="version"/> is: <paramref name="given"/> when the caller names one, else the
    /// location it was registered from.
    /// </summary>
    /// <param name="version">The registered version.</param>
    /// <param name="given">The file the caller names instead, if any.</param>
    /// <param name="setting">The caller's setting that names such a file, for the fix (none when the caller has none).</param>
    /// <exception cref="MlOpsException">No file there (MLOPS168): it must be pulled or copied first.</exception>
    public static string Locate(VersionRecord version, string? given, UserInput? setting = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        var path = given ?? version.Location;
        if (path is null || !File.Exists(path))
        {
            throw new MlOpsException(
                $"The artefact of {version.Model} {version.Version} (sha256:{version.Digest}) is not at {(path is null ? "a known location" : $"'{path}'")}.",
                path, fix: "Pull or copy the registered artefact to a local file and name its path.",
                diagnostic: DiagnosticCatalog.PromotionArtefactUnavailable, inputs: setting is null ? [] : [setting]);
        }
        return path;
    }
}
