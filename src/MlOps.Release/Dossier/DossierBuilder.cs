using System.Globalization;
using MlOps.Governance.Cards;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Risk;
using MlOps.Serialization;

namespace MlOps.Release.Dossier;

/// <summary>
/// Fills the nine Annex IV sections from an artefact and the signatures about it. Deterministic: the only date is
/// the artefact's own clock, evidence is in member order, signatures in the order given.
/// </summary>
public static class DossierBuilder
{
    /// <summary>The dossier of <paramref name="source"/>.</summary>
    /// <param name="source">The artefact's contents.</param>
    /// <param name="signatures">The verified signatures about the artefact (empty when none were checked).</param>
    /// <param name="renderers">Evidence renderers for the metrics (default: the card's).</param>
    public static TechnicalDossier Build(DossierSource source, IReadOnlyList<DossierSignature> signatures, EvidenceSectionRegistry? renderers = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(signatures);
        renderers ??= EvidenceSectionRegistry.Default;
        var date = UtcTime.FromUnixSeconds(source.Manifest.Lineage.SourceDateEpoch);
        return new TechnicalDossier
        {
            Name = source.Manifest.Name,
            Version = source.Manifest.Version,
            PackageFileName = source.PackageFileName,
            Digest = source.Digest,
            Date = date,
            Risk = RiskLine(source.Manifest.Risk),
            Sections =
            [
                GeneralDescription(source),
                Development(source, signatures, date),
                MonitoringFunctioningControl(source),
                PerformanceMetrics(source, renderers),
                RiskManagement(source),
                LifecycleChanges(source, date),
                Standards(source),
                DeclarationOfConformity(source),
                PostMarketMonitoring(source),
            ],
        };
    }

