namespace MlOps.Release.Approvals;

/// <summary>What an approver decided.</summary>
public enum ApprovalDecision
{
    /// <summary>The approver agrees to the release (under the approval's conditions).</summary>
    Approve,

    /// <summary>The approver vetoes the release.</summary>
    Reject,
}
