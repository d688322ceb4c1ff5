using System.CommandLine;
using MlOps.Cli.Shell;

namespace MlOps.Cli.Commands;

/// <summary>`mlops version`: prints the tool's informational version.</summary>
public static class VersionCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("version", "Print the version of the mlops tool.");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine(ToolVersion.Informational);
            return ExitCodes.Passed;
        });
        return command;
    }
}
