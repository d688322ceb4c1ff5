using System.Diagnostics;
using MlOps.Attestations.Releases;
using MlOps.Attestations.Trust;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Explanations;
using MlOps.Governance.Scoring;
using MlOps.Hashing;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Engines;
using MlOps.Runtime.Scoring;
using MlOps.Runtime.Telemetry;
using MlOps.Diagnostics;

namespace MlOps.Runtime;

/// <summary>
/// A model loaded from a verified .mlpkg artefact: scoring and audit logging in one call. Open verifies the
/// manifest digest and every member before anything runs; <see cref="Predict(IReadOnlyDictionary{string, OnnxValue})"/>
/// scores with the managed ONNX evaluator and appends a hash-chained audit record. Immutable and thread-safe.
/// </summary>
public sealed class GovernedModel
{
    private readonly IModelSession _session;
    private readonly GovernedModelOptions _options;
    private readonly ILocalExplainer? _explainer;
    private readonly string _notExplainable;

    private GovernedModel(string path, MlPackage package, string cardMarkdown, IModelSession session, GovernedModelOptions options, ReleaseRecord? release,
        ILocalExplainer? explainer, string notExplainable)
    {
        _explainer = explainer;
        _notExplainable = notExplainable;
        Path = path;
        Release = release;
        Manifest = package.Manifest;
        Digest = package.Digest;
        Card = cardMarkdown;
        _session = session;
        _options = options;
    }

    /// <summary>The artefact file.</summary>
    public string Path { get; }

    /// <summary>The artefact's manifest (name, version, signature, members, lineage, risk, evidence index).</summary>
    public ArtefactManifest Manifest { get; }

    /// <summary>The model card as rendered into the artefact (card/model-card.md).</summary>
    public string Card { get; }

    /// <summary>The model's name.</summary>
    public string Name => Manifest.Name;

    /// <summary>The model's version.</summary>
    public string Version => Manifest.Version;

    /// <summary>The artefact digest (sha256 of manifest.json), written into every audit record.</summary>
    public string Digest { get; }

    /// <summary>
    /// The release record the model was loaded under (line, SHA-256 and signer), when it was opened with
    /// <see cref="GovernedModelOptions.TrustFile"/>; null otherwise.
    /// </summary>
    public ReleaseRecord? Release { get; }

    /// <summary>The engine that scores (<see cref="GovernedModelOptions.Engine"/>; <c>managed</c> by default).</summary>
    public string Engine => _session.Engine;

    /// <summary>The inputs a caller supplies, in graph order.</summary>
    public IReadOnlyList<MlOps.Onnx.OnnxValueInfo> Inputs => _session.Inputs;

    /// <summary>The outputs, in graph order.</summary>
    public IReadOnlyList<MlOps.Onnx.OnnxValueInfo> Outputs => _session.Outputs;

    /// <summary>
    /// Verifies the artefact (manifest digest, every member, the canonical archive bytes, sidecar when present)
    /// and loads its model. With <see cref="GovernedModelOptions.TrustFile"/>, only a released artefact loads: its
    /// attestation bundle must hold a valid release record signed by a trusted key (docs/runtime.md).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArtefactVerificationException">
    /// The artefact will not be loaded: something differs (the message lists every difference), or the file is
    /// missing, unreadable, not an artefact or refused as unsafe (the inner exception says why). Never another
    /// exception type for a damaged or hostile file.
    /// </exception>
    /// <exception cref="ModelNotReleasedException">A trust file was given and the artefact is not released (the
    /// exception lists every reason).</exception>
    /// <exception cref="MlOpsException">The artefact is intact but its model uses something the evaluator does not
    /// support; or the trust file is missing or invalid (MLOPS140).</exception>
    public static GovernedModel Open(string path, GovernedModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new GovernedModelOptions();
        var release = options.TrustFile is { } trustPath ? RequireRelease(path, TrustFile.Read(trustPath)) : null;
        var (package, modelBytes, card) = ReadVerified(path);
        using (package)
        {
            // The release was checked for the file's bytes before loading: the file read must still be those bytes,
            // or a swap in between would run an unreleased model under a released model's record.
            if (release is not null && Sha256Hex.OfFile(path) != release.ArtefactSha256)
            {
                throw new ArtefactVerificationException(path,
                    [new ArtefactDifference(DifferenceKind.StructureChanged, "(file)", "the artefact changed while it was being loaded")]);
            }
            var model = ModelFile.FromVerifiedArtefact(path, modelBytes, package.Digest);
            var session = ScoringEngines.Open(model, options.Engine);
            var explainer = CreateExplainer(model, options, out var notExplainable);
            return new GovernedModel(path, package, card, session, options, release?.Record, explainer, notExplainable);
        }
    }

