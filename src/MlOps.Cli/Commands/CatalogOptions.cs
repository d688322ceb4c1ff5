using System.CommandLine;
using MlOps.Catalog.Location;
using MlOps.Catalog.References;
using MlOps.Catalog.Store;

namespace MlOps.Cli.Commands;

/// <summary>The option every `mlops catalog` command shares, defined once: where the catalog is.</summary>
internal static class CatalogOptions
{
    /// <summary>The prefix that makes <c>--champion</c> a catalog reference instead of a file.</summary>
    public const string ChampionPrefix = "catalog:";

    public static readonly Option<string?> Catalog = new("--catalog")
    {
        Description = "The catalog: a SQLite file path or a PostgreSQL connection string (default: MLOPS_CATALOG, else .mlops/catalog.db at the repository root).",
        HelpName = "path-or-connection",
        Recursive = true,
    };

    /// <summary>Opens the catalog the command line names (or MLOPS_CATALOG, or the default); it must exist.</summary>
    public static ICatalogStore Open(ParseResult parse) => CatalogLocation.Open(parse.GetValue(Catalog), create: false);

    /// <summary>Opens the catalog the command line names, creating a SQLite catalog that is not there yet (register, usage ingest).</summary>
    public static ICatalogStore OpenOrCreate(ParseResult parse) => CatalogLocation.Open(parse.GetValue(Catalog), create: true);

    /// <summary>
    /// The champion's file: <paramref name="champion"/> itself, or for <c>catalog:&lt;reference&gt;</c> the registered
    /// location of the version the reference names (it must be there: a version registered elsewhere is pulled first).
    /// </summary>
    public static string? ChampionPath(string? champion, string? catalog)
    {
        if (champion is null || !champion.StartsWith(ChampionPrefix, StringComparison.Ordinal))
        {
            return champion;
        }
        var reference = ModelReference.Parse(champion[ChampionPrefix.Length..]);
        using var store = CatalogLocation.Open(catalog, create: false);
        return RegisteredArtefact.Locate(reference.Resolve(store), null);
    }
}
