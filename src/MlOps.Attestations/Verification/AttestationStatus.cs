namespace MlOps.Attestations.Verification;

/// <summary>What verification found for one line of a bundle. Only <see cref="Valid"/> counts for anything.</summary>
public enum AttestationStatus
{
    /// <summary>Signed by a trusted key, not revoked or expired at its time, about this artefact.</summary>
    Valid,

    /// <summary>Signatures not checked: no trust file was given.</summary>
    NotChecked,

    /// <summary>The envelope carries no signature (provenance written without a configured key).</summary>
    Unsigned,

    /// <summary>Signed, but by no key the trust file names.</summary>
    UnknownKey,

    /// <summary>A trusted key's signature does not match the envelope: the line was changed after signing.</summary>
    BadSignature,

    /// <summary>Signed by a key revoked before the statement's time.</summary>
    RevokedKey,

    /// <summary>Signed by a principal whose trust had expired at the statement's time.</summary>
    ExpiredKey,

    /// <summary>About another artefact (another file name or digest): a copied or replayed line.</summary>
    OtherArtefact,

    /// <summary>Not a DSSE envelope of an in-toto statement.</summary>
    Malformed,
}

/// <summary>The words reports use for each <see cref="AttestationStatus"/> (the CLI, the release page, the dossier).</summary>
public static class AttestationStatusWords
{
    /// <summary>"valid", "not checked", "unsigned", "unknown key", "bad signature", ...</summary>
    public static string Of(AttestationStatus status) => status switch
    {
        AttestationStatus.Valid => "valid",
        AttestationStatus.NotChecked => "not checked",
        AttestationStatus.Unsigned => "unsigned",
        AttestationStatus.UnknownKey => "unknown key",
        AttestationStatus.BadSignature => "bad signature",
        AttestationStatus.RevokedKey => "revoked key",
        AttestationStatus.ExpiredKey => "expired key",
        AttestationStatus.OtherArtefact => "other artefact",
        _ => "malformed",
    };

    /// <summary>The status as a stable id for JSON: the enum name in camel case ("valid", "unknownKey").</summary>
    public static string Id(AttestationStatus status)
    {
        var name = status.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>Whether a verification with a trust file fails on this status (everything but valid and unsigned).</summary>
    public static bool FailsVerification(AttestationStatus status) => status is not (AttestationStatus.Valid or AttestationStatus.Unsigned or AttestationStatus.NotChecked);
}