    // The explainer is built once, at Open: the background data is read there, and a model opted into audited
    // explanations that cannot have them fails to open rather than serving predictions without them.
    private static ILocalExplainer? CreateExplainer(ModelFile model, GovernedModelOptions options, out string notExplainable)
    {
        if (options.ExplanationBackground is not { } background)
        {
            notExplainable = "no background data was configured (GovernedModelOptions.ExplanationBackground)";
        }
        else if (LocalExplainers.TryCreate(model, background, options.ExplainedClass, null, out notExplainable) is { } explainer)
        {
            return explainer;
        }
        if (options.AuditExplanations)
        {
            throw NotExplainable(model.Source, notExplainable);
        }
        return null;
    }

    private static MlOpsException NotExplainable(string source, string why) =>
        new($"The model '{source}' cannot be explained locally: {why}.", source,
            fix: "Give background data (the training data or a sample of it) for a model whose estimator is linear, logistic or a tree ensemble; see docs/explanations.md for what is supported.",
            diagnostic: DiagnosticCatalog.ModelNotExplainable, inputs: [UserInputs.Data, UserInputs.Model]);

    private static ReleaseCheck RequireRelease(string path, TrustFile trust)
    {
        if (!File.Exists(path))
        {
            throw new ArtefactVerificationException(path,
                new MlOpsException("The model artefact does not exist.", file: path, fix: "Pass the path of a .mlpkg built by MlOps.Build.", diagnostic: DiagnosticCatalog.ModelMissing));
        }
        var check = ReleaseVerifier.Check(path, trust);
        return check.IsReleased ? check : throw new ModelNotReleasedException(path, check.Reasons);
    }

    /// <summary>Verifies, then reads the model and card; anything wrong with the file is an ArtefactVerificationException.</summary>
    private static (MlPackage Package, byte[] ModelBytes, string Card) ReadVerified(string path)
    {
        MlPackage? package = null;
        try
        {
            if (!File.Exists(path))
            {
                throw new MlOpsException("The model artefact does not exist.", file: path, fix: "Pass the path of a .mlpkg built by MlOps.Build.", diagnostic: DiagnosticCatalog.ModelMissing);
            }
            var verification = MlPackageVerifier.Verify(path);
            if (!verification.Intact)
            {
                throw new ArtefactVerificationException(path, verification.Differences);
            }
            package = MlPackageReader.Open(path);
            // The file could be swapped between verifying and reading: the manifest read now must be the one verified,
            // and ReadMember checks each member against it again.
            if (package.Digest != verification.Digest)
            {
                throw new ArtefactVerificationException(path,
                    [new ArtefactDifference(DifferenceKind.ManifestEdited, ArtefactPaths.Manifest, $"changed while loading: sha256 is {package.Digest}, verified {verification.Digest}")]);
            }
            return (package, package.ReadModelBytes(), package.ReadCardMarkdown());
        }
        catch (Exception e)
        {
            package?.Dispose();
            if (e is (MlOpsException and not ArtefactVerificationException) or IOException or UnauthorizedAccessException)
            {
                throw new ArtefactVerificationException(path, e);
            }
            throw;
        }
    }

    /// <summary>
    /// Scores a batch and appends one audit record for it (model identity, input digest, output, latency,
    /// caller, correlation id). Returns after the record is durable per the log's policy.
    /// </summary>
    /// <exception cref="InvalidOperationException">No audit log was configured in <see cref="GovernedModelOptions"/>.</exception>
    /// <exception cref="MlOpsException">An input is missing or of the wrong type or shape.</exception>
    public IReadOnlyDictionary<string, OnnxValue> Predict(IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var log = _options.AuditLog ?? throw new InvalidOperationException(
            "GovernedModel.Predict needs GovernedModelOptions.AuditLog: every prediction is audited. Configure a log, or call ScoreUnaudited deliberately.");
        var rows = Rows(inputs);
        var started = Stopwatch.GetTimestamp();
        using var activity = RuntimeTelemetry.StartPrediction(Name, Version, Digest, rows);
        var outputs = _session.Run(inputs);
        var scored = Stopwatch.GetElapsedTime(started);

        var entry = new AuditEntry(Name, Version, Digest, ValueJson.Of(inputs), ValueJson.Of(outputs))
        {
            Explanation = _options.AuditExplanations ? AuditedExplanation(inputs, rows) : null,
            Rows = rows,
            Latency = scored,
            Caller = _options.Caller,
            RecordRawInput = _options.RecordRawInput,
            ReleaseSha256 = Release?.Sha256,
            Engine = _session.Engine,
        };
        var appendStarted = Stopwatch.GetTimestamp();
        var record = log.Append(entry);
        RuntimeTelemetry.AuditAppendDuration.Record(Stopwatch.GetElapsedTime(appendStarted).TotalSeconds);
        activity?.SetTag(RuntimeTelemetry.AuditSequenceTag, record.Sequence);
        RuntimeTelemetry.RecordPrediction(Name, Version, rows, Stopwatch.GetElapsedTime(started));
        return outputs;
    }

