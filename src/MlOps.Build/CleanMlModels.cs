using Microsoft.Build.Framework;
using MlOps.Attestations.Bundles;
using MlOps.Build.Claims;
using MlOps.Governance.Artefacts;
using MlOps.Release.Bom;

namespace MlOps.Build;

/// <summary>
/// `dotnet clean` for the artefacts: deletes what this project wrote into $(MlOpsOutputDirectory) and releases
/// its claims (docs/MLOPS127.md), but never another project's artefact in a shared folder. Used by
/// MlOps.Build.targets after Clean.
/// </summary>
public sealed class CleanMlModels : Microsoft.Build.Utilities.Task
{
    /// <summary>What an artefact's stem (&lt;name&gt;-&lt;version&gt;) is written as, besides the claim.</summary>
    private static readonly string[] Suffixes = [".mlpkg", ".mlpkg.sha256", ".model-card.md", ".model-card.html", ".model-card.json", CycloneDx.FileSuffix];

    /// <summary>The resolved MlModel items, with metadata PackagePath (the artefact path).</summary>
    [Required]
    public ITaskItem[] Models { get; set; } = [];

    /// <summary>The project file ($(MSBuildProjectFullPath)): the owner its claims name.</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>Where the artefacts go ($(MlOpsOutputDirectory)): every claim of this project there is released,
    /// also those of models renamed since they were built.</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <inheritdoc />
    public override bool Execute()
    {
        var claimed = Directory.Exists(OutputDirectory)
            ? Directory.EnumerateFiles(OutputDirectory, "*" + ArtefactPaths.Extension + ArtefactClaim.Extension).Select(ArtefactClaim.ArtefactOf)
            : [];
        var artefacts = Models.Select(m => m.GetMetadata("PackagePath"))
            .Where(p => p.Length > 0)
            .Select(Path.GetFullPath)
            .Concat(claimed)
            .Distinct(StringComparer.Ordinal);
        foreach (var artefact in artefacts)
        {
            try
            {
                if (!ArtefactClaim.MayDelete(artefact, ProjectFile, out var holder))
                {
                    Log.LogMessage(MessageImportance.Normal, "MlOps: kept {0}: its claim names {1}", artefact,
                        string.IsNullOrEmpty(holder) ? "no project" : holder);
                    continue;
                }

                // The claim goes last: until then no other project can start writing files this loop deletes.
                var stem = artefact[..^ArtefactPaths.Extension.Length];
                // The attestation bundle goes only while it holds nothing but provenance, which the next build writes
                // again: approvals and releases are people's decisions, and a reproducible rebuild gives the same
                // bytes they were made for.
                var bundle = AttestationBundle.PathFor(artefact);
                if (AttestationBundle.HoldsOnlyProvenance(bundle))
                {
                    File.Delete(bundle);
                }
                else
                {
                    Log.LogMessage(MessageImportance.High, "MlOps: kept {0}: it holds approvals or releases (docs/attestations.md)", bundle);
                }
                foreach (var file in Suffixes.Select(s => stem + s).Append(ArtefactClaim.PathFor(artefact)))
                {
                    File.Delete(file);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Like MSBuild's own Delete task: a file that cannot be removed does not fail the clean.
                Log.LogWarning("MlOps: could not remove {0} and its files: {1}", artefact, error.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }
}
