using System.CommandLine;
using System.Text.Json.Nodes;
using MlOps.Cli.Shell;
using MlOps.Serialization;

namespace MlOps.Cli.Commands;

/// <summary>`mlops catalog list`: the models, their latest versions and who is in production and staging.</summary>
public static class CatalogListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var search = new Option<string?>("--search") { Description = "Only models whose name, title or a version contains this text.", HelpName = "text" };
        var json = new Option<bool>("--json") { Description = "Write JSON (field names in docs/catalog.md) instead of a table." };
        var command = new Command("list", "List the catalog's models: latest version, production and staging versions. Exit 0, 2 bad input (catalog unreachable).");
        command.Options.Add(search);
        command.Options.Add(json);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            using var store = CatalogOptions.Open(parse);
            var models = store.ListModels(parse.GetValue(search));
            if (parse.GetValue(json))
            {
                var doc = new JsonObject
                {
                    ["catalog"] = store.Location,
                    ["models"] = new JsonArray(models.Select(m => (JsonNode?)new JsonObject
                    {
                        ["name"] = m.Name,
                        ["title"] = m.Title,
                        ["versions"] = m.Versions,
                        ["latestVersion"] = m.LatestVersion,
                        ["productionVersion"] = m.ProductionVersion,
                        ["stagingVersion"] = m.StagingVersion,
                        ["lastRegisteredAt"] = UtcTime.Format(m.LastRegisteredAt),
                    }).ToArray()),
                };
                Console.Out.WriteLine(CatalogJson.Write(doc));
                return ExitCodes.Passed;
            }
            if (models.Count == 0)
            {
                Console.Out.WriteLine($"no models{(parse.GetValue(search) is { } s ? $" matching '{s}'" : "")} in {store.Location}");
                return ExitCodes.Passed;
            }
            var rows = models.Select(m => new[] { m.Name, m.Versions.ToString(System.Globalization.CultureInfo.InvariantCulture), m.LatestVersion,
                m.ProductionVersion ?? "-", m.StagingVersion ?? "-", m.Title }).ToList();
            CatalogJson.Table(["MODEL", "VERSIONS", "LATEST", "PRODUCTION", "STAGING", "TITLE"], rows);
            return ExitCodes.Passed;
        }));
        return command;
    }
}
