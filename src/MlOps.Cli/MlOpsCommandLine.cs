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
        MlOps.Parquet.ParquetFormat.Register(); // every command that reads a data set reads Parquet too
        var root = new RootCommand("mlops: verify, inspect, score and govern .mlpkg model artefacts.");
        root.Options.Add(new Option<bool>(CommandGuard.VerboseOption)
        {
            Description = "On an internal error (exit code 70), print its details here instead of saving them to a file.",
            Recursive = true,
        });
        // One line per command; keep alphabetical.
        root.Subcommands.Add(ApproveCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(BomCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(DossierCommand.Create());
        root.Subcommands.Add(DriftCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(FairnessCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(KeyCommand.Create());
        root.Subcommands.Add(PullCommand.Create());
        root.Subcommands.Add(PushCommand.Create());
        root.Subcommands.Add(ReleaseCommand.Create());
        root.Subcommands.Add(ReproCommand.Create());
        root.Subcommands.Add(RobustnessCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(SignCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs; a usage error is exit code 2 (the CLI contract), not System.CommandLine's 1, and an exception
    /// that escapes a command (or a validator) is exit code 70, never System.CommandLine's default handler, which
    /// prints a stack trace and exits 1, the code of a failed governance check.
    /// </summary>
    public static int Run(string[] args) => Invoke(Shared.Value, args);

    // One command tree per process. The evidence stages share option instances (StageOptions), and System.CommandLine
    // records every command an option is added to: building a tree per call (an in-process host, the test suite)
    // grows those lists without bound and makes each parse slower than the last.
    private static readonly Lazy<RootCommand> Shared = new(Build);

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the command, with the exit-code rule of <see cref="Run"/>.</summary>
    internal static int Invoke(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        ParseResult? parse = null;
        try
        {
            parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    Console.Error.WriteLine($"error: {error.Message}");
                }
                Console.Error.WriteLine("Run 'mlops --help' for usage.");
                return ExitCodes.BadInput;
            }
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (MlOpsException e)
        {
            // A validator's error that escaped System.CommandLine: reported as a command's own errors are.
            Console.Error.WriteLine($"error: {CliInputs.Report(e, parse?.CommandResult.Command ?? root)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            return InternalErrorReport.Write(e, CommandGuard.CommandPath(parse?.CommandResult), args.Contains(CommandGuard.VerboseOption));
        }
    }
}
