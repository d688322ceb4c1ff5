using MlOps.Catalog.Store;
using MlOps.Diagnostics;

namespace MlOps.Catalog.Usage;

/// <summary>One line of a usage report: a version's calls and rows on one UTC day for one caller.</summary>
/// <param name="Model">The model name, or null for a digest not (yet) registered in the catalog.</param>
/// <param name="Version">The version, or null for an unregistered digest.</param>
/// <param name="Digest">The artefact digest the audit records named.</param>
/// <param name="Day">The UTC day.</param>
/// <param name="Caller">The caller ("" when the records named none).</param>
/// <param name="Calls">Audited calls.</param>
/// <param name="Rows">Rows scored by those calls.</param>
public sealed record UsageReportRow(string? Model, string? Version, string Digest, DateOnly Day, string Caller, long Calls, long Rows);

/// <summary>
/// The catalog's usage joined with its versions: per model, version, day and caller. Usage of a digest the catalog
/// does not know is kept (audit logs may be ingested before the artefact is registered) and listed as unregistered,
/// after the registered models; it names its model once the version is registered.
/// </summary>
public static class UsageReport
{
    /// <summary>The report's rows: by model (unregistered last), version registration order, day and caller.</summary>
    /// <exception cref="MlOpsException"><paramref name="model"/> names no model of the catalog.</exception>
    public static IReadOnlyList<UsageReportRow> Build(ICatalogStore store, string? model = null, DateOnly? from = null, DateOnly? to = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (model is not null && store.ListVersions(model).Count == 0)
        {
            // An empty report would read as "not called"; a misspelt name should say so.
            throw new MlOpsException($"The catalog has no model named '{model}'.", file: store.Location, diagnostic: DiagnosticCatalog.CatalogReferenceNotFound,
                fix: "Name a registered model (list them with the catalog's model list); usage of unregistered artefacts is listed without a model filter.");
        }
        var versions = new Dictionary<string, VersionRecord?>(StringComparer.Ordinal);
        VersionRecord? VersionOf(string digest)
        {
            if (!versions.TryGetValue(digest, out var version))
            {
                versions[digest] = version = store.FindByDigest(digest);
            }
            return version;
        }
        return store.Usage(model, from, to)
            .Select(u => (Count: u, Version: VersionOf(u.Digest)))
            .OrderBy(x => x.Version is null)
            .ThenBy(x => x.Version?.Model, StringComparer.Ordinal)
            .ThenBy(x => x.Version?.RegisteredAt)
            .ThenBy(x => x.Count.Digest, StringComparer.Ordinal)
            .ThenBy(x => x.Count.Day)
            .ThenBy(x => x.Count.Caller, StringComparer.Ordinal)
            .Select(x => new UsageReportRow(x.Version?.Model, x.Version?.Version, x.Count.Digest, x.Count.Day, x.Count.Caller, x.Count.Calls, x.Count.Rows))
            .ToList();
    }
}
