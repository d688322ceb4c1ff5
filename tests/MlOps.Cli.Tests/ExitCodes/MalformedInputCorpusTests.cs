using MlOps.Cli.Tests.Fuzzing;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.ExitCodes;

/// <summary>
/// The exit-code rule, command by command: every file a command reads, replaced in turn by each malformed input of
/// the corpus (missing, empty, a folder, binary garbage, text, a truncated artefact), is exit 2 with one error line
/// naming that file, never a crash (70), never a verdict (0 or 1), and no output written.
/// </summary>
public sealed class MalformedInputCorpusTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-corpus-");
    private readonly FuzzSeeds _fixed;

    public MalformedInputCorpusTests() => _fixed = FuzzSeeds.Create(_dir.File("fixed"));

    public void Dispose() => _dir.Dispose();

    /// <summary>Each command and each file it reads: "{bad}" marks the file replaced by the malformed input.</summary>
    public static TheoryData<string> Positions() =>
    [
        "verify {bad}",
        "inspect {bad}",
        "inspect {bad} --json",
        "gate {bad}",
        "gate {artefact} --policy {bad}",
        "score --model {bad} --data {data}",
        "score --model {model} --data {bad}",
        "score --model {artefact} --data {bad}",
        "evaluate --model {bad} --data {data} --label label --positive 1",
        "evaluate --model {model} --data {bad} --label label --positive 1",
        "evaluate --model {model} --data {data} --label label --positive 1 --champion {bad}",
        "fairness --model {bad} --data {data} --label label --positive 1 --sensitive group",
        "fairness --model {model} --data {bad} --label label --positive 1 --sensitive group",
        "fairness --predictions {bad} --label label --positive 1 --sensitive group --score probability",
        "drift baseline --data {bad}",
        "drift compare --baseline {bad} --data {data}",
        "drift compare --baseline {baseline} --data {bad}",
        "repro --baseline {bad} --candidate {model}",
        "repro --baseline {model} --candidate {bad}",
        "repro --baseline {model} --candidate {model} --data {bad}",
        "audit verify {bad}",
    ];

    /// <summary>The malformed inputs.</summary>
    private static readonly string[] Kinds = ["missing", "empty", "folder", "garbage", "text", "truncated-artefact"];

    [Theory]
    [MemberData(nameof(Positions))]
    public void Every_malformed_input_is_exit_2_with_one_line_naming_the_file(string position)
    {
        foreach (var kind in Kinds)
        {
            if (position.StartsWith("audit", StringComparison.Ordinal) && kind is "empty" or "folder")
            {
                continue; // An empty log is a valid log of no records, and a folder of logs is what audit verify takes.
            }
            var output = Path.Combine(_dir.Path, "out", kind);
            Directory.CreateDirectory(output);
            var bad = Malformed(kind);
            var args = Arguments(position, bad, output);

            var result = CliRunner.Run(args);

            var context = $"mlops {string.Join(' ', args)} [{kind}]\n{result}";
            Assert.True(result.ExitCode == 2, context);
            var errors = result.StdErr.Split('\n').Where(line => line.StartsWith("error:", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 1, context);
            Assert.True(errors[0].Contains(Path.GetFileName(bad), StringComparison.Ordinal), context);
            Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(output));
        }
    }

    private string[] Arguments(string position, string bad, string output)
    {
        var args = position.Split(' ').Select(word => word switch
        {
            "{bad}" => bad,
            "{data}" => _fixed.Data,
            "{model}" => _fixed.Model,
            "{baseline}" => _fixed.Baseline,
            "{artefact}" => _fixed.Artefact,
            _ => word,
        }).ToList();
        var command = args[0] is "drift" or "audit" ? $"{args[0]} {args[1]}" : args[0];
        if (command is not ("verify" or "inspect" or "audit verify"))
        {
            args.AddRange(["--out", Path.Combine(output, command is "score" ? "out.csv" : "out.json")]);
        }
        return [.. args];
    }

    private string Malformed(string kind)
    {
        var folder = Path.Combine(_dir.Path, "bad");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"input-{kind}.dat");
        switch (kind)
        {
            case "missing":
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "folder":
                Directory.CreateDirectory(path);
                break;
            case "garbage":
                var bytes = new byte[4096];
                new Random(3).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "text":
                File.WriteAllText(path, "hello\n");
                break;
            case "truncated-artefact":
                var artefact = File.ReadAllBytes(_fixed.Artefact);
                File.WriteAllBytes(path, artefact[..(artefact.Length / 2)]);
                break;
        }
        return path;
    }
}
