using System.Text;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Statements;
using MlOps.Catalog.Store;
using MlOps.Hashing;

namespace MlOps.Catalog.Registering;

/// <summary>Attestations as the catalog stores them: each bundle line (or signed record) verbatim, named by its sha256.</summary>
public static class StoredAttestations
{
    /// <summary>Every line of the artefact's <c>.intoto.jsonl</c> bundle (none when there is no bundle), unreadable lines included.</summary>
    /// <remarks>
    /// Lines are stored as they are, not judged: which ones count depends on the trust file of whoever reads them
    /// later (<c>mlops catalog show --trust</c>), exactly as with the bundle itself.
    /// </remarks>
    public static IReadOnlyList<StoredAttestation> FromBundle(string artefactPath)
    {
        var bundle = AttestationBundle.PathFor(artefactPath);
        if (!File.Exists(bundle))
        {
            return [];
        }
        var text = File.ReadAllBytes(bundle);
        var lines = AttestationBundle.Read(bundle);
        var raw = SplitLines(text);
        return lines.Where(l => l.Number <= raw.Count && raw[l.Number - 1].Length > 0)
            .Select(l => new StoredAttestation(l.Sha256, l.ReadStatement()?.PredicateType ?? "", l.Envelope?.Signatures.FirstOrDefault()?.KeyId,
                raw[l.Number - 1]))
            .ToList();
    }

    /// <summary>A signed envelope (a promotion record) as stored.</summary>
    public static StoredAttestation FromEnvelope(DsseEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var line = envelope.ToJsonLine();
        var statement = envelope.PayloadType == InTotoStatement.PayloadType ? InTotoStatement.TryParse(envelope.Payload) : null;
        return new StoredAttestation(Sha256Hex.Of(line), statement?.PredicateType ?? "", envelope.Signatures.FirstOrDefault()?.KeyId, Encoding.UTF8.GetString(line));
    }

    /// <summary>A stored line read back as a bundle line (its envelope, or why it is not one), for verification.</summary>
    public static BundleLine ToBundleLine(StoredAttestation attestation, int number)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        var bytes = Encoding.UTF8.GetBytes(attestation.Line);
        try
        {
            return new BundleLine(number, DsseEnvelope.Parse(bytes), null) { Sha256 = attestation.Sha256 };
        }
        catch (FormatException e)
        {
            return new BundleLine(number, null, $"not a DSSE envelope: {e.Message}") { Sha256 = attestation.Sha256 };
        }
    }

    // The lines as AttestationBundle.Read numbers them (its sha256 is of the same bytes: no line break, no '\r').
    private static List<string> SplitLines(byte[] bytes)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var stop = end < 0 ? bytes.Length : end;
            var length = stop - start;
            if (length > 0 && bytes[stop - 1] == (byte)'\r')
            {
                length--;
            }
            lines.Add(Encoding.UTF8.GetString(bytes, start, length));
            start = stop + 1;
        }
        return lines;
    }
}
