using MlOps.Build.Claims;

namespace MlOps.Build.Tests.Claims;

/// <summary>The claim beside an artefact: one owner, whatever the race, and one that survives moving the tree.</summary>
public sealed class ArtefactClaimTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlops-claim-").FullName;

    private string Artefact => Path.Combine(_dir, "shared", "credit-risk-1.2.3.mlpkg");

    private string Project(int i) => Path.Combine(_dir, $"P{i}", $"P{i}.csproj");

    [Fact]
    public void Of_projects_racing_for_one_artefact_exactly_one_holds_it_and_all_agree_which()
    {
        const int projects = 8;
        const int rounds = 100;
        // Many rounds: a create that is a check and then a write lets two racers win only now and then.
        for (var round = 0; round < rounds; round++)
        {
            var artefact = Path.Combine(_dir, "shared", $"model-{round}-1.0.0.mlpkg");
            using var start = new Barrier(projects);

            var holders = Enumerable.Range(0, projects).AsParallel().WithDegreeOfParallelism(projects)
                .Select(i =>
                {
                    start.SignalAndWait();
                    return (Project: Project(i), Holder: ArtefactClaim.Take(artefact, Project(i)));
                })
                .ToList();

            var winner = Assert.Single(holders, h => h.Holder.IsThisProject);
            Assert.All(holders, h => Assert.Equal(winner.Project, h.Holder.ProjectFile));
            Assert.Equal(ArtefactClaim.PathFor(artefact), winner.Holder.ClaimPath);
        }

        Assert.Equal(rounds, Directory.GetFiles(Path.Combine(_dir, "shared")).Length);
    }

    [Fact]
    public void A_tree_moved_as_a_whole_keeps_its_claims()
    {
        Assert.True(ArtefactClaim.Take(Artefact, Project(1)).IsThisProject);
        var moved = _dir + "-moved";
        Directory.Move(_dir, moved);
        try
        {
            var artefact = Path.Combine(moved, "shared", "credit-risk-1.2.3.mlpkg");
            Assert.True(ArtefactClaim.Take(artefact, Path.Combine(moved, "P1", "P1.csproj")).IsThisProject);
            Assert.False(ArtefactClaim.Take(artefact, Path.Combine(_dir, "P1", "P1.csproj")).IsThisProject);
        }
        finally
        {
            Directory.Move(moved, _dir);
        }
    }

    [Fact]
    public void A_claim_that_names_no_project_belongs_to_nobody_who_asks()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Artefact)!);
        File.WriteAllText(ArtefactClaim.PathFor(Artefact), "# only a comment\n");

        var holder = ArtefactClaim.Take(Artefact, Project(1));

        Assert.False(holder.IsThisProject);
        Assert.Equal("", holder.ProjectFile);
        Assert.False(ArtefactClaim.MayDelete(Artefact, Project(1), out _));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
