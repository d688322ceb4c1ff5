using System.Text;
using MlOps.Governance.Cards;
using MlOps.Serialization;
using MlOps.Attestations.Verification;

namespace MlOps.Release.Pages;

/// <summary>release.md: the same page as release.html, in Markdown, the sealed Markdown card at its end.</summary>
internal static class ReleasePageMarkdown
{
    public static string Render(ReleaseFacts f)
    {
        var v = f.Verdict;
        var md = new StringBuilder();
        md.Append("# ").Append(f.DecisionWord).Append(": ").Append(T(f.ModelName)).Append(' ').Append(T(f.ModelVersion)).Append("\n\n");
        md.Append("Risk level **").Append(T(f.RiskLevel)).Append("**, EU AI Act category **").Append(T(f.EuAiActCategory))
          .Append("**. Decided ").Append(f.Time).Append(" under policy ").Append(MarkdownText.Code(f.PolicyName))
          .Append(" and trust file ").Append(MarkdownText.Code(f.TrustFileName)).Append(".\n\n");
        md.Append("Artefact ").Append(MarkdownText.Code(f.ArtefactName)).Append(", sha256 ").Append(MarkdownText.Code(v.Artefact.Sha256)).Append(".\n\n");
        md.Append(T(f.RequirementsLine)).Append("\n\n");
        if (!v.Released)
        {
            foreach (var r in v.Unmet)
            {
                md.Append("- **").Append(T(r.Description)).Append("**: ").Append(T(r.Detail)).Append('\n');
            }
            md.Append('\n');
        }

        md.Append("## Signatures\n\n");
        if (v.Attestations.Count == 0)
        {
            md.Append("The artefact has no attestation bundle: nothing about it is signed.\n\n");
        }
        else
        {
            md.Append("Every line of ").Append(MarkdownText.Code(f.ArtefactName + ".intoto.jsonl")).Append(":\n\n");
            md.Append("| Line | Kind | Status | Signer | Key | Time | Problem |\n|---|---|---|---|---|---|---|\n");
            foreach (var a in v.Attestations)
            {
                Row(md, a.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), T(a.Kind), T(AttestationStatusWords.Of(a.Status)), T(a.Signer?.Display),
                    Code(ReleaseFacts.ShortKey(a.KeyId)), a.Time is { } t ? UtcTime.Format(t) : "", T(a.Problem));
            }
            md.Append('\n');
        }
        md.Append("Who holds the keys (the trust file):\n\n| Principal | Roles | Keys | Trusted until |\n|---|---|---|---|\n");
        foreach (var p in v.Trust.Principals)
        {
            Row(md, T(p.Display), p.Roles.Count == 0 ? "none" : T(string.Join(", ", p.Roles)), string.Join(" ", p.Keys.Select(k => MarkdownText.Code(ReleaseFacts.ShortKey(k.Id)))),
                p.Expires is { } e ? UtcTime.Format(e) : "no end");
        }
        md.Append('\n');
        if (v.Trust.Revocations.Count > 0)
        {
            md.Append("Revoked keys:\n\n| Key | Revoked from | Reason |\n|---|---|---|\n");
            foreach (var r in v.Trust.Revocations)
            {
                Row(md, MarkdownText.Code(ReleaseFacts.ShortKey(r.KeyId)), UtcTime.Format(r.At), T(r.Reason));
            }
            md.Append('\n');
        }

        md.Append("## Approvals\n\n");
        if (v.Approvals.Counted.Count == 0)
        {
            md.Append("No approval counts for this artefact.\n\n");
        }
        else
        {
            md.Append("| Role | Decision | Who | When | Comment | Conditions | Line |\n|---|---|---|---|---|---|---|\n");
            foreach (var c in v.Approvals.Counted)
            {
                Row(md, T(c.Approval.Role), ReleaseFacts.DecisionOf(c.Approval.Decision), T(c.Signer.Display), UtcTime.Format(c.Approval.Time),
                    T(c.Approval.Comment), T(ReleaseFacts.Conditions(c.Approval)), c.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            md.Append('\n');
        }
        if (v.Approvals.Ignored.Count > 0)
        {
            md.Append("Approval lines that do not count:\n\n");
            foreach (var reason in v.Approvals.Ignored)
            {
                md.Append("- ").Append(T(reason)).Append('\n');
            }
            md.Append('\n');
        }

        md.Append("## Provenance\n\n");
        if (f.Provenance is not { } prov)
        {
            md.Append("No provenance: the bundle has no valid or unsigned SLSA provenance line, so nothing says how this artefact was built.\n\n");
        }
        else
        {
            md.Append("- Line: ").Append(prov.Line).Append(" (").Append(AttestationStatusWords.Of(prov.Status))
              .Append(prov.Signer is { } s ? ", signed by " + T(s) : "").Append(")\n");
            md.Append("- Builder: ").Append(prov.BuilderId is null ? "not stated" : MarkdownText.Code(prov.BuilderId)).Append('\n');
            md.Append("- Build type: ").Append(prov.BuildType is null ? "not stated" : MarkdownText.Code(prov.BuildType)).Append('\n');
            md.Append("- Finished: ").Append(prov.FinishedOn is null ? "not stated" : T(prov.FinishedOn)).Append("\n\n");
            if (prov.Dependencies.Count > 0)
            {
                md.Append("| Name | URI | Digest |\n|---|---|---|\n");
                foreach (var d in prov.Dependencies)
                {
                    Row(md, T(d.Name), Code(d.Uri), string.Join(" ", d.Digest.Select(x => MarkdownText.Code($"{x.Key}:{x.Value}"))));
                }
                md.Append('\n');
            }
            else
            {
                md.Append("The provenance names no resolved dependency.\n\n");
            }
        }

        md.Append("## Trust and digests\n\n");
        md.Append("- Trust file: ").Append(MarkdownText.Code(f.TrustFileName)).Append(", sha256 ").Append(MarkdownText.Code(v.Trust.Sha256)).Append('\n');
        md.Append("- Release record: ").Append(f.ReleaseRecordSha256 is { } record ? "bundle line sha256 " + MarkdownText.Code(record)
            : v.Released ? "not recorded" : "none (blocked)").Append('\n');
        md.Append("- Card: `card/model-card.json`, sha256 ").Append(MarkdownText.Code(v.CardSha256)).Append('\n');
        md.Append("- Gate evidence: sha256 ").Append(MarkdownText.Code(v.GateEvidenceSha256)).Append("\n\n");

        md.Append("## Every requirement\n\n| Requirement | Met | Detail | Id |\n|---|---|---|---|\n");
        foreach (var r in v.Requirements)
        {
            Row(md, T(r.Description), r.Met ? "met" : "**not met**", T(r.Detail), MarkdownText.Code(r.Id));
        }
        md.Append('\n');

        if (f.Card.Markdown is { } card)
        {
            md.Append(card.TrimEnd('\n')).Append('\n');
        }
        else
        {
            md.Append("## Model card\n\nThe artefact carries no Markdown card (card/model-card.md).\n");
        }
        return md.ToString();
    }

    private static void Row(StringBuilder md, params string[] cells) => md.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");

    private static string Code(string? text) => string.IsNullOrEmpty(text) ? "" : MarkdownText.Code(text);

    private static string T(string? text) => MarkdownText.Cell(text);
}
