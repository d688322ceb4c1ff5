using MlOps.Cli.Tests.ArtefactCommands;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Release;

/// <summary>
/// A real artefact (low risk), keys for four people made with `mlops key new`, a trust file naming three of them, and
/// a policy that asks for no evidence but a model-owner and a risk-manager, two different people, at the artefact's level.
/// </summary>
internal sealed class ReleaseFixture : IDisposable
{
    public ReleaseFixture()
    {
        Artefact = SampleArtefact.Build(Folder.Path).PackagePath;
        Directory.CreateDirectory(Folder.File("keys"));
        foreach (var name in new[] { "alice", "bob", "carol", "mallory" })
        {
            var made = CliRunner.Run("key", "new", "--out", Key(name)[..^4]);
            Assert.True(made.ExitCode == 0, made.ToString());
        }
        Trust = Folder.File("trust.yaml");
        File.WriteAllText(Trust, """
            principals:
              - name: Alice Risk
                email: alice@example.org
                roles: [risk-manager]
                publicKey: keys/alice.pub
              - name: Bob Owner
                email: bob@example.org
                roles: [model-owner]
                publicKey: keys/bob.pub
              - name: Carol Both
                roles: [model-owner, risk-manager]
                publicKey: keys/carol.pub
            """.Replace("\r\n", "\n") + "\n");
        Policy = Folder.File("policy.yaml");
        File.WriteAllText(Policy, "levels:\n  low:\n    evidence: []\n    passingEvidence: []\n    approvals:\n      roles: [model-owner, risk-manager]\n      distinctPeople: 2\n");
    }

    public TempDirectory Folder { get; } = new("mlops-release-");

    public string Artefact { get; }

    public string Bundle => Artefact + ".intoto.jsonl";

    public string Trust { get; }

    public string Policy { get; }

    public string Key(string name) => Folder.File($"keys/{name}.key");

    public CliResult Approve(string name, string role, string decision = "approve", string comment = "Looks right.", params string[] more) =>
        CliRunner.Run(["approve", Artefact, "--role", role, "--key", Key(name), "--decision", decision, "--comment", comment, "--policy", Policy, .. more]);

    public CliResult Gate() => CliRunner.Run("gate", Artefact, "--policy", Policy, "--trust", Trust);

    public CliResult Verify() => CliRunner.Run("verify", Artefact, "--trust", Trust);

    public void Dispose() => Folder.Dispose();
}
