using System.CommandLine;

namespace MlOps.Cli.Commands;

/// <summary>`mlops catalog`: the model catalog a team shares (docs/catalog.md), one subcommand per file.</summary>
public static class CatalogCommand
{
    /// <summary>Creates the command group.</summary>
    public static Command Create()
    {
        var command = new Command("catalog", "The model catalog: register artefacts, list and show versions, promote them through stages, record monitoring results.");
        command.Options.Add(CatalogOptions.Catalog);
        // One line per subcommand; keep alphabetical.
        command.Subcommands.Add(CatalogListCommand.Create());
        command.Subcommands.Add(CatalogMonitorCommand.Create());
        command.Subcommands.Add(CatalogPromoteCommand.Create());
        command.Subcommands.Add(CatalogRegisterCommand.Create());
        command.Subcommands.Add(CatalogServeCommand.Create());
        command.Subcommands.Add(CatalogShowCommand.Create());
        command.Subcommands.Add(CatalogUsageCommand.Create());
        return command;
    }
}
