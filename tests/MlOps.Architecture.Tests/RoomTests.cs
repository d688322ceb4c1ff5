using Xunit.Abstractions;

namespace MlOps.Architecture.Tests;

/// <summary>
/// The floors inside each project: its rooms (first namespace level below the root) may use each other only one
/// way, so that each room can be understood, tested and moved with the rooms below it and nothing above.
/// </summary>
public sealed class RoomTests(ITestOutputHelper output)
{
    [Fact]
    public void No_two_rooms_of_MlOps_Core_use_each_other() => AssertNoLoops("MlOps.Core");

    [Fact]
    public void No_two_rooms_of_MlOps_Governance_use_each_other() => AssertNoLoops("MlOps.Governance");

    [Fact]
    public void No_two_rooms_of_MlOps_Onnx_use_each_other() => AssertNoLoops("MlOps.Onnx");

    [Fact]
    public void No_two_rooms_of_MlOps_Runtime_use_each_other() => AssertNoLoops("MlOps.Runtime");

    [Fact]
    public void No_two_rooms_of_MlOps_Cli_use_each_other() => AssertNoLoops("MlOps.Cli");

    [Fact]
    public void No_two_rooms_of_MlOps_Build_use_each_other() => AssertNoLoops("MlOps.Build");

    [Fact]
    public void No_two_rooms_of_MlOps_Attestations_use_each_other() => AssertNoLoops("MlOps.Attestations");

    [Fact]
    public void No_two_rooms_of_MlOps_Release_use_each_other() => AssertNoLoops("MlOps.Release");

    private void AssertNoLoops(string project)
    {
        var graph = NamespaceGraph.ForProject(project);
        output.WriteLine($"{project}: {graph.FileCount} files, {graph.Rooms.Count} rooms, {graph.Edges.Count} arrows, "
            + $"analysed in {graph.Elapsed.TotalSeconds:0.00} s (+ {NamespaceGraph.ReferenceLoadTime.TotalSeconds:0.00} s "
            + "once per run to load the metadata references)");
        foreach (var e in graph.Edges)
        {
            output.WriteLine($"  {graph.Short(e.From)} -> {graph.Short(e.To)} ({e.Uses})");
        }
        var tangles = graph.Tangles();
        if (tangles.Count > 0)
        {
            Assert.Fail(graph.Describe(tangles));
        }
    }
}
