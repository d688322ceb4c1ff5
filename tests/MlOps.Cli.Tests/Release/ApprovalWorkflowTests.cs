using System.Text;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Release;

public sealed class ApprovalWorkflowTests
{
    [Fact]
    public void Key_new_writes_an_owner_only_private_key_and_prints_only_the_public_facts()
    {
        using var folder = new TempDirectory();
        var result = CliRunner.Run("key", "new", "--out", folder.File("ci"));
        Assert.Equal(0, result.ExitCode);
        var privateKey = File.ReadAllText(folder.File("ci.key"));
        Assert.DoesNotContain(privateKey.Split('\n')[1], result.StdOut + result.StdErr);
        Assert.Matches("key id: +[0-9a-f]{64}", result.StdOut);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.File("ci.key")));
        }
        var again = CliRunner.Run("key", "new", "--out", folder.File("ci"));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("MLOPS141", again.StdErr);
        Assert.Equal(privateKey, File.ReadAllText(folder.File("ci.key")));
    }

    [Fact]
    public void The_gate_with_a_trust_file_lists_missing_approvals_and_passes_once_two_people_in_both_roles_approved()
    {
        using var f = new ReleaseFixture();
        var before = f.Gate();
        Assert.Equal(1, before.ExitCode);
        Assert.Contains("unmet: Approved by a model-owner: missing", before.StdOut);
        Assert.Contains("unmet: Approved by a risk-manager: missing", before.StdOut);
        Assert.Contains("unmet: Approved by at least 2 different people (four eyes): missing", before.StdOut);

        var alice = f.Approve("alice", "risk-manager", comment: "EO gap for age accepted: human review of declines.");
        Assert.True(alice.ExitCode == 0, alice.ToString());
        Assert.Contains("recorded: line 1", alice.StdOut);
        Assert.Equal(1, f.Gate().ExitCode);

        Assert.Equal(0, f.Approve("bob", "model-owner").ExitCode);
        var after = f.Gate();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains("PASSED", after.StdOut);

        var verify = f.Verify();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("line 1 approval: valid, signed by Alice Risk <alice@example.org>", verify.StdOut);
        Assert.Contains("line 2 approval: valid, signed by Bob Owner <bob@example.org>", verify.StdOut);
    }

    [Fact]
    public void One_person_holding_both_roles_is_not_four_eyes()
    {
        using var f = new ReleaseFixture();
        Assert.Equal(0, f.Approve("carol", "model-owner").ExitCode);
        Assert.Equal(0, f.Approve("carol", "risk-manager").ExitCode);
        var gate = f.Gate();
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("unmet: Approved by at least 2 different people (four eyes): 1 of 2: Carol Both", gate.StdOut);
        Assert.DoesNotContain("unmet: Approved by a model-owner", gate.StdOut);
    }

    [Fact]
    public void A_rejection_vetoes_until_the_same_person_approves_again()
    {
        using var f = new ReleaseFixture();
        f.Approve("alice", "risk-manager");
        f.Approve("bob", "model-owner");
        Assert.Equal(0, f.Approve("carol", "model-owner", "reject", "Drift on age not explained.").ExitCode);
        var vetoed = f.Gate();
        Assert.Equal(1, vetoed.ExitCode);
        Assert.Contains("unmet: No standing rejection: rejected by Carol Both as model-owner: Drift on age not explained.", vetoed.StdOut);
        Thread.Sleep(1100); // decisions are ordered by their time (to the second), then by line
        f.Approve("carol", "model-owner", comment: "Explained in the card now.");
        Assert.Equal(0, f.Gate().ExitCode);
    }

    [Fact]
    public void An_unknown_key_does_not_count_and_fails_verification_but_a_valid_set_still_passes_the_gate()
    {
        using var f = new ReleaseFixture();
        f.Approve("alice", "risk-manager");
        f.Approve("bob", "model-owner");
        Assert.Equal(0, f.Approve("mallory", "model-owner").ExitCode);
        var verify = f.Verify();
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("line 3 approval: UNKNOWN KEY", verify.StdOut);
        var gate = f.Gate();
        Assert.Equal(0, gate.ExitCode);
        Assert.Contains("ignored: Line 3 (approval) is signed by key", gate.StdOut);
    }

    [Fact]
    public void Approving_in_a_role_the_trust_file_does_not_give_is_refused_and_nothing_is_written()
    {
        using var f = new ReleaseFixture();
        var result = f.Approve("bob", "compliance", more: ["--trust", f.Trust]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Bob Owner does not hold the role 'compliance'", result.StdErr);
        Assert.False(File.Exists(f.Bundle));
    }

    [Fact]
    public void A_changed_bundle_line_is_a_bad_signature_and_fails_gate_and_verify()
    {
        using var f = new ReleaseFixture();
        f.Approve("alice", "risk-manager");
        f.Approve("carol", "model-owner", "reject", "No.");
        // Turn Carol's rejection into an approval, as someone with write access to the bundle might.
        var lines = File.ReadAllLines(f.Bundle);
        var envelope = System.Text.Json.Nodes.JsonNode.Parse(lines[1])!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(envelope["payload"]!.GetValue<string>())).Replace("\"reject\"", "\"approve\"");
        envelope["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
        lines[1] = envelope.ToJsonString();
        File.WriteAllLines(f.Bundle, lines);

        var verify = f.Verify();
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("line 2 approval: BAD SIGNATURE, signed by Carol Both", verify.StdOut);
        var gate = f.Gate();
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("unmet: The attestation bundle is intact: Line 2 (approval): the signature of Carol Both does not match its content", gate.StdOut);
    }

    [Fact]
    public void An_approval_replayed_from_another_artefact_never_counts()
    {
        using var f = new ReleaseFixture();
        f.Approve("alice", "risk-manager");
        f.Approve("bob", "model-owner");
        // A rebuilt artefact (another build time: other bytes, same name): the old approvals are copied beside it.
        using var other = new TempDirectory();
        var rebuilt = ArtefactCommands.SampleArtefact.Build(other.Path, epoch: 1700000999).PackagePath;
        File.Copy(f.Bundle, rebuilt + ".intoto.jsonl");
        var gate = CliRunner.Run("gate", rebuilt, "--policy", f.Policy, "--trust", f.Trust);
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("made for another artefact and never counts", gate.StdOut);
        Assert.Contains("unmet: Approved by a model-owner: missing", gate.StdOut);
        Assert.Equal(1, CliRunner.Run("verify", rebuilt, "--trust", f.Trust).ExitCode);
    }

    [Fact]
    public void A_tampered_artefact_is_not_approved_and_its_bundle_is_left_untouched()
    {
        using var f = new ReleaseFixture();
        f.Approve("alice", "risk-manager");
        var bundle = File.ReadAllBytes(f.Bundle);
        var bytes = File.ReadAllBytes(f.Artefact);
        bytes[200] ^= 0x01;
        File.WriteAllBytes(f.Artefact, bytes);
        var result = f.Approve("bob", "model-owner");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TAMPERED", result.StdOut);
        Assert.Equal(bundle, File.ReadAllBytes(f.Bundle));
    }

    [Fact]
    public void Bad_keys_and_trust_files_are_exit_2_with_the_file_named()
    {
        using var f = new ReleaseFixture();
        File.WriteAllText(f.Folder.File("keys/broken.key"), "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");
        var malformed = f.Approve("broken", "model-owner");
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("MLOPS138", malformed.StdErr);
        Assert.Contains("broken.key", malformed.StdErr);

        File.AppendAllText(f.Trust, "  - name: Eve\n    publicKey: keys/alice.pub\n");
        var duplicate = f.Gate();
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("MLOPS140", duplicate.StdErr);
        Assert.Contains("listed twice", duplicate.StdErr);
        Assert.False(File.Exists(f.Bundle));
    }

    [Fact]
    public void An_encrypted_key_with_a_wrong_passphrase_is_exit_2_naming_the_variable_and_nothing_is_written()
    {
        using var f = new ReleaseFixture();
        const string variable = "MLOPS_TEST_APPROVE_PASSPHRASE";
        Environment.SetEnvironmentVariable(variable, "right one");
        try
        {
            Assert.Equal(0, CliRunner.Run("key", "new", "--out", f.Folder.File("keys/enc"), "--passphrase-env", variable).ExitCode);
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(f.Key("enc")));
            Environment.SetEnvironmentVariable(variable, "wrong one");
            var result = f.Approve("enc", "model-owner", more: ["--passphrase-env", variable]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("MLOPS139", result.StdErr);
            Assert.Contains(variable, result.StdErr);
            Assert.DoesNotContain("wrong one", result.StdOut + result.StdErr);
            Assert.False(File.Exists(f.Bundle));
            Environment.SetEnvironmentVariable(variable, "right one");
            Assert.Equal(0, f.Approve("enc", "model-owner", more: ["--passphrase-env", variable]).ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void An_approval_by_a_key_revoked_before_it_was_given_does_not_count()
    {
        using var f = new ReleaseFixture();
        f.Approve("alice", "risk-manager");
        f.Approve("bob", "model-owner");
        Assert.Equal(0, f.Gate().ExitCode);
        var bobKeyId = System.Text.RegularExpressions.Regex.Match(f.Verify().StdOut, @"Bob Owner <bob@example.org> \(key ([0-9a-f]{16})").Groups[1].Value;
        var fullId = MlOps.Attestations.Keys.PublicKey.FromPem(File.ReadAllText(f.Folder.File("keys/bob.pub")), "bob.pub").Id;
        Assert.StartsWith(bobKeyId, fullId);
        File.AppendAllText(f.Trust, $"revoked:\n  - keyId: {fullId}\n    at: 2020-01-01T00:00:00Z\n    reason: key leaked\n");
        var gate = f.Gate();
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("revoked from 2020-01-01T00:00:00Z (key leaked)", gate.StdOut);
        Assert.Contains("unmet: Approved by a model-owner: missing", gate.StdOut);
        var verify = f.Verify();
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("line 2 approval: REVOKED KEY", verify.StdOut);
    }
}
