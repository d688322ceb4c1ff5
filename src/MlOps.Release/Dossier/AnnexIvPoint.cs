namespace MlOps.Release.Dossier;

/// <summary>
/// One of the nine points of Annex IV of Regulation (EU) 2024/1689 (technical documentation referred to in
/// Article 11(1)), with its wording, shortened where long (docs/dossier.md).
/// </summary>
/// <param name="Number">The point, "1" to "9".</param>
/// <param name="Title">The section heading the dossier gives it.</param>
/// <param name="Wording">What the point asks for.</param>
public sealed record AnnexIvPoint(string Number, string Title, string Wording)
{
    /// <summary>The HTML id of the point's section ("annex-iv-9").</summary>
    public string Anchor => $"annex-iv-{Number}";

    /// <summary>"Annex IV point 9".</summary>
    public string Citation => $"Annex IV point {Number}";

    /// <summary>General description of the AI system.</summary>
    public static AnnexIvPoint GeneralDescription { get; } = new("1", "General description of the AI system",
        "A general description of the AI system including its intended purpose, the name of the provider and the version of the system; "
        + "how it interacts with hardware or software that is not part of it; the versions of relevant software; the forms in which it is "
        + "placed on the market or put into service; and the instructions for use (points 1(a) to 1(h)).");

    /// <summary>Elements of the system and the process for its development.</summary>
    public static AnnexIvPoint Development { get; } = new("2", "Elements of the AI system and the process for its development",
        "A detailed description of the elements of the AI system and of the process for its development, including the methods and design "
        + "choices (2(a), 2(b)), the data requirements and the training data sets used (2(d)), the assessment of the human oversight measures "
        + "(Article 14; 2(e)) and, under 2(g), the validation and testing procedures used, the validation and testing data and their main "
        + "characteristics, the metrics used to measure accuracy, robustness and potentially discriminatory impacts, and the test logs and "
        + "all test reports dated and signed by the responsible persons.");

    /// <summary>Monitoring, functioning and control.</summary>
    public static AnnexIvPoint MonitoringFunctioningControl { get; } = new("3", "Monitoring, functioning and control",
        "Detailed information about the monitoring, functioning and control of the AI system, in particular its capabilities and limitations "
        + "in performance (including the degrees of accuracy for specific persons or groups of persons), the foreseeable unintended outcomes "
        + "and sources of risk, the human oversight measures needed in accordance with Article 14, and the specifications on input data.");

    /// <summary>Appropriateness of the performance metrics.</summary>
    public static AnnexIvPoint PerformanceMetrics { get; } = new("4", "Appropriateness of the performance metrics",
        "A description of the appropriateness of the performance metrics for the specific AI system.");

    /// <summary>The risk management system.</summary>
    public static AnnexIvPoint RiskManagement { get; } = new("5", "Risk management system",
        "A detailed description of the risk management system in accordance with Article 9.");

    /// <summary>Changes through the life cycle.</summary>
    public static AnnexIvPoint LifecycleChanges { get; } = new("6", "Changes through the life cycle",
        "A description of relevant changes made by the provider to the system through its lifecycle.");

    /// <summary>Standards applied.</summary>
    public static AnnexIvPoint Standards { get; } = new("7", "Standards applied",
        "A list of the harmonised standards applied in full or in part, the references of which have been published in the Official Journal "
        + "of the European Union; where none have been applied, a detailed description of the solutions adopted to meet the requirements of "
        + "Chapter III, Section 2, including a list of other relevant standards and technical specifications applied.");

    /// <summary>The EU declaration of conformity.</summary>
    public static AnnexIvPoint DeclarationOfConformity { get; } = new("8", "EU declaration of conformity",
        "A copy of the EU declaration of conformity referred to in Article 47.");

    /// <summary>Post-market monitoring.</summary>
    public static AnnexIvPoint PostMarketMonitoring { get; } = new("9", "Post-market monitoring",
        "A detailed description of the system in place to evaluate the AI system performance in the post-market phase in accordance with "
        + "Article 72, including the post-market monitoring plan referred to in Article 72(3).");

    /// <summary>The nine points in the regulation's order.</summary>
    public static IReadOnlyList<AnnexIvPoint> All { get; } =
    [
        GeneralDescription, Development, MonitoringFunctioningControl, PerformanceMetrics, RiskManagement, LifecycleChanges, Standards,
        DeclarationOfConformity, PostMarketMonitoring,
    ];
}
