namespace MlOps.Architecture.Tests;

/// <summary>
/// Proof that the room analysis can fail: small in-memory projects whose rooms use each other through a using
/// directive, a fully qualified name, or a partially qualified name, and one that is a clean one-way stack.
/// A guard that cannot fail guards nothing.
/// </summary>
public sealed class CycleDetectorSelfTests
{
    [Fact]
    public void Rooms_that_import_each_other_are_a_loop()
    {
        var graph = Graph(
            ("N/A/X.cs", "using N.B;\nnamespace N.A;\npublic class X { public Y? Other; }"),
            ("N/B/Y.cs", "using N.A;\nnamespace N.B;\npublic class Y { public X? Other; }"));

        AssertLoop(graph, ("N.A", "N.B", "N/A/X.cs", 3, "N.B.Y"), ("N.B", "N.A", "N/B/Y.cs", 3, "N.A.X"));
    }

    [Fact]
    public void A_fully_qualified_name_alone_makes_an_arrow()
    {
        var graph = Graph(
            ("A.cs", "namespace N.A;\npublic static class X { public const int V = 1; }"),
            ("B.cs", "namespace N.B;\npublic static class Y\n{\n    public static int W => N.A.X.V;\n}"),
            ("A2.cs", "namespace N.A.Deep;\npublic class Z { public int Get() => global::N.B.Y.W; }"));

        // N.A.Deep is part of the room N.A.
        AssertLoop(graph, ("N.A", "N.B", "A2.cs", 2, "N.B.Y"), ("N.B", "N.A", "B.cs", 4, "N.A.X"));
    }

    [Fact]
    public void A_partially_qualified_name_makes_an_arrow()
    {
        var graph = Graph(
            ("A.cs", "namespace N.A\n{\n    public class X { public B.Y Make() => new(); }\n}"),
            ("B.cs", "namespace N.B;\npublic class Y { public void Use() => new A.X().Make(); }"));

        AssertLoop(graph, ("N.A", "N.B", "A.cs", 3, "N.B.Y"), ("N.B", "N.A", "B.cs", 2, "N.A.X"));
    }

    [Fact]
    public void Rooms_used_one_way_and_unused_usings_are_no_loop()
    {
        var graph = Graph(
            ("A.cs", "using N.B;\nnamespace N.A;\npublic class X { }"),
            ("B.cs", "namespace N.B;\npublic class Y { public N.A.X? Below; }"),
            ("Root.cs", "namespace N;\npublic class R { public B.Y? Top; public static string Name => nameof(R); }"));

        Assert.Empty(graph.Tangles());
        Assert.Equal(["N -> N.B", "N.B -> N.A"], graph.Edges.Select(e => $"{e.From} -> {e.To}"));
    }

    private static NamespaceGraph Graph(params (string Path, string Text)[] sources) =>
        NamespaceGraph.FromSources("N", sources, NamespaceGraph.SdkImplicitUsings);

    private static void AssertLoop(NamespaceGraph graph, params (string From, string To, string File, int Line, string Symbol)[] expected)
    {
        var tangle = Assert.Single(graph.Tangles());
        Assert.Equal(["N.A", "N.B"], tangle);
        Assert.Equal(expected, graph.Edges.Select(e => (e.From, e.To, e.File, e.Line, e.Symbol)));

        var message = graph.Describe(graph.Tangles());
        Assert.Contains("A -> B -> A", message);
        Assert.Contains($"A -> B (", message);
        Assert.Contains($"e.g. {expected[0].File}:{expected[0].Line} uses {expected[0].Symbol}", message);
    }
}
