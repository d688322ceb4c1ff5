using System.Diagnostics;
using MlOps.Governance.Lineage;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.LineageTests;

[Collection(EnvironmentCollection.Name)]
public sealed class GitLineageTests : IDisposable
{
    private readonly SampleInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    private static bool HasGit => File.Exists("/usr/bin/git") || File.Exists("/usr/local/bin/git");

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _inputs.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false" }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["GIT_COMMITTER_DATE"] = "2024-01-02T03:04:05Z";
        start.Environment["GIT_AUTHOR_DATE"] = "2024-01-02T03:04:05Z";
        using var p = Process.Start(start)!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
    }

    [Fact]
    public void Outside_a_repository_there_is_no_commit_and_the_clock_is_1980()
    {
        Assert.Null(GitProbe.Probe(_inputs.Root)); // a fresh temp folder is in no repository
        if (Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH") is null)
        {
            Assert.Equal(315532800, SourceDateEpoch.Resolve(null, null));
        }
    }

    [Fact]
    public void In_a_repository_the_commit_dirty_flag_and_commit_time_are_recorded()
    {
        if (!HasGit)
        {
            return; // git is optional for the product; this test needs it
        }
        Git("init", "-q");
        Git("add", ".");
        Git("commit", "-q", "-m", "init");
        var state = GitProbe.Probe(_inputs.Root)!;
        Assert.Matches("^[0-9a-f]{40}$", state.Commit);
        Assert.False(state.Dirty);
        Assert.Equal(1704164645, state.CommitTime);

        File.AppendAllText(_inputs.CardPath, "\nmore prose\n");
        Assert.True(GitProbe.Probe(_inputs.Root)!.Dirty);

        var result = MlPackageBuilder.Build(_inputs.Request() with { SourceDateEpoch = null });
        Assert.Equal(state.Commit, result.Manifest.Lineage.Commit);
        Assert.True(result.Manifest.Lineage.Dirty);
        if (Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH") is null)
        {
            Assert.Equal(1704164645, result.Manifest.Lineage.SourceDateEpoch);
        }
    }

    [Fact]
    public void In_a_repository_without_commits_the_card_says_so_and_explains_the_1980_clock()
    {
        if (!HasGit || Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH") is not null)
        {
            return; // needs git, and the fallback clock (no SOURCE_DATE_EPOCH in the test's environment)
        }
        Git("init", "-q");

        var result = MlPackageBuilder.Build(_inputs.Request() with { SourceDateEpoch = null });

        Assert.Null(result.Manifest.Lineage.Commit);
        Assert.True(result.Manifest.Lineage.Dirty); // a repository: the dirty flag is recorded (outside git it is not)
        Assert.Equal(SourceDateEpoch.Fallback, result.Manifest.Lineage.SourceDateEpoch);
        Assert.True(LineageWords.InRepositoryWithoutCommits(result.Manifest.Lineage.Commit, result.Manifest.Lineage.Dirty));
        var card = File.ReadAllText(result.CardMarkdownPath);
        Assert.Contains("- Commit: `none (git repository without commits)`", card);
        Assert.Contains("- Build timestamp (SOURCE_DATE_EPOCH): 1980-01-01T00:00:00Z (the reproducible clock: no commit yet to date the build; commit, or set SOURCE_DATE_EPOCH)", card);
        Assert.Contains("the reproducible clock: no commit yet to date the build", File.ReadAllText(result.CardHtmlPath));
        Assert.DoesNotContain("not in a git repository", card);
    }

    [Fact]
    public void Outside_git_the_card_keeps_its_words_and_an_explicit_clock_needs_no_explanation()
    {
        var result = MlPackageBuilder.Build(_inputs.Request());

        var card = File.ReadAllText(result.CardMarkdownPath);
        Assert.Contains("- Commit: `not in a git repository`", card);
        Assert.DoesNotContain("the reproducible clock", card);
        Assert.False(LineageWords.InRepositoryWithoutCommits(result.Manifest.Lineage.Commit, result.Manifest.Lineage.Dirty));
    }

    [Fact]
    public void Data_paths_are_recorded_relative_to_the_repository_or_as_bare_names()
    {
        Assert.Equal("data/train.csv", DataSetDigest.RecordedPath("/repo/data/train.csv", "/repo"));
        Assert.Equal("train.csv", DataSetDigest.RecordedPath("/elsewhere/train.csv", "/repo"));
        Assert.Equal("train.csv", DataSetDigest.RecordedPath("/elsewhere/train.csv", null));
    }

    [Fact]
    public void A_malformed_SOURCE_DATE_EPOCH_is_MLOPS118()
    {
        var previous = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        try
        {
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", "yesterday");
            Assert.Equal("MLOPS118", Assert.Throws<MlOpsException>(() => SourceDateEpoch.Resolve(null, null)).Code);
            Assert.Equal(5, SourceDateEpoch.Resolve(5, null));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", previous);
        }
    }
}
