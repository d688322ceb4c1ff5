using MlOps.Attestations.Keys;
using MlOps.Attestations.Tests.Releases;
using MlOps.Cli.Tests.ArtefactCommands;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Hashing;

namespace MlOps.Cli.Tests.Score;

/// <summary>`mlops score --trust`: only a released artefact scores; otherwise exit 1 with every reason and nothing written.</summary>
public sealed class TrustedScoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-score-trust-");
    private readonly SigningKey _manager = SigningKey.Create();
    private readonly string _artefact;
    private readonly string _data;
    private readonly string _output;

    public TrustedScoreTests()
    {
        _artefact = SampleArtefact.Build(_dir.Path).PackagePath;
        _data = System.IO.Path.Combine(_dir.Path, "data.csv");
        File.WriteAllText(_data, "a,b,c,d\n1,-2,3,-4\n0.5,0.5,0.5,0.5\n");
        _output = System.IO.Path.Combine(_dir.Path, "scores.csv");
    }

    public void Dispose()
    {
        _manager.Dispose();
        _dir.Dispose();
    }

    private string Trust(SigningKey? revoked = null) => ReleaseRecords.WriteTrust(_dir.Path, _manager, revoked);

    private CliResult Score(string trust) => CliRunner.Run("score", "--model", _artefact, "--data", _data, "--out", _output, "--trust", trust);

    [Fact]
    public void A_released_artefact_scores_and_names_its_release_record()
    {
        var line = ReleaseRecords.Append(_artefact, _manager);

        var result = Score(Trust());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"release record sha256:{Sha256Hex.Of(line)}", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Release Manager", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(_output).Length);
    }

    [Fact]
    public void An_artefact_without_a_release_is_exit_1_with_the_reason_and_writes_nothing()
    {
        var result = Score(Trust());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MLOPS156", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("not released", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("no attestation bundle", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_output));
    }

    [Fact]
    public void A_release_by_an_untrusted_key_is_exit_1()
    {
        using var stranger = SigningKey.Create();
        ReleaseRecords.Append(_artefact, stranger);

        var result = Score(Trust());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not name", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_output));
    }

    [Fact]
    public void A_release_by_a_revoked_key_is_exit_1()
    {
        using var former = SigningKey.Create();
        ReleaseRecords.Append(_artefact, former);

        var result = Score(Trust(revoked: former));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("revoked", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_output));
    }

    [Fact]
    public void A_release_for_another_artefact_is_exit_1()
    {
        var other = System.IO.Path.Combine(_dir.Path, "churn-0.3.0.mlpkg");
        File.WriteAllText(other, "another artefact");
        ReleaseRecords.Append(_artefact, _manager, aboutPath: other);

        var result = Score(Trust());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("another artefact", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_output));
    }

    [Fact]
    public void A_bare_onnx_model_with_a_trust_file_is_bad_input()
    {
        var result = CliRunner.Run("score", "--model", System.IO.Path.Combine(_dir.Path, "churn.onnx"), "--data", _data, "--out", _output, "--trust", Trust());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MLOPS157", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_output));
    }
}