    private static DossierSection GeneralDescription(DossierSource source)
    {
        var point = AnnexIvPoint.GeneralDescription;
        var card = source.Card;
        var m = source.Manifest;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        content.Facts(
        [
            ("Name", m.Name, false),
            ("Version", m.Version, false),
            ("Provider (owners)", card.Owners.Count == 0 ? "not stated" : string.Join(", ", card.Owners), false),
            ("Licence", card.Licence ?? "not stated", false),
            ("Placed on the market as", source.PackageFileName, true),
            ("Artefact digest (sha256 of manifest.json)", source.Digest, true),
            ("Model", ModelLine(source), false),
        ]);
        content.Prose("1(a) Intended purpose", card.IntendedUse);
        Require(gaps, card, point, CardFields.IntendedUse, "intended purpose");
        content.Prose("Description", card.Description);
        Require(gaps, card, point, CardFields.Description, "general description of the system");
        Require(gaps, card, point, CardFields.Owners, "name of the provider");
        content.Heading("1(c) Versions of relevant software");
        content.Table("Tools that built the artefact", ["Tool", "Version"],
            m.Lineage.Tools.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (IReadOnlyList<string>)[t.Key, t.Value]), 1);
        return Section(point, content, gaps);
    }

    private static DossierSection Development(DossierSource source, IReadOnlyList<DossierSignature> signatures, string date)
    {
        var point = AnnexIvPoint.Development;
        var card = source.Card;
        var m = source.Manifest;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        content.Prose("2(a) Methods and steps of development (notes from the authors)", string.IsNullOrWhiteSpace(card.Body) ? null : card.Body);

        content.Heading("2(b) Design: inputs and outputs");
        content.Table("Inputs", ["Name", "Element type", "Shape"], m.Model.Inputs.Select(s => (IReadOnlyList<string>)[s.Name, s.ElementType, s.ShapeText]), 0);
        content.Table("Outputs", ["Name", "Element type", "Shape"], m.Model.Outputs.Select(s => (IReadOnlyList<string>)[s.Name, s.ElementType, s.ShapeText]), 0);
        if (card.Label is not null)
        {
            content.Facts([("Label (target) column", card.Label, true)]);
        }

        content.Heading("2(d) Data sets");
        if (m.Data.Count == 0)
        {
            content.Text("No data sets were declared when the artefact was built.");
            gaps.Add(new(point.Number, "training and testing data sets", "declare the training and evaluation data when the artefact is built (they are pinned by sha256)"));
        }
        else
        {
            content.Table("Data sets (pinned by sha256 in the manifest)", ["Data set", "Role", "Rows", "Bytes", "sha256"],
                m.Data.Select(d => (IReadOnlyList<string>)[d.Path, d.RoleName, d.Rows is { } r ? Number(r) : "n/a", Number(d.Size), d.Sha256]), 0, 4);
        }
        if (card.SensitiveFeatures.Count > 0)
        {
            content.Facts([("Sensitive features", string.Join(", ", card.SensitiveFeatures), false)]);
        }
        content.Text("2(e) The human oversight measures are described in section 3.");

        content.Heading("2(g) Validation and testing: test reports");
        var reports = source.Evidence;
        if (reports.Count == 0)
        {
            content.Text("The artefact holds no evidence.");
        }
        else
        {
            content.Table("Test reports sealed in the artefact (dated by the artefact's reproducible clock)", ["Report", "Verdict", "Member", "sha256", "Date"],
                reports.Select(e => (IReadOnlyList<string>)[e.Kind, e.Verdict, e.MemberPath, e.Sha256, date]), 2, 3);
        }
        if (!Has(source, EvidenceKinds.Evaluation))
        {
            gaps.Add(new(point.Number, "test report on accuracy (evaluation evidence)", "run `mlops evaluate` and rebuild the artefact with its evidence"));
        }
        if (!Has(source, EvidenceKinds.Fairness))
        {
            gaps.Add(new(point.Number, "test report on potentially discriminatory impacts (fairness evidence)", "run `mlops fairness` and rebuild the artefact with its evidence"));
        }

        content.Heading("2(g) Signatures of the responsible persons");
        if (signatures.Count == 0)
        {
            content.Text("No signatures were given.");
        }
        else
        {
            content.Table("Signatures", ["Signer", "Email", "Role", "Statement", "Decision", "Time", "Key id", "Valid"],
                signatures.Select(s => (IReadOnlyList<string>)
                [
                    s.Signer, s.Email ?? "", s.Role, s.Statement, s.Decision ?? "", s.Time, s.KeyId,
                    s.Valid ? "valid" : $"invalid: {s.Problem ?? "not verified"}",
                ]), 6);
        }
        if (!signatures.Any(s => s.IsValidApproval))
        {
            gaps.Add(new(point.Number, "signed approvals", "run `mlops approve`"));
        }
        return Section(point, content, gaps);
    }

    private static DossierSection MonitoringFunctioningControl(DossierSource source)
    {
        var point = AnnexIvPoint.MonitoringFunctioningControl;
        var card = source.Card;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        content.Prose("Capabilities and limitations in performance", card.Limitations);
        Require(gaps, card, point, CardFields.Limitations, "limitations in performance");
        content.Prose("Foreseeable misuse (out-of-scope use)", card.OutOfScopeUse);
        Require(gaps, card, point, CardFields.OutOfScopeUse, "foreseeable misuse (out-of-scope use)");
        content.Prose("Human oversight (Article 14)", card.HumanOversight);
        Require(gaps, card, point, CardFields.HumanOversight, "human oversight measures");
        content.Text("Input data: the model's inputs are listed in section 2(b); the accuracy for groups of persons is in the fairness report in section 4.");
        return Section(point, content, gaps);
    }

    private static DossierSection PerformanceMetrics(DossierSource source, EvidenceSectionRegistry renderers)
    {
        var point = AnnexIvPoint.PerformanceMetrics;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        content.Prose("Why these metrics are appropriate", source.Card.MetricsRationale);
        Require(gaps, source.Card, point, CardFields.MetricsRationale, "why the performance metrics are appropriate");
        var measured = source.Evidence.Where(e => e.Kind is EvidenceKinds.Evaluation or EvidenceKinds.Fairness).ToList();
        if (measured.Count == 0)
        {
            content.Text("No metrics were measured (see the gaps of section 2).");
        }
        foreach (var e in measured)
        {
            // The card's own evidence renderer, so the dossier shows the figures exactly as the card does.
            var rendered = renderers.Resolve(e.Kind).Render(e);
            content.Heading($"Measured: {e.Kind} ({e.Verdict})");
            content.Rendered(rendered.Markdown, rendered.Html);
        }
        return Section(point, content, gaps);
    }

    private static DossierSection RiskManagement(DossierSource source)
    {
        var point = AnnexIvPoint.RiskManagement;
        var risk = source.Manifest.Risk;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        var gate = source.Evidence.FirstOrDefault(e => e.Kind == EvidenceKinds.Gate);
        content.Facts(
        [
            ("Risk level", RiskLine(risk), false),
            ("Gate", gate is null ? "no gate evidence in the artefact" : $"{gate.Verdict} ({gate.MemberPath}, sha256 {gate.Sha256})", false),
        ]);
        if (risk.EuAiActCategory == EuAiActCategory.Unacceptable)
        {
            content.Text("The EU AI Act category is unacceptable: a prohibited practice (Article 5) that can never be placed on the market.");
        }
        content.Prose("Risk management system (Article 9)", source.Card.RiskManagement);
        Require(gaps, source.Card, point, CardFields.RiskManagement, "risk management system");
        content.Prose("Ethical considerations", source.Card.EthicalConsiderations);
        return Section(point, content, gaps);
    }

    private static DossierSection LifecycleChanges(DossierSource source, string date)
    {
        var point = AnnexIvPoint.LifecycleChanges;
        var lineage = source.Manifest.Lineage;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        content.Facts(
        [
            ("Version", source.Manifest.Version, false),
            ("Commit", lineage.Commit ?? "not in a git repository", true),
            ("Uncommitted changes", lineage.Dirty switch { true => "yes", false => "no", null => "n/a" }, false),
            ("Built", date, false),
        ]);
        content.Prose("Changes through the life cycle", source.Card.LifecycleChanges);
        Require(gaps, source.Card, point, CardFields.LifecycleChanges, "changes through the life cycle");
        return Section(point, content, gaps);
    }

    private static DossierSection Standards(DossierSource source)
    {
        var point = AnnexIvPoint.Standards;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        if (source.Card.StandardsApplied.Count > 0)
        {
            content.Table("Standards and technical specifications applied", ["Standard"], source.Card.StandardsApplied.Select(s => (IReadOnlyList<string>)[s]));
        }
        Require(gaps, source.Card, point, CardFields.StandardsApplied, "standards applied");
        return Section(point, content, gaps);
    }

    private static DossierSection DeclarationOfConformity(DossierSource source)
    {
        var point = AnnexIvPoint.DeclarationOfConformity;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        content.Prose("EU declaration of conformity (Article 47)", source.Card.DeclarationOfConformity);
        Require(gaps, source.Card, point, CardFields.DeclarationOfConformity, "EU declaration of conformity");
        return Section(point, content, gaps);
    }

    private static DossierSection PostMarketMonitoring(DossierSource source)
    {
        var point = AnnexIvPoint.PostMarketMonitoring;
        var content = new DossierContent();
        var gaps = new List<DossierGap>();
        content.Prose("Post-market monitoring plan (Article 72(3))", source.Card.PostMarketMonitoring);
        Require(gaps, source.Card, point, CardFields.PostMarketMonitoring, "post-market monitoring plan");
        if (source.Evidence.FirstOrDefault(e => e.Kind == EvidenceKinds.DriftBaseline) is { } baseline)
        {
            content.Facts([("Drift baseline (production data is compared with it)", $"{baseline.MemberPath}, sha256 {baseline.Sha256}", false)]);
        }
        else
        {
            gaps.Add(new(point.Number, "drift baseline to compare production data with", "run `mlops drift baseline` and rebuild the artefact with its evidence"));
        }
        return Section(point, content, gaps);
    }

    private static void Require(List<DossierGap> gaps, CardSource card, AnnexIvPoint point, string field, string what)
    {
        if (!CardRequirements.IsPresent(card, field))
        {
            gaps.Add(DossierGap.CardField(point.Number, what, field));
        }
    }

    private static bool Has(DossierSource source, string kind) => source.Evidence.Any(e => e.Kind == kind);

    private static DossierSection Section(AnnexIvPoint point, DossierContent content, IReadOnlyList<DossierGap> gaps) =>
        new(point, content.Markdown, content.Html, gaps);

    private static string ModelLine(DossierSource source)
    {
        var model = source.Manifest.Model;
        var line = $"{model.Format}, IR version {Number(model.IrVersion)}, opsets {string.Join(", ", model.Opsets.Select(o => $"{o.Domain} {Number(o.Version)}"))}";
        var producer = $"{model.ProducerName} {model.ProducerVersion}".Trim();
        return producer.Length > 0 ? $"{line}, produced by {producer}; source model sha256 {source.Manifest.SourceModelSha256}"
            : $"{line}; source model sha256 {source.Manifest.SourceModelSha256}";
    }

    internal static string RiskLine(RiskAssessment risk) =>
        $"{RiskWords.Of(risk.Level)} (probability {RiskWords.Of(risk.Probability)} × severity {RiskWords.Of(risk.Severity)}; EU AI Act: {RiskWords.Of(risk.EuAiActCategory)})";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
