using System.CommandLine;
using MlOps.Cli.Commands;
using MlOps.Cli.Shell;

namespace MlOps.Cli;

/// <summary>Builds the `mlops` command tree. Each command lives in Commands/ with a static Create().</summary>
public static class MlOpsCommandLine
{
    /// <summary>The root command with every subcommand registered.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("mlops: verify, inspect, score and govern .mlpkg model artefacts.");
        // One line per command; keep alphabetical.
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(DriftCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(FairnessCommand.Create());
        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ReproCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; a usage error is exit code 2 (the CLI contract), not System.CommandLine's 1.</summary>
    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }
            Console.Error.WriteLine("Run 'mlops --help' for usage.");
            return ExitCodes.BadInput;
        }
        return parse.Invoke();
    }
}
