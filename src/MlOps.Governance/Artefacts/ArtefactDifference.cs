namespace MlOps.Governance.Artefacts;

/// <summary>What kind of difference <see cref="MlPackageVerifier"/> found.</summary>
public enum DifferenceKind
{
    /// <summary>manifest.json no longer matches the digest recorded with the archive, or is unreadable.</summary>
    ManifestEdited,

    /// <summary>A member's bytes differ from the manifest's sha256 or size.</summary>
    MemberChanged,

    /// <summary>The archive holds a member the manifest does not list.</summary>
    MemberAdded,

    /// <summary>The manifest lists a member the archive lacks.</summary>
    MemberRemoved,

    /// <summary>
    /// The ZIP structure was altered: the bytes are not what the writer produces for these members (a header field,
    /// the entry order, bytes before, between or after the parts, named by where they are), local headers disagree
    /// with the directory, or the digest record is missing.
    /// </summary>
    StructureChanged,

    /// <summary>The .mlpkg file's sha256 differs from its .sha256 sidecar, the sidecar names another file, or it is malformed.</summary>
    SidecarMismatch,
}

/// <summary>One difference between an artefact and what it pins.</summary>
/// <param name="Kind">The kind of difference.</param>
/// <param name="Subject">The member path (or file) concerned.</param>
/// <param name="Detail">What differs, with expected and actual values where there are some.</param>
public sealed record ArtefactDifference(DifferenceKind Kind, string Subject, string Detail)
{
    /// <summary>"member changed: model/model.onnx: sha256 ... expected ...".</summary>
    public override string ToString() => $"{KindText}: {Subject}: {Detail}";

    /// <summary>The kind in words.</summary>
    public string KindText => Kind switch
    {
        DifferenceKind.ManifestEdited => "manifest edited",
        DifferenceKind.MemberChanged => "member changed",
        DifferenceKind.MemberAdded => "member added",
        DifferenceKind.MemberRemoved => "member removed",
        DifferenceKind.StructureChanged => "structure changed",
        _ => "sidecar mismatch",
    };
}