    /// <summary>
    /// Explains one prediction: its inputs as <see cref="Predict(IReadOnlyDictionary{string, OnnxValue})"/> takes them
    /// (one row), its margin, the expected value and the <paramref name="top"/> feature contributions that moved the
    /// margin most (all of them add up to margin − expected value). Writes no audit record: the prediction itself is
    /// audited by Predict, which also records the contributions when <see cref="GovernedModelOptions.AuditExplanations"/> is on.
    /// </summary>
    /// <exception cref="MlOpsException">MLOPS195: no background data was configured or the model has no exact explainer;
    /// an input is missing or of the wrong type or shape.</exception>
    /// <exception cref="ArgumentException">The inputs hold more than one row.</exception>
    public PredictionExplanation Explain(IReadOnlyDictionary<string, OnnxValue> inputs, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var explainer = _explainer ?? throw NotExplainable(Path, _notExplainable);
        if (Rows(inputs) != 1)
        {
            throw new ArgumentException("Explain takes the inputs of one prediction (one row).", nameof(inputs));
        }
        var contributions = new double[explainer.Features.Count];
        var margins = new double[1];
        explainer.Explain(inputs, 1, contributions, margins);
        return PredictionExplanation.Of(explainer, contributions, margins[0], top, inputs, row: 0);
    }

    /// <summary>Explains one prediction given as name/value pairs (see <see cref="Explain(IReadOnlyDictionary{string, OnnxValue}, int)"/>).</summary>
    public PredictionExplanation Explain(params (string Name, OnnxValue Value)[] inputs) => Explain(ToDictionary(inputs));

    private AuditJson AuditedExplanation(IReadOnlyDictionary<string, OnnxValue> inputs, int rows)
    {
        // Open refused AuditExplanations without an explainer, so there is one here.
        var explainer = _explainer!;
        var contributions = new double[rows * explainer.Features.Count];
        var margins = new double[rows];
        explainer.Explain(inputs, rows, contributions, margins);
        return PredictionExplanation.AuditOf(explainer, contributions, margins, _options.AuditedContributions);
    }

    /// <summary>Scores a batch given as name/value pairs, audited.</summary>
    public IReadOnlyDictionary<string, OnnxValue> Predict(params (string Name, OnnxValue Value)[] inputs) =>
        Predict(ToDictionary(inputs));

    /// <summary>
    /// Scores without writing an audit record. Counts as inference for the MLOPS001 analyzer: use it only
    /// where the caller logs the prediction itself.
    /// </summary>
    public IReadOnlyDictionary<string, OnnxValue> ScoreUnaudited(IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return _session.Run(inputs);
    }

    /// <summary>Scores name/value pairs without writing an audit record.</summary>
    public IReadOnlyDictionary<string, OnnxValue> ScoreUnaudited(params (string Name, OnnxValue Value)[] inputs) =>
        ScoreUnaudited(ToDictionary(inputs));

    // Rows = leading dimension of the first graph input (a batch is one record, so the count matters).
    private int Rows(IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        foreach (var info in _session.Inputs)
        {
            if (inputs.TryGetValue(info.Name, out var value))
            {
                return value is Tensor { Rank: > 0 } t ? t.Dimensions[0] : value is MapSequence m ? m.Count : 1;
            }
        }
        return 1;
    }

    private static Dictionary<string, OnnxValue> ToDictionary((string Name, OnnxValue Value)[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var map = new Dictionary<string, OnnxValue>(inputs.Length, StringComparer.Ordinal);
        foreach (var (name, value) in inputs)
        {
            if (!map.TryAdd(name, value))
            {
                throw new ArgumentException($"Input '{name}' is given twice.", nameof(inputs));
            }
        }
        return map;
    }
}
