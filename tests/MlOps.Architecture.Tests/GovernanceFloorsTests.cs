namespace MlOps.Architecture.Tests;

/// <summary>
/// MlOps.Governance's rooms on the floors docs/architecture.md draws: a room uses only rooms on floors below its
/// own. A new room must be given a floor here and in the picture, which is where its dependencies get decided.
/// </summary>
public sealed class GovernanceFloorsTests
{
    /// <summary>Floor number per room, lowest first (the picture in docs/architecture.md, read bottom up).</summary>
    public static readonly IReadOnlyDictionary<string, int> Floors = new Dictionary<string, int>
    {
        // 0: foundations, knowing nothing of models or evidence.
        ["Tabular"] = 0, ["Statistics"] = 0, ["Yaml"] = 0, ["Versioning"] = 0, ["Risk"] = 0,
        // 1: facts about inputs: data lineage, the model's description and identity, the evidence contract.
        ["Lineage"] = 1, ["Models"] = 1, ["Evidence"] = 1,
        // 2: the artefact format.
        ["Artefacts"] = 2,
        // 3: reading artefacts: the card, and opening and scoring models.
        ["Cards"] = 3, ["Scoring"] = 3,
        // 4: the evidence stages.
        ["Evaluation"] = 4, ["Fairness"] = 4, ["Drift"] = 4, ["Reproducibility"] = 4,
        ["Explanations"] = 4, ["DataQuality"] = 4, ["Robustness"] = 4, ["Changes"] = 4,
        // 5: the decisions and the package.
        ["Policy"] = 5, ["Packaging"] = 5,
    };

    [Fact]
    public void Every_room_uses_only_rooms_on_lower_floors()
    {
        var graph = NamespaceGraph.ForProject("MlOps.Governance");
        var problems = new List<string>();
        foreach (var room in graph.Rooms.Select(graph.Short).Where(r => !Floors.ContainsKey(r)))
        {
            problems.Add($"Room {room} has no floor: give it one in {nameof(GovernanceFloorsTests)}.{nameof(Floors)} and in docs/architecture.md.");
        }
        foreach (var edge in graph.Edges)
        {
            var (from, to) = (graph.Short(edge.From), graph.Short(edge.To));
            if (Floors.TryGetValue(from, out var a) && Floors.TryGetValue(to, out var b) && b >= a)
            {
                problems.Add($"{from} (floor {a}) uses {to} (floor {b}): {edge.File}:{edge.Line} uses {edge.Symbol}.");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_architecture_page_names_every_room()
    {
        var page = File.ReadAllText(Path.Combine(SourceProject.RepositoryRoot, "docs", "architecture.md"));
        Assert.All(Floors.Keys, room => Assert.Contains($"`{room}`", page));
    }
}
