using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Release;

public sealed class ReleaseCommandTests
{
    [Fact]
    public void A_release_with_its_approvals_appends_a_signed_record_that_verifies_and_writes_the_page_decision_first()
    {
        using var f = new ReleaseFixture();
        f.Approve("alice", "risk-manager");
        f.Approve("bob", "model-owner");
        var release = CliRunner.Run("release", f.Artefact, "--trust", f.Trust, "--key", f.Key("carol"), "--policy", f.Policy, "--out", f.Folder.File("release"));
        Assert.True(release.ExitCode == 0, release.ToString());
        Assert.StartsWith("RELEASED: churn 0.3.1", release.StdOut);
        Assert.Contains("release record: line 3 of churn-0.3.1.mlpkg.intoto.jsonl", release.StdOut);
        var html = File.ReadAllText(f.Folder.File("release/release.html"));
        Assert.True(html.IndexOf("RELEASED", StringComparison.Ordinal) < html.IndexOf("Model card", StringComparison.Ordinal));
        Assert.True(File.Exists(f.Folder.File("release/release.md")) && File.Exists(f.Folder.File("release/release.json")));
        var verify = f.Verify();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("line 3 release: valid, signed by Carol Both", verify.StdOut);
    }

    [Fact]
    public void A_blocked_release_writes_the_page_with_every_reason_and_nothing_to_the_bundle()
    {
        using var f = new ReleaseFixture();
        f.Approve("alice", "risk-manager");
        var bundle = File.ReadAllBytes(f.Bundle);
        var release = CliRunner.Run("release", f.Artefact, "--trust", f.Trust, "--key", f.Key("carol"), "--policy", f.Policy, "--out", f.Folder.File("release"));
        Assert.Equal(1, release.ExitCode);
        Assert.StartsWith("BLOCKED: churn 0.3.1", release.StdOut);
        Assert.Contains("unmet: Approved by a model-owner: missing", release.StdOut);
        Assert.Equal(bundle, File.ReadAllBytes(f.Bundle));
        Assert.Contains("BLOCKED", File.ReadAllText(f.Folder.File("release/release.md")));
    }

    [Fact]
    public void A_releaser_the_trust_file_does_not_name_is_refused_before_anything_is_written()
    {
        using var f = new ReleaseFixture();
        var release = CliRunner.Run("release", f.Artefact, "--trust", f.Trust, "--key", f.Key("mallory"), "--policy", f.Policy, "--out", f.Folder.File("release"));
        Assert.Equal(2, release.ExitCode);
        Assert.Contains("is not in the trust file", release.StdErr);
        Assert.False(Directory.Exists(f.Folder.File("release")));
        Assert.False(File.Exists(f.Bundle));
    }

    [Fact]
    public void Eight_processes_approving_at_once_lose_no_line()
    {
        using var f = new ReleaseFixture();
        var results = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(i =>
            CliRunner.RunProcess("approve", f.Artefact, "--role", i % 2 == 0 ? "risk-manager" : "model-owner", "--key", f.Key(i % 2 == 0 ? "alice" : "bob"),
                "--comment", $"approval {i}", "--policy", f.Policy)).ToList();
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var verify = f.Verify();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("attestations: 8 in churn-0.3.1.mlpkg.intoto.jsonl", verify.StdOut);
        Assert.Equal(8, File.ReadAllLines(f.Bundle).Length);
    }
}
