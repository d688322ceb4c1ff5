using System.Text;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Tests.TestSupport;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;

namespace MlOps.Attestations.Tests.Verification;

public sealed class AttestationVerifierTests
{
    [Fact]
    public void A_statement_signed_by_a_trusted_key_about_this_artefact_is_valid_and_names_its_signer()
    {
        using var folder = new TempFolder();
        using var alice = SigningKey.Create();
        var bundle = Signed.Bundle(folder, Signed.Envelope(alice));
        var trust = TrustFile.Read(Signed.TrustFile(folder, [("Alice", alice, "risk-manager")]));
        var line = Assert.Single(AttestationVerifier.Verify(bundle, Signed.Artefact, trust));
        Assert.Equal(AttestationStatus.Valid, line.Status);
        Assert.Equal("Alice", line.Signer!.Name);
        Assert.Equal("approval", line.Kind);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), line.Time);
        Assert.Equal(MlOps.Hashing.Sha256Hex.Of(File.ReadAllBytes(bundle).AsSpan()[..^1]), line.EnvelopeSha256);
    }

    [Fact]
    public void Every_way_a_line_can_fail_has_its_own_status_and_sentence()
    {
        using var folder = new TempFolder();
        using var alice = SigningKey.Create();
        using var stranger = SigningKey.Create();
        using var revoked = SigningKey.Create();
        using var expired = SigningKey.Create();
        File.WriteAllText(folder.File("old.pub"), expired.PublicKey.ToPem());
        var trust = TrustFile.Read(Signed.TrustFile(folder, [("Alice", alice, "risk-manager"), ("Rev", revoked, "model-owner")],
            $"  - name: Old\n    publicKey: old.pub\n    expires: 2026-06-30\nrevoked:\n  - keyId: {revoked.Id}\n    at: 2026-11-15T00:00:00Z\n"));

        var tampered = Signed.Envelope(alice) with { Payload = InTotoStatement.About(Signed.Artefact, PredicateTypes.Approval, Signed.Approval("2026-12-02T00:00:00Z")).ToPayload() };
        var bundle = Signed.Bundle(folder,
            Signed.Envelope(stranger),
            tampered,
            Signed.Envelope(alice, new Subject("credit-0.9.0.mlpkg", new string('b', 64))),
            Signed.Envelope(revoked),
            Signed.Envelope(revoked, predicate: Signed.Approval("2026-11-01T00:00:00Z")),
            Signed.Envelope(expired),
            Signed.Envelope(null, type: PredicateTypes.Provenance));
        File.AppendAllText(bundle, "{\"payloadType\": \"broken\n");

        var lines = AttestationVerifier.Verify(bundle, Signed.Artefact, trust);
        Assert.Equal(
            [AttestationStatus.UnknownKey, AttestationStatus.BadSignature, AttestationStatus.OtherArtefact, AttestationStatus.RevokedKey,
             AttestationStatus.Valid, AttestationStatus.ExpiredKey, AttestationStatus.Unsigned, AttestationStatus.Malformed],
            lines.Select(l => l.Status));
        Assert.Contains("does not name", lines[0].Problem);
        Assert.Contains("changed after it was signed", lines[1].Problem);
        Assert.Contains("credit-0.9.0.mlpkg", lines[2].Problem);
        Assert.Contains("revoked from 2026-11-15", lines[3].Problem);
        Assert.Contains("expired on 2026-06-30", lines[5].Problem);
        Assert.Contains("Line 8", lines[7].Problem);
        Assert.True(lines[1].IsTampered && lines[2].IsTampered && lines[7].IsTampered);
        Assert.False(lines[0].IsTampered || lines[3].IsTampered || lines[6].IsTampered);
    }

    [Fact]
    public void Without_a_trust_file_signatures_are_not_checked_but_foreign_and_malformed_lines_are_found()
    {
        using var folder = new TempFolder();
        using var alice = SigningKey.Create();
        var bundle = Signed.Bundle(folder, Signed.Envelope(alice), Signed.Envelope(alice, new Subject("x.mlpkg", new string('c', 64))));
        var lines = AttestationVerifier.Verify(bundle, Signed.Artefact, trust: null);
        Assert.Equal([AttestationStatus.NotChecked, AttestationStatus.OtherArtefact], lines.Select(l => l.Status));
    }

    [Fact]
    public void A_line_torn_by_a_crash_stays_a_damaged_line_and_the_next_append_starts_a_new_line()
    {
        using var folder = new TempFolder();
        using var alice = SigningKey.Create();
        var bundle = Signed.Bundle(folder, Signed.Envelope(alice));
        File.AppendAllText(bundle, "{\"payloadType\":\"application/vnd.in-to");
        var line = AttestationBundle.Append(bundle, Signed.Envelope(alice));
        Assert.Equal(3, line);
        var lines = AttestationBundle.Read(bundle);
        Assert.Equal(3, lines.Count);
        Assert.NotNull(lines[0].Envelope);
        Assert.Null(lines[1].Envelope);
        Assert.NotNull(lines[2].Envelope);
    }

    [Fact]
    public void Appends_from_many_writers_at_once_lose_nothing_and_interleave_nothing()
    {
        using var folder = new TempFolder();
        using var alice = SigningKey.Create();
        var path = folder.File("credit-1.0.0.mlpkg.intoto.jsonl");
        // Large lines (a long comment) make a torn or interleaved write visible as a malformed line.
        var comment = new string('x', 200_000);
        var numbers = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var predicate = Signed.Approval();
            predicate["comment"] = comment + i;
            numbers.Add(AttestationBundle.Append(path, Signed.Envelope(alice, predicate: predicate)));
        });
        var lines = AttestationBundle.Read(path);
        Assert.Equal(16, lines.Count);
        Assert.All(lines, l => Assert.NotNull(l.Envelope));
        Assert.Equal(Enumerable.Range(1, 16), numbers.OrderBy(n => n));
        Assert.Equal(16, lines.Select(l => InTotoStatement.Parse(l.Envelope!.Payload).Predicate["comment"]!.GetValue<string>()).Distinct().Count());
    }
}
