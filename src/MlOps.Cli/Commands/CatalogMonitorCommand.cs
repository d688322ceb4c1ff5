using System.CommandLine;
using MlOps.Catalog.Monitoring;
using MlOps.Catalog.References;
using MlOps.Cli.Shell;
using MlOps.Serialization;

namespace MlOps.Cli.Commands;

/// <summary>`mlops catalog monitor add`: record a drift check of a version.</summary>
public static class CatalogMonitorCommand
{
    /// <summary>Creates the command group (`monitor`) with its `add` subcommand.</summary>
    public static Command Create()
    {
        var reference = new Argument<string>("reference") { Description = "The version checked: name, name@1.2.0, name@<stage> or name@sha256:<digest>." };
        var report = new Argument<string>("report") { Description = "The drift report JSON that 'mlops drift compare --out' wrote." };
        var at = new Option<string?>("--at") { Description = "When the check was made (UTC, e.g. 2026-12-01T06:00:00Z); default now.", HelpName = "time" };
        var add = new Command("add", "Store a drift report as a monitoring result of a version; `catalog show` flags the version when its latest check drifted. " +
            "Exit 0 stored (the same report again changes nothing), 2 bad input.");
        add.Arguments.Add(reference);
        add.Arguments.Add(report);
        add.Options.Add(at);
        add.Validators.Add(result =>
        {
            if (result.GetValue(at) is { } text && !UtcTime.TryParse(text, out _))
            {
                result.AddError($"--at '{text}' is not a UTC time. Fix: Write it as 2026-12-01T06:00:00Z.");
            }
        });
        add.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var checkedAt = parse.GetValue(at) is { } text && UtcTime.TryParse(text, out var time) ? time : DateTimeOffset.UtcNow;
            using var store = CatalogOptions.Open(parse);
            var version = ModelReference.Parse(parse.GetValue(reference)!).Resolve(store);
            var record = DriftCheck.Read(parse.GetValue(report)!, version, checkedAt);
            store.AddMonitoring(record);
            Console.Out.WriteLine($"monitoring: {version.Model} {version.Version} checked {UtcTime.Format(record.CheckedAt)}: " +
                (record.Drifted ? $"drifted ({string.Join(", ", record.DriftedFeatures)})" : "no drift") + $", report sha256:{record.ReportSha256}");
            if (DriftCheck.Flag(store.Monitoring(version.Digest)) is { } flag)
            {
                Console.Out.WriteLine(flag);
            }
            return ExitCodes.Passed;
        }));
        var command = new Command("monitor", "Monitoring results of versions (drift checks over time).");
        command.Subcommands.Add(add);
        return command;
    }
}
