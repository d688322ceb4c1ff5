using MlOps.Attestations.Verification;

namespace MlOps.Release.Pages;

/// <summary>How the release page names a bundle line's status: words for people, stable ids for release.json.</summary>
internal static class StatusWords
{
    /// <summary>"valid", "unsigned", "revoked key", ...</summary>
    public static string Text(AttestationStatus status) => status switch
    {
        AttestationStatus.Valid => "valid",
        AttestationStatus.NotChecked => "not checked",
        AttestationStatus.Unsigned => "unsigned",
        AttestationStatus.UnknownKey => "unknown key",
        AttestationStatus.BadSignature => "bad signature",
        AttestationStatus.RevokedKey => "revoked key",
        AttestationStatus.ExpiredKey => "expired key",
        AttestationStatus.OtherArtefact => "other artefact",
        AttestationStatus.Malformed => "malformed",
        _ => status.ToString(),
    };

    /// <summary>The enum name in camel case ("valid", "unknownKey"): the field value in release.json.</summary>
    public static string Id(AttestationStatus status)
    {
        var name = status.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
