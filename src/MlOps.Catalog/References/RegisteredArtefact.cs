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
    /// <exception cref="MlOpsException">No file there (MLOPS168): it must be pulled or copied first.</exception>
    public static string Locate(VersionRecord version, string? given)
    {
        ArgumentNullException.ThrowIfNull(version);
        var path = given ?? version.Location;
        if (path is null || !File.Exists(path))
        {
            throw new MlOpsException(
                $"The artefact of {version.Model} {version.Version} (sha256:{version.Digest}) is not at {(path is null ? "a known location" : $"'{path}'")}.",
                path, fix: "Pull or copy the registered artefact to a local file and name its path.",
                diagnostic: DiagnosticCatalog.PromotionArtefactUnavailable, inputs: [UserInputs.Model]);
        }
        return path;
    }
}
