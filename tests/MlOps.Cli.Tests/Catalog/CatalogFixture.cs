using System.Text.Json;
using MlOps.Cli.Tests.Release;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Packaging;
using MlOps.Onnx;

namespace MlOps.Cli.Tests.Catalog;

/// <summary>
/// The release fixture (a real low-risk artefact, churn 0.3.1; keys and a trust file; a policy asking for a
/// model-owner and a risk-manager) with a real SQLite catalog file beside it.
/// </summary>
internal sealed class CatalogFixture : IDisposable
{
    public ReleaseFixture Release { get; } = new();

    public string Catalog => Release.Folder.File("catalog.db");

    public string Artefact => Release.Artefact;

    /// <summary>Runs `mlops catalog ...` against this fixture's catalog.</summary>
    public CliResult Run(params string[] args) => CliRunner.Run(["catalog", .. args, "--catalog", Catalog]);

    public CliResult Register(string? artefact = null) => Run("register", artefact ?? Artefact);

    public CliResult Promote(string reference, string to, string key, params string[] more) =>
        Run(["promote", reference, "--to", to, "--key", Release.Key(key), "--trust", Release.Trust, "--policy", Release.Policy, .. more]);

    /// <summary>`catalog show --json` of <paramref name="reference"/>, parsed.</summary>
    public JsonElement Show(string reference)
    {
        var show = Run("show", reference, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        using var doc = JsonDocument.Parse(show.StdOut);
        return doc.RootElement.Clone();
    }

    /// <summary>Another real artefact of the same model: churn at <paramref name="version"/>, in its own folder.</summary>
    public string BuildVersion(string version) => ArtefactCommands.SampleArtefact.Build(Release.Folder.File("v" + version), version: version).PackagePath;

    public void Dispose() => Release.Dispose();
}
