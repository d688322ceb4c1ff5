using System.CommandLine;
using MlOps.Cli.Shell;
using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Runtime.Auditing;

namespace MlOps.Cli.Commands;

/// <summary>`mlops audit verify`: check the hash chain of prediction audit logs written by MlOps.Runtime.</summary>
public static class AuditCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("audit", "Work with prediction audit logs written by MlOps.Runtime.");
        command.Subcommands.Add(CreateVerify());
        return command;
    }

    private static Command CreateVerify()
    {
        var path = new Argument<string>("log-or-folder")
        {
            Description = "An audit log file (any of its segments) or a folder of logs (every *.jsonl log in it).",
        };
        var logName = new Option<string?>("--log-name")
        {
            Description = "The original file name of a renamed log's first segment (it is bound into the chain's genesis value).",
        }.Sets(UserInputs.AuditLogName);
        var command = new Command("verify",
            "Check the hash chain across all segments and report the first bad record. " +
            "Exit 0: intact; 1: chain broken or torn tail; 2: unreadable or not an audit log.");
        command.Arguments.Add(path);
        command.Options.Add(logName);
        command.Validators.Add(result =>
        {
            if (result.GetValue(logName) is not null && result.GetValue(path) is { } target && Directory.Exists(target))
            {
                result.AddError($"{target}: --log-name applies to one log, not a folder. Fix: Pass the log file instead of the folder.");
            }
        });
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var target = parse.GetValue(path)!;
            var name = parse.GetValue(logName);
            IReadOnlyList<AuditVerification> results;
            if (Directory.Exists(target))
            {
                results = AuditLogVerifier.VerifyFolder(target);
            }
            else
            {
                results = [AuditLogVerifier.Verify(target, name)];
            }

            var exit = ExitCodes.Passed;
            foreach (var result in results)
            {
                Console.Out.WriteLine(Describe(result));
                if (result.Status != AuditLogStatus.Intact)
                {
                    exit = ExitCodes.Failed;
                }
            }
            return exit;
        }));
        return command;
    }

    /// <summary>One line per log: the verdict, where the first problem is and what it is, or the chain head.</summary>
    internal static string Describe(AuditVerification r)
    {
        var segments = r.Segments == 1 ? "1 segment" : $"{r.Segments.ToString(CultureInfo.InvariantCulture)} segments";
        return r.Problem is null
            ? $"{r.FirstSegmentPath}: intact: {r.Records.ToString(CultureInfo.InvariantCulture)} records in {segments}; head {r.LastSequence.ToString(CultureInfo.InvariantCulture)} {r.LastHash}"
            : $"{r.Problem.SegmentPath}{(r.Problem.LineNumber is long line ? "(" + line.ToString(CultureInfo.InvariantCulture) + ")" : "")}: " +
              $"{(r.Status == AuditLogStatus.TornTail ? "torn tail" : "chain broken")} ({Kind(r.Problem.Kind)}): {r.Problem.Message} " +
              $"{r.Records.ToString(CultureInfo.InvariantCulture)} records before it check out.";
    }

    private static string Kind(AuditProblemKind kind) => kind switch
    {
        AuditProblemKind.Edited => "edited",
        AuditProblemKind.Deleted => "deleted",
        AuditProblemKind.Reordered => "reordered",
        AuditProblemKind.BadJson => "bad record",
        AuditProblemKind.TornTail => "torn tail",
        AuditProblemKind.MissingSegment => "missing segment",
        AuditProblemKind.WrongGenesis => "wrong genesis",
        _ => kind.ToString(),
    };
}
