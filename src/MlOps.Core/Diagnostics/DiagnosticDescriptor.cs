namespace MlOps.Diagnostics;

/// <summary>
/// One MLOPS1xx diagnostic as the catalogue describes it: its code, the title of its page in docs/, the general
/// fix, and who raises it. An <see cref="MlOpsException"/> names its descriptor; the message and the fix it carries
/// are specific to the occurrence, the descriptor's are what holds for every occurrence.
/// </summary>
/// <param name="Id">The code, MLOPS1nn.</param>
/// <param name="Title">The heading of docs/&lt;Id&gt;.md after "# &lt;Id&gt;: ".</param>
/// <param name="Fix">What fixes it in general (the page's fix section says more).</param>
/// <param name="RaisedBy">Which layer raises it.</param>
public sealed record DiagnosticDescriptor(string Id, string Title, string Fix, DiagnosticSource RaisedBy)
{
    /// <summary>The diagnostic's documentation page.</summary>
    public string HelpLink => DiagnosticCatalog.HelpLinkOf(Id);

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>Which layer raises a diagnostic.</summary>
public enum DiagnosticSource
{
    /// <summary>The libraries (ONNX reading, artefacts, cards, evidence): every caller can see it.</summary>
    Library,

    /// <summary>Only the MSBuild integration (item validation, outputs, the host check in the targets file).</summary>
    MSBuild,
}
