using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Catalog.Usage;
using MlOps.Cli.Shell;

namespace MlOps.Cli.Commands;

/// <summary>`mlops catalog usage ingest|report`: count verified audit-log records per version, day and caller (docs/cli/catalog-usage.md).</summary>
public static class CatalogUsageCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("usage", "Usage of catalogued versions, counted from verified prediction audit logs.");
        command.Subcommands.Add(CreateIngest());
        command.Subcommands.Add(CreateReport());
        return command;
    }

    private static Command CreateIngest()
    {
        var paths = new Argument<string[]>("logs-or-folders")
        {
            Description = "Audit log files (any of their segments) and folders holding logs (their *.jsonl files, not subfolders).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("ingest",
            "Verify each audit log's hash chain from where counting stopped last time and count the new records per version, day and caller. " +
            "Exit 0: counted (or nothing new); 2: bad input, a broken chain or a log changed since it was counted (that log adds nothing).");
        command.Arguments.Add(paths);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            using var store = CatalogOptions.OpenOrCreate(parse);
            var results = new UsageIngester(store).Ingest(parse.GetValue(paths)!);
            var exit = ExitCodes.Passed;
            foreach (var result in results)
            {
                if (result.Refused is { } refused)
                {
                    Console.Error.WriteLine($"error: {CliInputs.Report(refused, parse.CommandResult.Command)}");
                    exit = ExitCodes.BadInput;
                    continue;
                }
                Console.Out.WriteLine(Describe(result));
            }
            var counted = results.Sum(r => r.Records);
            var refusedCount = results.Count(r => r.Refused is not null);
            Console.Out.WriteLine($"usage ingest: {Count(counted, "record")} counted from {Count(results.Count, "log")} into {store.Location}" +
                (refusedCount > 0 ? $"; {Count(refusedCount, "log")} refused (nothing counted from {(refusedCount == 1 ? "it" : "them")})" : ""));
            return exit;
        }));
        return command;
    }

    private static string Describe(LogIngest r)
    {
        var head = r.Sequence == 0 ? "no record counted yet" : $"counted up to record {r.Sequence.ToString(CultureInfo.InvariantCulture)}";
        var what = r.Records == 0 ? $"nothing new ({head})" : $"{Count(r.Records, "new record")} ({head})";
        return $"{r.Log}: {what}{(r.TornTail ? "; the last line is still being written (or torn): it is counted by a later ingest" : "")}";
    }

    private static Command CreateReport()
    {
        var model = new Option<string?>("--model") { Description = "Only this model's versions (registered ones).", HelpName = "name" };
        var from = new Option<string?>("--from") { Description = "First UTC day, inclusive (yyyy-MM-dd).", HelpName = "day" };
        var to = new Option<string?>("--to") { Description = "Last UTC day, inclusive (yyyy-MM-dd).", HelpName = "day" };
        var json = new Option<bool>("--json") { Description = "Write JSON (model, version, digest, day, caller, calls, rows) instead of a table." };
        var command = new Command("report", "Calls and rows per model, version, UTC day and caller, with totals. Exit 0, 2 bad input (catalog unreachable, unknown model, bad day).");
        foreach (var option in new Option[] { model, from, to, json })
        {
            command.Options.Add(option);
        }
        command.Validators.Add(result =>
        {
            var first = ParseDay(result.GetValue(from));
            var last = ParseDay(result.GetValue(to));
            foreach (var (option, value, day) in new[] { (from, result.GetValue(from), first), (to, result.GetValue(to), last) })
            {
                if (value is not null && day is null)
                {
                    result.AddError($"{option.Name} '{value}' is not a day. Fix: Write the day as yyyy-MM-dd (UTC), for example 2026-12-01.");
                }
            }
            if (first > last)
            {
                result.AddError($"--from {result.GetValue(from)} is after --to {result.GetValue(to)}. Fix: Give the earlier day to --from.");
            }
        });
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            using var store = CatalogOptions.Open(parse);
            var rows = UsageReport.Build(store, parse.GetValue(model), ParseDay(parse.GetValue(from)), ParseDay(parse.GetValue(to)));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(CatalogOutput.Write(Json(store.Location, rows)));
                return ExitCodes.Passed;
            }
            if (rows.Count == 0)
            {
                Console.Out.WriteLine($"no usage{(parse.GetValue(model) is { } m ? $" of {m}" : "")} in {store.Location} for these days");
                return ExitCodes.Passed;
            }
            CatalogOutput.Table(["MODEL", "VERSION", "DIGEST", "DAY", "CALLER", "CALLS", "ROWS"], rows.Select(r => new[]
            {
                r.Model ?? "(unregistered)", r.Version ?? "-", r.Digest[..Math.Min(12, r.Digest.Length)], Day(r.Day),
                r.Caller.Length == 0 ? "-" : r.Caller, Number(r.Calls), Number(r.Rows),
            }).ToList());
            Console.Out.WriteLine($"total: {Count(rows.Sum(r => r.Calls), "call")}, {Count(rows.Sum(r => r.Rows), "row")}");
            return ExitCodes.Passed;
        }));
        return command;
    }

    private static JsonObject Json(string location, IReadOnlyList<UsageReportRow> rows) => new()
    {
        ["catalog"] = location,
        ["usage"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
        {
            ["model"] = r.Model,
            ["version"] = r.Version,
            ["digest"] = r.Digest,
            ["day"] = Day(r.Day),
            ["caller"] = r.Caller,
            ["calls"] = r.Calls,
            ["rows"] = r.Rows,
        }).ToArray()),
        ["totals"] = new JsonObject { ["calls"] = rows.Sum(r => r.Calls), ["rows"] = rows.Sum(r => r.Rows) },
    };

    private static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Count(long n, string noun) => $"{Number(n)} {noun}{(n == 1 ? "" : "s")}";
}
