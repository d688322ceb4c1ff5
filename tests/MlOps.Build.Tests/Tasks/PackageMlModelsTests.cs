using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Tests.Infrastructure;
using MlOps.Governance.Lineage;
using MlOps.Governance.Packaging;

namespace MlOps.Build.Tests.Tasks;

/// <summary>
/// The task in-process with a recording build engine and the real MlPackageBuilder: what it passes,
/// what it returns for FileWrites, and how each problem becomes an MSBuild error.
/// </summary>
public sealed class PackageMlModelsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-build-unit", Guid.NewGuid().ToString("N")[..12]);
    private readonly RecordingBuildEngine _engine;

    public PackageMlModelsTests()
    {
        Directory.CreateDirectory(_dir);
        // The engine reports the file holding the task element (the .targets); errors must name the project.
        _engine = new RecordingBuildEngine(Path.Combine(_dir, "MlOps.Build.targets"));
        File.WriteAllBytes(Path.Combine(_dir, "credit-risk.onnx"), TestModels.CreditRisk());
        File.WriteAllText(Path.Combine(_dir, "model-card.md"), TestCards.LowRisk());
        File.WriteAllText(Path.Combine(_dir, "train.csv"), "a,b,c,label\n1,2,3,0\n4,5,6,1\n");
    }

    private string Out => Path.Combine(_dir, "out");

    private string ProjectFile => Path.Combine(_dir, "Models.csproj");

    private TaskItem Model(string onnx = "credit-risk.onnx", string? card = "model-card.md", string name = "credit-risk",
        string version = "1.2.3", string? expected = null)
    {
        var item = new TaskItem(Path.Combine(_dir, onnx));
        item.SetMetadata("Name", name);
        item.SetMetadata("Version", version);
        if (card is not null) item.SetMetadata("Card", card);
        item.SetMetadata("TrainingData", "train.csv");
        item.SetMetadata("PackagePath", expected ?? Path.Combine(Out, $"{name}-{version}.mlpkg"));
        return item;
    }

    private PackageMlModels Task(params ITaskItem[] models) => new()
    {
        BuildEngine = _engine,
        Models = models,
        ProjectFile = ProjectFile,
        ProjectDirectory = _dir,
        OutputDirectory = Out,
        SourceDateEpoch = "1700000000",
        MSBuildVersion = "17.7.2",
        SdkVersion = "8.0.100",
    };

    [Fact]
    public void A_valid_model_is_packaged_and_every_written_file_is_returned_for_FileWrites()
    {
        var task = Task(Model());

        Assert.True(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        var package = Assert.Single(task.Packages);
        Assert.Equal(Path.Combine(Out, "credit-risk-1.2.3.mlpkg"), package.ItemSpec);
        Assert.Matches("^[0-9a-f]{64}$", package.GetMetadata("Digest"));
        Assert.Equal("credit-risk", package.GetMetadata("Name"));
        var expected = new[] { ".mlpkg", ".mlpkg.sha256", ".mlpkg.intoto.jsonl", ".model-card.md", ".model-card.html", ".model-card.json" }
            .Select(suffix => Path.Combine(Out, "credit-risk-1.2.3" + suffix)).Order().ToArray();
        Assert.Equal(expected, task.FileWrites.Select(f => f.ItemSpec).Order().ToArray());
        Assert.Equal(Path.Combine(Out, "credit-risk-1.2.3.mlpkg.intoto.jsonl"), package.GetMetadata("AttestationsPath"));
        Assert.All(expected, f => Assert.True(File.Exists(f), f));
        // The binlog explains the build: inputs at normal verbosity, the result line at high.
        Assert.Contains(_engine.Messages, m => m.Importance == MessageImportance.Normal && m.Message!.Contains("train.csv") && m.Message.Contains("model-card.md"));
        Assert.Contains(_engine.Messages, m => m.Importance == MessageImportance.High && m.Message!.Contains("credit-risk 1.2.3 -> "));
    }

    [Fact]
    public void The_clock_and_the_tool_versions_MSBuild_knows_reach_the_artefact()
    {
        var task = Task(Model());
        Assert.True(task.Execute());

        var card = File.ReadAllText(Path.Combine(Out, "credit-risk-1.2.3.model-card.md"));
        Assert.Contains("2023-11-14T22:13:20Z", card); // 1700000000
        Assert.Contains("msbuild `17.7.2`", card);
        Assert.Contains("dotnet-sdk `8.0.100`", card);
        Assert.Contains("MlOps.Build `", card);
    }

    [Fact]
    public void A_library_error_becomes_an_MSBuild_error_with_code_file_line_column_help_link_and_fix()
    {
        File.WriteAllText(Path.Combine(_dir, "bad-card.md"), TestCards.UnknownRiskWord);
        var task = Task(Model(card: "bad-card.md"));

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS107", error.Code);
        Assert.Equal(Path.Combine(_dir, "bad-card.md"), error.File);
        Assert.Equal(9, error.LineNumber);
        Assert.Equal(13, error.ColumnNumber);
        Assert.Equal("https://github.com/mlopsbuild/mlopsbuild/blob/main/docs/MLOPS107.md", error.HelpLink);
        Assert.Contains("catastrophic", error.Message);
        Assert.Contains(" Fix: ", error.Message);
        Assert.Empty(task.Packages);
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFiles(Out).Any(), "nothing may be written for a rejected model");
    }

    [Fact]
    public void Each_item_is_reported_on_its_own_and_the_good_ones_are_still_packaged()
    {
        File.WriteAllBytes(Path.Combine(_dir, "truncated.onnx"), TestModels.CreditRisk()[..40]);
        var task = Task(Model(onnx: "truncated.onnx", name: "truncated"), Model());

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS103", error.Code);
        Assert.Equal(Path.Combine(_dir, "truncated.onnx"), error.File);
        Assert.Equal(Path.Combine(Out, "credit-risk-1.2.3.mlpkg"), Assert.Single(task.Packages).ItemSpec);
        Assert.False(File.Exists(Path.Combine(Out, "truncated-1.2.3.mlpkg")));
    }

    [Fact]
    public void An_item_without_a_card_is_MLOPS120_naming_the_project_file()
    {
        var task = Task(Model(card: null));

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS120", error.Code);
        Assert.Equal(ProjectFile, error.File);
        Assert.EndsWith("/docs/MLOPS120.md", error.HelpLink);
        Assert.Contains("Card=", error.Message);
    }

    [Fact]
    public void Two_items_writing_one_artefact_are_MLOPS121_and_neither_overwrites_the_other()
    {
        File.Copy(Path.Combine(_dir, "credit-risk.onnx"), Path.Combine(_dir, "other.onnx"));
        var task = Task(Model(), Model(onnx: "other.onnx"));

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS121", error.Code);
        Assert.Contains("other.onnx", error.Message);
        Assert.Contains("credit-risk-1.2.3.mlpkg", error.Message);
        // Not even the first: its artefact would make the next build look up to date.
        Assert.Empty(task.Packages);
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFileSystemEntries(Out).Any(), "nothing may be written for colliding items");
    }

    [Fact]
    public void A_second_project_writing_the_same_artefact_is_MLOPS127_naming_both_projects_and_writes_nothing()
    {
        Assert.True(Task(Model()).Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));
        var artefact = Path.Combine(Out, "credit-risk-1.2.3.mlpkg");
        var before = File.ReadAllBytes(artefact);
        File.WriteAllText(Path.Combine(_dir, "model-card.md"), TestCards.LowRisk() + "Another project's card.\n");
        var other = Path.Combine(_dir, "other", "Other.csproj");
        var second = Task(Model());
        second.ProjectFile = other;

        Assert.False(second.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS127", error.Code);
        Assert.Equal(other, error.File);
        Assert.EndsWith("/docs/MLOPS127.md", error.HelpLink);
        Assert.Contains(ProjectFile, error.Message);
        Assert.Contains(other, error.Message);
        Assert.Contains(artefact + ".claim", error.Message);
        Assert.Contains("Fix: ", error.Message);
        Assert.Empty(second.Packages);
        Assert.Equal(before, File.ReadAllBytes(artefact));
        Assert.DoesNotContain("Another project's card.", File.ReadAllText(Path.Combine(Out, "credit-risk-1.2.3.model-card.md")));
    }

    [Fact]
    public void The_project_holding_the_claim_packages_again_and_the_claim_stays_out_of_the_artefact()
    {
        Assert.True(Task(Model()).Execute());
        var artefact = Path.Combine(Out, "credit-risk-1.2.3.mlpkg");
        var claim = File.ReadAllText(artefact + ".claim");

        // A rebuild, or the project's next target framework writing into the same folder.
        var again = Task(Model());
        Assert.True(again.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        Assert.Equal(claim, File.ReadAllText(artefact + ".claim"));
        Assert.EndsWith("\n../Models.csproj\n", claim);
        Assert.DoesNotContain(again.FileWrites, f => f.ItemSpec.EndsWith(".claim", StringComparison.Ordinal));
        using var zip = System.IO.Compression.ZipFile.OpenRead(artefact);
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("claim", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Without_a_key_the_provenance_is_unsigned_and_a_high_importance_message_says_so()
    {
        var task = Task(Model());

        Assert.True(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        var bundle = Path.Combine(Out, "credit-risk-1.2.3.mlpkg.intoto.jsonl");
        var line = Assert.Single(MlOps.Attestations.Bundles.AttestationBundle.Read(bundle));
        Assert.Empty(line.Envelope!.Signatures);
        Assert.Contains(_engine.Messages, m => m.Importance == MessageImportance.High && m.Message!.Contains("is unsigned", StringComparison.Ordinal));
        Assert.Empty(_engine.Warnings);
    }

    [Fact]
    public void A_missing_signing_key_is_MLOPS138_naming_the_property_and_nothing_is_written()
    {
        var task = Task(Model());
        task.SigningKey = "keys/missing.key";

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS138", error.Code);
        Assert.Contains("MlOpsSigningKey property", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFiles(Out, "*.mlpkg").Any());
    }

    [Fact]
    public void An_encrypted_key_without_its_passphrase_is_MLOPS139_naming_the_property()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "keys"));
        var (key, _, _) = MlOps.Attestations.Keys.KeyFiles.Create(Path.Combine(_dir, "keys", "ci"), "a passphrase nobody set");
        var task = Task(Model());
        task.SigningKeyFromEnvironment = key;

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS139", error.Code);
        Assert.Contains("MLOPS_SIGNING_KEY_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.Contains("MlOpsSigningKey property", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_key_signs_the_provenance_and_a_rebuild_appends_nothing()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "keys"));
        var (key, _, keyId) = MlOps.Attestations.Keys.KeyFiles.Create(Path.Combine(_dir, "keys", "ci"), passphrase: null);
        var task = Task(Model());
        task.SigningKey = "keys/ci.key";
        Assert.True(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));
        var again = Task(Model());
        again.SigningKeyFromEnvironment = key;
        Assert.True(again.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        var line = Assert.Single(MlOps.Attestations.Bundles.AttestationBundle.Read(Path.Combine(Out, "credit-risk-1.2.3.mlpkg.intoto.jsonl")));
        Assert.Equal(keyId, Assert.Single(line.Envelope!.Signatures).KeyId);
        Assert.DoesNotContain(_engine.Messages, m => m.Message!.Contains("is unsigned", StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_keeps_a_bundle_that_holds_approvals_and_a_rebuild_of_the_same_bytes_keeps_counting_them()
    {
        Assert.True(Task(Model()).Execute());
        var artefact = Path.Combine(Out, "credit-risk-1.2.3.mlpkg");
        var bundle = artefact + ".intoto.jsonl";
        using var approver = MlOps.Attestations.Keys.SigningKey.Create();
        var subject = MlOps.Attestations.Statements.Subject.OfFile(artefact);
        MlOps.Attestations.Bundles.AttestationBundle.Append(bundle, MlOps.Attestations.Dsse.DsseEnvelope.Create(
            MlOps.Attestations.Statements.InTotoStatement.PayloadType,
            MlOps.Attestations.Statements.InTotoStatement.About(subject, MlOps.Attestations.Statements.PredicateTypes.Approval,
                new System.Text.Json.Nodes.JsonObject { ["role"] = "model-owner", ["decision"] = "approve" }).ToPayload(), approver));
        var before = File.ReadAllBytes(bundle);

        Assert.True(new CleanMlModels { BuildEngine = _engine, Models = [Model()], ProjectFile = ProjectFile, OutputDirectory = Out }.Execute());
        Assert.False(File.Exists(artefact));
        Assert.Equal(before, File.ReadAllBytes(bundle));
        Assert.Contains(_engine.Messages, m => m.Message!.Contains("it holds approvals or releases", StringComparison.Ordinal));

        // Reproducible: the rebuild has the same bytes, so the approval is about it and no second provenance is added.
        Assert.True(Task(Model()).Execute());
        Assert.Equal(subject, MlOps.Attestations.Statements.Subject.OfFile(artefact));
        Assert.Equal(before, File.ReadAllBytes(bundle));
    }

    [Fact]
    public void A_rebuild_with_other_bytes_moves_an_approved_bundle_aside_and_replaces_a_provenance_only_one()
    {
        Assert.True(Task(Model()).Execute());
        var artefact = Path.Combine(Out, "credit-risk-1.2.3.mlpkg");
        var bundle = artefact + ".intoto.jsonl";
        var oldSha = MlOps.Hashing.Sha256Hex.OfFile(artefact);
        using var approver = MlOps.Attestations.Keys.SigningKey.Create();
        MlOps.Attestations.Bundles.AttestationBundle.Append(bundle, MlOps.Attestations.Dsse.DsseEnvelope.Create(
            MlOps.Attestations.Statements.InTotoStatement.PayloadType,
            MlOps.Attestations.Statements.InTotoStatement.About(MlOps.Attestations.Statements.Subject.OfFile(artefact),
                MlOps.Attestations.Statements.PredicateTypes.Approval, new System.Text.Json.Nodes.JsonObject { ["role"] = "model-owner" }).ToPayload(), approver));
        var old = File.ReadAllBytes(bundle);

        File.WriteAllText(Path.Combine(_dir, "train.csv"), "a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,1\n");
        Assert.True(Task(Model()).Execute());

        var superseded = $"{bundle}.{oldSha[..12]}.superseded";
        Assert.Equal(old, File.ReadAllBytes(superseded));
        var line = Assert.Single(MlOps.Attestations.Bundles.AttestationBundle.Read(bundle));
        Assert.True(MlOps.Attestations.Statements.InTotoStatement.Parse(line.Envelope!.Payload).IsAbout(MlOps.Attestations.Statements.Subject.OfFile(artefact)));
        Assert.Contains(_engine.Messages, m => m.Message!.Contains("was rebuilt with other bytes", StringComparison.Ordinal));

        // The new bundle holds only the build's provenance: the next rebuild with other bytes simply replaces it.
        File.WriteAllText(Path.Combine(_dir, "train.csv"), "a,b,c,label\n1,2,3,0\n4,5,6,1\n");
        Assert.True(Task(Model()).Execute());
        Assert.Single(MlOps.Attestations.Bundles.AttestationBundle.Read(bundle));
        Assert.Equal([Path.GetFileName(superseded)], Directory.GetFiles(Out, "*.superseded").Select(Path.GetFileName));
    }

    [Fact]
    public void Clean_removes_this_projects_artefacts_and_claims_but_not_another_projects()
    {
        File.WriteAllBytes(Path.Combine(_dir, "other.onnx"), TestModels.CreditRisk());
        Assert.True(Task(Model()).Execute());
        var theirs = Task(Model(onnx: "other.onnx", name: "theirs"));
        theirs.ProjectFile = Path.Combine(_dir, "Theirs.csproj");
        Assert.True(theirs.Execute());
        // A model renamed since it was built: its claim still names this project, so it goes too.
        File.Move(Path.Combine(Out, "credit-risk-1.2.3.mlpkg.claim"), Path.Combine(Out, "old-name-1.0.0.mlpkg.claim"));
        File.WriteAllText(Path.Combine(Out, "old-name-1.0.0.mlpkg"), "an artefact built under the old name");

        var clean = new CleanMlModels { BuildEngine = _engine, Models = [Model()], ProjectFile = ProjectFile, OutputDirectory = Out };
        Assert.True(clean.Execute());

        Assert.Equal(
            ["theirs-1.2.3.mlpkg", "theirs-1.2.3.mlpkg.claim", "theirs-1.2.3.mlpkg.intoto.jsonl", "theirs-1.2.3.mlpkg.sha256", "theirs-1.2.3.model-card.html",
             "theirs-1.2.3.model-card.json", "theirs-1.2.3.model-card.md"],
            Directory.GetFiles(Out).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_malformed_MlOpsSourceDateEpoch_is_MLOPS122_and_nothing_is_built()
    {
        var task = Task(Model());
        task.SourceDateEpoch = "yesterday";

        Assert.False(task.Execute());

        Assert.Equal("MLOPS122", Assert.Single(_engine.Errors).Code);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void An_output_folder_that_cannot_be_created_is_MLOPS124()
    {
        File.WriteAllText(Out, "a file where the output folder should be");
        var task = Task(Model());

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS124", error.Code);
        Assert.Contains(Out, error.Message);
    }

    [Fact]
    public void An_artefact_written_elsewhere_than_MSBuild_predicted_is_MLOPS126()
    {
        var task = Task(Model(expected: Path.Combine(Out, "predicted-1.2.3.mlpkg")));

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS126", error.Code);
        Assert.Contains("predicted-1.2.3.mlpkg", error.Message);
    }

    [Fact]
    public void Messages_are_logged_verbatim_even_with_format_braces()
    {
        var task = Task(Model(name: "bad{0}name"));

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS113", error.Code);
        Assert.Contains("bad{0}name", error.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
