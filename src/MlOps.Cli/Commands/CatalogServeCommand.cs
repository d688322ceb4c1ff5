using System.CommandLine;
using MlOps.Catalog.Location;
using MlOps.Catalog.Web.Api;
using MlOps.Catalog.Web.Hosting;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;

namespace MlOps.Cli.Commands;

/// <summary>`mlops catalog serve`: the catalog as web pages, read-only JSON, and token-protected registration (docs/cli/catalog-serve.md).</summary>
public static class CatalogServeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, separated by ';' (default {ServerUrls.Default}: this machine only). Any other address makes the pages readable by whoever can reach it.",
            HelpName = "url",
            DefaultValueFactory = _ => ServerUrls.Default,
        }.Sets(UserInputs.CatalogServerUrls);
        var tokenVariable = new Option<string>("--token-env")
        {
            Description = $"The environment variable holding the write token (default {CatalogWebOptions.DefaultTokenVariable}); unset, the write endpoints answer 403.",
            HelpName = "variable",
            DefaultValueFactory = _ => CatalogWebOptions.DefaultTokenVariable,
        }.Sets(UserInputs.CatalogToken);
        var uploads = new Option<string?>("--uploads")
        {
            Description = "Where artefacts registered over the API are kept (default: an 'uploads' folder beside a SQLite catalog, .mlops/uploads at the repository root for PostgreSQL).",
            HelpName = "folder",
        };
        var command = new Command("serve", "Serve the catalog as web pages (read-only) and a JSON API (writes need the bearer token). Runs until Ctrl+C; exit 0, 2 bad input (address in use, catalog unreachable).");
        foreach (var o in new Option[] { urls, tokenVariable, uploads, SigningOptions.Trust })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var variable = parse.GetValue(tokenVariable)!;
            // The token is checked before anything opens, so a weak one never serves a single request.
            var token = BearerToken.FromEnvironment(variable);
            var resolved = CatalogLocation.Resolve(parse.GetValue(CatalogOptions.Catalog));
            using var store = CatalogOptions.Open(parse);
            var options = new CatalogWebOptions
            {
                Urls = parse.GetValue(urls)!,
                Token = token,
                TokenVariable = variable,
                Trust = SigningOptions.LoadTrust(parse),
                Uploads = new UploadFolder(Path.GetFullPath(parse.GetValue(uploads) ?? DefaultUploads(resolved))),
            };
            using var host = CatalogWebHost.Start(store, options);
            foreach (var warning in host.Warnings)
            {
                Console.Error.WriteLine(warning);
            }
            Console.Out.WriteLine($"catalog: serving {store.Location}");
            Console.Out.WriteLine(token is null
                ? $"writes: disabled (set {variable} to a token of at least {BearerToken.MinimumLength} characters to enable POST /api/register)"
                : $"writes: enabled for requests carrying the token from {variable}; uploads kept in {options.Uploads.Path}");
            foreach (var address in host.Addresses)
            {
                Console.Out.WriteLine($"open: {address}");
            }
            Console.Out.WriteLine("Press Ctrl+C to stop.");
            host.WaitForShutdown();
            Console.Out.WriteLine("catalog: stopped");
            return ExitCodes.Passed;
        }));
        return command;
    }

    private static string DefaultUploads(ResolvedCatalog catalog) => catalog.IsPostgres
        ? Path.Combine(CatalogLocation.RepositoryRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), ".mlops", "uploads")
        : Path.Combine(Path.GetDirectoryName(catalog.Value)!, "uploads");
}
