using MlOps.Catalog.Store;
using MlOps.Diagnostics;

namespace MlOps.Catalog.References;

/// <summary>
/// How a user names a registered version: <c>name</c> (the latest registered), <c>name@1.2.0</c>,
/// <c>name@production</c> (or staging, candidate, archived) or <c>name@sha256:&lt;digest&gt;</c> (docs/catalog.md).
/// </summary>
/// <param name="Text">The reference as written.</param>
/// <param name="Model">The model name.</param>
/// <param name="Version">The SemVer version, when the reference names one.</param>
/// <param name="Stage">The stage, when the reference names one.</param>
/// <param name="Digest">The artefact digest (64 lowercase hex digits), when the reference names one.</param>
public sealed record ModelReference(string Text, string Model, string? Version, Stage? Stage, string? Digest)
{
    private const string DigestPrefix = "sha256:";

    /// <summary>Reads a reference.</summary>
    /// <exception cref="MlOpsException">Empty, no model name, or nothing after the '@' (MLOPS166).</exception>
    public static ModelReference Parse(string text)
    {
        var trimmed = (text ?? "").Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        var model = at < 0 ? trimmed : trimmed[..at];
        var selector = at < 0 ? null : trimmed[(at + 1)..];
        if (model.Length == 0 || selector is { Length: 0 })
        {
            throw Malformed(text ?? "");
        }
        if (selector is null)
        {
            return new ModelReference(trimmed, model, null, null, null);
        }
        if (selector.StartsWith(DigestPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var digest = selector[DigestPrefix.Length..].ToLowerInvariant();
            if (digest.Length != 64 || !digest.All(char.IsAsciiHexDigit))
            {
                throw Malformed(trimmed);
            }
            return new ModelReference(trimmed, model, null, null, digest);
        }
        return StageWords.TryParse(selector, out var stage)
            ? new ModelReference(trimmed, model, null, stage, null)
            : new ModelReference(trimmed, model, selector, null, null);
    }

    /// <summary>
    /// The version the reference names in <paramref name="store"/>; a reference that names nothing there is a clear
    /// error listing what exists (the catalog's models, the model's versions, or who holds each stage).
    /// </summary>
    /// <exception cref="MlOpsException">No such model, version or digest, or nobody in the stage (MLOPS165).</exception>
    public VersionRecord Resolve(ICatalogStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var versions = store.ListVersions(Model);
        if (versions.Count == 0)
        {
            var models = store.ListModels().Select(m => m.Name).ToList();
            throw NotFound(store, $"The catalog has no model '{Model}'", models.Count == 0
                ? "The catalog is empty: register the artefact first."
                : $"Models in the catalog: {Listing(models)}. Name one of them, or register the artefact first.");
        }
        if (Digest is { } digest)
        {
            return versions.FirstOrDefault(v => v.Digest == digest)
                ?? throw NotFound(store, $"Model '{Model}' has no version with artefact digest sha256:{digest}",
                    $"Its versions: {Listing(versions.Select(v => $"{v.Version} (sha256:{v.Digest[..12]}…)"))}.");
        }
        if (Stage is { } stage)
        {
            return store.FindInStage(Model, stage)
                ?? throw NotFound(store, $"Model '{Model}' has no version in {stage.Word()}",
                    $"Its stages: {StageListing(versions)}. Name a version, or promote one to {stage.Word()} first.");
        }
        if (Version is { } version)
        {
            return versions.FirstOrDefault(v => v.Version == version)
                ?? throw NotFound(store, $"Model '{Model}' has no version {version}",
                    $"Its versions: {Listing(versions.Select(v => v.Version))}.");
        }
        // The store lists the newest registration first: a bare name means the latest registered version.
        return versions[0];
    }

    /// <summary>"production 1.0.0, staging 1.1.0, candidate 1.2.0" for the versions of a model.</summary>
    public static string StageListing(IReadOnlyList<VersionRecord> versions) =>
        string.Join(", ", versions.OrderBy(v => v.Stage).Select(v => $"{v.Stage.Word()} {v.Version}"));

    private static string Listing(IEnumerable<string> items)
    {
        var list = items.ToList();
        // A long catalog is not pasted into one error line: the first names say enough, `catalog list` says all.
        return list.Count <= 20 ? string.Join(", ", list) : string.Join(", ", list.Take(20)) + $" and {list.Count - 20} more";
    }

    private static MlOpsException NotFound(ICatalogStore store, string what, string fix) =>
        new($"{what} (catalog {store.Location}).", fix: fix, diagnostic: DiagnosticCatalog.CatalogReferenceNotFound);

    private static MlOpsException Malformed(string text) =>
        new($"'{text}' is not a model reference.",
            fix: $"Write name, name@1.2.0, name@<stage> (one of {string.Join(", ", StageWords.All.Select(s => s.Word()))}) or name@sha256:<64 hex digits>.",
            diagnostic: DiagnosticCatalog.MalformedModelReference);
}
