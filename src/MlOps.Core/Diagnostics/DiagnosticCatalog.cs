namespace MlOps.Diagnostics;

/// <summary>
/// Every MLOPS1xx diagnostic in one place (as Meziantou's RuleIdentifiers does for analyzer rules): the libraries
/// throw <see cref="MlOpsException"/>s that name these descriptors, the MSBuild task reports them with their help
/// links, and the docs test checks that each has its page. The MLOPS0xx analyzer rules are catalogued by
/// MlOps.Analyzers (it depends on nothing of ours); both share the one help-link root, <see cref="HelpRoot"/>.
/// </summary>
public static class DiagnosticCatalog
{
    /// <summary>Where the diagnostic pages live: docs/ of the repository. Defined once, in Directory.Build.props (MlOpsHelpRoot).</summary>
    public const string HelpRoot = HelpLinks.Root;

    /// <summary>MLOPS101: the model file does not exist or cannot be read.</summary>
    public static DiagnosticDescriptor ModelMissing { get; } = new("MLOPS101", "Model file missing",
        "Check the model's path, or train and export the model first.", DiagnosticSource.Library);

    /// <summary>MLOPS102: the file is not an ONNX model.</summary>
    public static DiagnosticDescriptor NotOnnx { get; } = new("MLOPS102", "Not an ONNX file",
        "Pass the .onnx file the exporter wrote; a damaged file must be exported again.", DiagnosticSource.Library);

    /// <summary>MLOPS103: the ONNX file ends early.</summary>
    public static DiagnosticDescriptor TruncatedOnnx { get; } = new("MLOPS103", "Truncated ONNX file",
        "Export the model again; the file was cut short (an interrupted copy or download).", DiagnosticSource.Library);

    /// <summary>MLOPS104: the model card does not exist.</summary>
    public static DiagnosticDescriptor CardMissing { get; } = new("MLOPS104", "Model card missing",
        "Create the card (docs/model-card.md shows a complete one) or correct its path.", DiagnosticSource.Library);

    /// <summary>MLOPS105: the card's YAML front matter is invalid.</summary>
    public static DiagnosticDescriptor InvalidFrontMatter { get; } = new("MLOPS105", "Invalid YAML front matter",
        "Correct the YAML at the position given; every key is documented in docs/model-card.md.", DiagnosticSource.Library);

    /// <summary>MLOPS106: a card field the risk level requires is missing.</summary>
    public static DiagnosticDescriptor CardFieldMissing { get; } = new("MLOPS106", "Required card field missing for the model's risk level",
        "Add the listed fields to the card's front matter.", DiagnosticSource.Library);

    /// <summary>MLOPS107: a risk word is not one of the allowed ones.</summary>
    public static DiagnosticDescriptor UnknownRiskWord { get; } = new("MLOPS107", "Unknown risk word",
        "Use one of the words the message lists (docs/risk-matrix.md).", DiagnosticSource.Library);

    /// <summary>MLOPS108: the version is missing or not SemVer 2.</summary>
    public static DiagnosticDescriptor InvalidVersion { get; } = new("MLOPS108", "Version is not SemVer 2",
        "Give the model a SemVer 2 version such as 1.0.0.", DiagnosticSource.Library);

    /// <summary>MLOPS109: a data file does not exist.</summary>
    public static DiagnosticDescriptor DataMissing { get; } = new("MLOPS109", "Data file missing",
        "Correct the path or fetch the data first.", DiagnosticSource.Library);

    /// <summary>MLOPS110: evidence about another model.</summary>
    public static DiagnosticDescriptor EvidenceFromAnotherModel { get; } = new("MLOPS110", "Evidence file from another model",
        "Run the evidence stage again for the model being packaged, or remove the stale file.", DiagnosticSource.Library);

    /// <summary>MLOPS111: an evidence file does not follow the evidence contract.</summary>
    public static DiagnosticDescriptor EvidenceMalformed { get; } = new("MLOPS111", "Evidence file malformed",
        "Regenerate the evidence with the stage that writes it; do not edit it by hand.", DiagnosticSource.Library);

    /// <summary>MLOPS112: not an .mlpkg artefact, or an unreadable one.</summary>
    public static DiagnosticDescriptor NotAnArtefact { get; } = new("MLOPS112", "Not an artefact, or an unreadable one",
        "Pass the .mlpkg that the build wrote; a damaged copy cannot be repaired: obtain it again.", DiagnosticSource.Library);

    /// <summary>MLOPS113: the model name cannot name a file.</summary>
    public static DiagnosticDescriptor InvalidModelName { get; } = new("MLOPS113", "Invalid model name",
        "Use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit.", DiagnosticSource.Library);

    /// <summary>MLOPS114: an archive entry name escapes the target folder.</summary>
    public static DiagnosticDescriptor UnsafeEntryName { get; } = new("MLOPS114", "Unsafe ZIP entry name (zip-slip)",
        "Do not use the archive; obtain it again from a trusted source.", DiagnosticSource.Library);

    /// <summary>MLOPS115: an archive exceeds the size limits.</summary>
    public static DiagnosticDescriptor ArchiveTooLarge { get; } = new("MLOPS115", "Archive exceeds the safety limits (zip bomb)",
        "Do not use the archive; obtain it again from a trusted source.", DiagnosticSource.Library);

    /// <summary>MLOPS116: the model or a member is too large for format v1.</summary>
    public static DiagnosticDescriptor ArtefactTooLarge { get; } = new("MLOPS116", "Artefact too large for format v1",
        "Reduce the model (quantize, prune) or summarise large evidence files.", DiagnosticSource.Library);

    /// <summary>MLOPS117: two evidence files of one kind.</summary>
    public static DiagnosticDescriptor DuplicateEvidenceKind { get; } = new("MLOPS117", "Two evidence files of the same kind",
        "Keep one evidence file per kind in the evidence folder.", DiagnosticSource.Library);

    /// <summary>MLOPS118: SOURCE_DATE_EPOCH is not a number.</summary>
    public static DiagnosticDescriptor InvalidSourceDateEpochVariable { get; } = new("MLOPS118", "SOURCE_DATE_EPOCH is not a number",
        "Set SOURCE_DATE_EPOCH to a whole number of seconds, or unset it to use the commit time.", DiagnosticSource.Library);

    /// <summary>MLOPS119: a member differs from the manifest.</summary>
    public static DiagnosticDescriptor MemberTampered { get; } = new("MLOPS119", "Artefact member differs from its manifest",
        "Do not use the artefact; verify it and obtain an intact copy.", DiagnosticSource.Library);

    /// <summary>MLOPS120: an MlModel item has no card.</summary>
    public static DiagnosticDescriptor ItemIncomplete { get; } = new("MLOPS120", "MlModel item has no card",
        "Give the MlModel item Card metadata.", DiagnosticSource.MSBuild);

    /// <summary>MLOPS121: two MlModel items would write the same artefact.</summary>
    public static DiagnosticDescriptor DuplicateArtefact { get; } = new("MLOPS121", "two MlModel items write the same artefact",
        "Give each MlModel item its own Name (or Version).", DiagnosticSource.MSBuild);

    /// <summary>MLOPS122: MlOpsSourceDateEpoch is not a count of seconds.</summary>
    public static DiagnosticDescriptor InvalidSourceDateEpochProperty { get; } = new("MLOPS122", "MlOpsSourceDateEpoch is not a count of seconds",
        "Set MlOpsSourceDateEpoch to a whole number of seconds, or remove it.", DiagnosticSource.MSBuild);

    /// <summary>MLOPS123: the MSBuild host cannot run the task (raised by the targets file).</summary>
    public static DiagnosticDescriptor UnsupportedHost { get; } = new("MLOPS123", "this MSBuild cannot run MlOps.Build",
        "Build with `dotnet build`, or update Visual Studio to 2026 (MSBuild 18).", DiagnosticSource.MSBuild);

    /// <summary>MLOPS124: an output could not be written.</summary>
    public static DiagnosticDescriptor OutputNotWritten { get; } = new("MLOPS124", "the model package could not be written",
        "Make the output folder writable, free some space and close programs holding the files, then build again.", DiagnosticSource.MSBuild);

    /// <summary>MLOPS125: an input was rejected by a check without a more specific code.</summary>
    public static DiagnosticDescriptor InputRejected { get; } = new("MLOPS125", "an input was rejected",
        "Follow the message's fix, then build again.", DiagnosticSource.MSBuild);

    /// <summary>MLOPS126: the artefact was written under another name than MSBuild predicted.</summary>
    public static DiagnosticDescriptor UnexpectedArtefactPath { get; } = new("MLOPS126", "the artefact was written under an unexpected name",
        "Set the MlModel item's Name and Version metadata explicitly.", DiagnosticSource.MSBuild);

    /// <summary>MLOPS127: another project already writes this artefact into the same output folder.</summary>
    public static DiagnosticDescriptor ArtefactClaimedByAnotherProject { get; } = new("MLOPS127", "another project writes the same artefact",
        "Give the models different names or versions, or the projects different output folders.", DiagnosticSource.MSBuild);

    /// <summary>MLOPS130: a CSV record is longer than the maximum record length.</summary>
    public static DiagnosticDescriptor RecordTooLong { get; } = new("MLOPS130", "CSV record longer than the maximum record length",
        "Check that the file is a CSV file with line breaks; raise the maximum record length only for genuinely wide rows.", DiagnosticSource.Library);

    /// <summary>MLOPS131: a value in a numeric column is not a finite number.</summary>
    public static DiagnosticDescriptor NotANumber { get; } = new("MLOPS131", "a value in a numeric column is not a number",
        "Write a finite number with '.' as the decimal separator, or leave the value empty for a missing value.", DiagnosticSource.Library);

    /// <summary>MLOPS132: the CSV file is separated by something other than commas.</summary>
    public static DiagnosticDescriptor WrongSeparator { get; } = new("MLOPS132", "the CSV file is not comma-separated",
        "Save the file as comma-separated values (RFC 4180).", DiagnosticSource.Library);

    /// <summary>MLOPS133: two columns of a CSV header have the same name.</summary>
    public static DiagnosticDescriptor DuplicateColumn { get; } = new("MLOPS133", "two columns have the same name",
        "Give every column of the header a distinct name.", DiagnosticSource.Library);

    /// <summary>MLOPS134: a count setting is beyond its limit.</summary>
    public static DiagnosticDescriptor CountLimit { get; } = new("MLOPS134", "a count is beyond its limit",
        "Use a count within the documented limit.", DiagnosticSource.Library);

    /// <summary>MLOPS135: the model gives no number for a row.</summary>
    public static DiagnosticDescriptor NoScore { get; } = new("MLOPS135", "the model gives no number for a row",
        "Fill in the row's missing values, or score with a model that handles missing values.", DiagnosticSource.Library);

    /// <summary>MLOPS137: the audit log already has a writer, or its writer lock cannot be taken.</summary>
    public static DiagnosticDescriptor AuditLogHasWriter { get; } = new("MLOPS137", "audit log already has a writer",
        "Share one AuditLog per log file, or give each writer its own log; keep logs on a file system with working file locks.", DiagnosticSource.Library);

    /// <summary>MLOPS138: a key file is missing, not PEM, or not an ECDSA P-256 key of the right kind.</summary>
    public static DiagnosticDescriptor MalformedKey { get; } = new("MLOPS138", "not a usable key",
        "Use a key made by 'mlops key new': ECDSA P-256, private keys PKCS#8 PEM, public keys SPKI PEM.", DiagnosticSource.Library);

    /// <summary>MLOPS139: an encrypted private key without its passphrase, or with a wrong one.</summary>
    public static DiagnosticDescriptor KeyPassphrase { get; } = new("MLOPS139", "the private key's passphrase is missing or wrong",
        "Set the passphrase environment variable to the passphrase the key was created with.", DiagnosticSource.Library);

    /// <summary>MLOPS140: the trust file is invalid (a field, a key, a key listed twice).</summary>
    public static DiagnosticDescriptor InvalidTrustFile { get; } = new("MLOPS140", "invalid trust file",
        "Correct the trust file at the line named (docs/trust-file.md).", DiagnosticSource.Library);

    /// <summary>MLOPS141: a key file would replace an existing file.</summary>
    public static DiagnosticDescriptor KeyFileExists { get; } = new("MLOPS141", "key file already exists",
        "Choose another name for the new key; never overwrite a key something was signed with.", DiagnosticSource.Library);

    /// <summary>MLOPS145: ONNX Runtime cannot load the model (not a valid model, or an operator or opset it does not implement).</summary>
    public static DiagnosticDescriptor OnnxRuntimeCannotLoad { get; } = new("MLOPS145", "ONNX Runtime cannot load the model",
        "Export a model ONNX Runtime 1.32 opens (valid ONNX, operators and opsets it implements), or score it with the managed evaluator if that can run it.", DiagnosticSource.Library);

    /// <summary>MLOPS146: ONNX Runtime loaded the model but failed scoring a batch, or returned an output the toolkit cannot read.</summary>
    public static DiagnosticDescriptor OnnxRuntimeRunFailed { get; } = new("MLOPS146", "ONNX Runtime could not score the data",
        "Check the data matches the model's inputs (types and shapes) and that its outputs are tensors or ZipMap maps; re-export the model otherwise.", DiagnosticSource.Library);

    /// <summary>MLOPS156: trusted loading found no valid release record for the artefact.</summary>
    public static DiagnosticDescriptor ModelNotReleased { get; } = new("MLOPS156", "the model is not released",
        "Release the artefact (mlops release) with a key the trust file names, or load the artefact that was released.", DiagnosticSource.Library);

    /// <summary>MLOPS157: a trust file was given for a model that cannot carry a release record (a bare .onnx).</summary>
    public static DiagnosticDescriptor ReleaseNeedsArtefact { get; } = new("MLOPS157", "only an .mlpkg artefact can be released",
        "Load the .mlpkg artefact built from the model; a bare ONNX file has no attestations.", DiagnosticSource.Library);

    /// <summary>MLOPS160: the catalog file is not a SQLite database, or is damaged.</summary>
    public static DiagnosticDescriptor CatalogDamaged { get; } = new("MLOPS160", "the catalog file is not a catalog database, or is damaged",
        "Point at the right catalog file; restore a damaged catalog from its backup (the artefacts themselves can be registered again).", DiagnosticSource.Library);

    /// <summary>MLOPS161: another writer holds the catalog's lock longer than the wait allows.</summary>
    public static DiagnosticDescriptor CatalogBusy { get; } = new("MLOPS161", "the catalog is locked by another writer",
        "Try again when the other writer has finished; a team whose agents write at once shares a PostgreSQL catalog instead of one SQLite file.", DiagnosticSource.Library);

    /// <summary>MLOPS162: the PostgreSQL catalog cannot be reached, refused the login, or went away during a write.</summary>
    public static DiagnosticDescriptor CatalogUnreachable { get; } = new("MLOPS162", "the catalog database cannot be reached",
        "Check that the PostgreSQL server named is running and reachable, and that the connection string's user, password and database are right; then run the command again.", DiagnosticSource.Library);

    /// <summary>MLOPS163: the catalog's location cannot be written (read-only file or folder, or a full disk).</summary>
    public static DiagnosticDescriptor CatalogNotWritable { get; } = new("MLOPS163", "the catalog cannot be written",
        "Give the catalog a writable location (the file and its folder), or free some space.", DiagnosticSource.Library);

    /// <summary>MLOPS164: the catalog was migrated by a newer MlOpsBuild than this one.</summary>
    public static DiagnosticDescriptor CatalogSchemaNewer { get; } = new("MLOPS164", "the catalog is newer than this tool",
        "Update MlOpsBuild to the version the team uses; an older tool never writes to a newer catalog.", DiagnosticSource.Library);

    /// <summary>MLOPS165: a model reference names nothing in the catalog (no such model, version or digest; nobody in the stage).</summary>
    public static DiagnosticDescriptor CatalogReferenceNotFound { get; } = new("MLOPS165", "the catalog has no such model, version or stage",
        "Name a model, version or stage the catalog has (mlops catalog list, mlops catalog show <model>), or register the artefact first.", DiagnosticSource.Library);

    /// <summary>MLOPS166: a model reference is not written as name, name@version, name@stage or name@sha256:digest.</summary>
    public static DiagnosticDescriptor MalformedModelReference { get; } = new("MLOPS166", "not a model reference",
        "Write name, name@1.2.0, name@production (or staging, candidate, archived) or name@sha256:<digest>.", DiagnosticSource.Library);

    /// <summary>MLOPS167: a monitoring result is not a drift report, or is about another model.</summary>
    public static DiagnosticDescriptor NotADriftReport { get; } = new("MLOPS167", "not a drift report of this model",
        "Pass the JSON report 'mlops drift compare --out' wrote, for the version it checked.", DiagnosticSource.Library);

    /// <summary>MLOPS168: the artefact a promotion judges is missing, or is not the registered version.</summary>
    public static DiagnosticDescriptor PromotionArtefactUnavailable { get; } = new("MLOPS168", "the registered artefact is not at hand",
        "Pull or copy the registered artefact (same digest) and name its path; the gate judges the artefact itself, not the catalog's summary of it.", DiagnosticSource.Library);

    /// <summary>MLOPS169: the key that promotes is not in the trust file.</summary>
    public static DiagnosticDescriptor PromoterNotTrusted { get; } = new("MLOPS169", "the promoting key is not trusted",
        "Promote with a key the trust file names, or have the trust file's owner add your public key.", DiagnosticSource.Library);

    /// <summary>MLOPS170: usage ingest found an audit log whose hash chain is broken in the records it would count.</summary>
    public static DiagnosticDescriptor UsageLogBroken { get; } = new("MLOPS170", "audit log chain broken: its usage was not counted",
        "Find the damage with the audit log verifier; keep the log as evidence. Its records are not counted until the chain holds.", DiagnosticSource.Library);

    /// <summary>MLOPS171: an audit log no longer holds the record where usage counting stopped last time.</summary>
    public static DiagnosticDescriptor UsageLogChanged { get; } = new("MLOPS171", "audit log changed since its usage was counted",
        "Restore the log as it was counted; a different log needs its own file name.", DiagnosticSource.Library);

    /// <summary>MLOPS172: two different audit logs with the same first-segment name given to one usage ingest.</summary>
    public static DiagnosticDescriptor UsageLogNameClash { get; } = new("MLOPS172", "two audit logs with one name",
        "Give each writer's audit log its own file name (the name is bound into its chain).", DiagnosticSource.Library);
    /// <summary>MLOPS173: another usage ingest moved an audit log's cursor while this one was counting it.</summary>
    public static DiagnosticDescriptor UsageCountedConcurrently { get; } = new("MLOPS173", "audit log counted by another ingest at the same time",
        "Run the ingest again; it continues where the other one stopped. Schedule one ingest per catalog at a time.", DiagnosticSource.Library);

    /// <summary>MLOPS174: the catalog server cannot listen on its address (the port is taken, or the address is not this machine's).</summary>
    public static DiagnosticDescriptor CatalogServerAddressInUse { get; } = new("MLOPS174", "the catalog server's address is in use",
        "Stop the process listening on that port, or serve the catalog on another port.", DiagnosticSource.Library);

    /// <summary>MLOPS175: the catalog server's listening URL is not an http URL with a host and a port.</summary>
    public static DiagnosticDescriptor InvalidCatalogServerUrl { get; } = new("MLOPS175", "invalid catalog server URL",
        "Give an http URL with a host and a port, such as http://127.0.0.1:5080; terminate TLS in a reverse proxy in front of it.", DiagnosticSource.Library);

    /// <summary>MLOPS176: the catalog server's write token is too short to resist guessing.</summary>
    public static DiagnosticDescriptor WeakCatalogToken { get; } = new("MLOPS176", "the catalog server's write token is too short",
        "Use a random token of at least 32 characters (for example: openssl rand -hex 32).", DiagnosticSource.Library);
    /// <summary>MLOPS177: a command that reads the catalog was pointed at a SQLite file that does not exist.</summary>
    public static DiagnosticDescriptor CatalogMissing { get; } = new("MLOPS177", "no catalog at that location",
        "Name the catalog the team uses, or register a model first: registering creates the catalog.", DiagnosticSource.Library);

    /// <summary>MLOPS180: the OCI registry cannot be reached, or the connection to it dropped.</summary>
    public static DiagnosticDescriptor RegistryUnreachable { get; } = new("MLOPS180", "the registry cannot be reached",
        "Check that the registry is running and that its host and port are right; after a dropped connection push again: blobs already uploaded are skipped.", DiagnosticSource.Library);

    /// <summary>MLOPS181: the OCI registry answered with an error the client cannot act on (a 5xx, an unexpected status).</summary>
    public static DiagnosticDescriptor RegistryFailed { get; } = new("MLOPS181", "the registry answered with an error",
        "Look at the registry's log for the request named; retry when the registry is healthy again.", DiagnosticSource.Library);

    /// <summary>MLOPS182: the OCI registry refused the request for lack of (valid) credentials.</summary>
    public static DiagnosticDescriptor RegistryUnauthorized { get; } = new("MLOPS182", "the registry refused the credentials",
        "Give the registry's user name and password through the registry credential environment variables or a docker login (auths in the Docker config file).", DiagnosticSource.Library);

    /// <summary>MLOPS183: the repository, tag or digest is not in the registry.</summary>
    public static DiagnosticDescriptor RegistryReferenceUnknown { get; } = new("MLOPS183", "no such repository, tag or digest in the registry",
        "Pull a tag the registry lists (or a digest a push printed), or push the artefact first.", DiagnosticSource.Library);

    /// <summary>MLOPS184: content from the registry does not have the digest or size it was asked for.</summary>
    public static DiagnosticDescriptor RegistryDigestMismatch { get; } = new("MLOPS184", "content from the registry does not match its digest",
        "Do not use this content: the registry's storage or something between it and you changed it. Push the artefact again from an intact copy.", DiagnosticSource.Library);

    /// <summary>MLOPS185: the reference names something that is not an MlOpsBuild model artefact, or the reference itself is malformed.</summary>
    public static DiagnosticDescriptor NotAnOciModelArtefact { get; } = new("MLOPS185", "not an MlOpsBuild model artefact in the registry",
        "Pull a reference that 'mlops push' wrote; write references as registry/repository:tag or registry/repository@sha256:digest.", DiagnosticSource.Library);

    /// <summary>MLOPS186: the artefact to push, or the one pulled, is not intact.</summary>
    public static DiagnosticDescriptor DistributedArtefactNotIntact { get; } = new("MLOPS186", "the artefact to push or pull is not intact",
        "Push only an artefact that 'mlops verify' finds intact (rebuild it otherwise); a pulled one that is not intact was changed before it was pushed or in the registry: push an intact copy again.", DiagnosticSource.Library);

    /// <summary>MLOPS142: a column of a Parquet data file has a type the stages cannot read (nested, list, map, binary...).</summary>
    public static DiagnosticDescriptor UnsupportedDataColumn { get; } = new("MLOPS142", "a data column has a type that cannot be read",
        "Flatten nested columns (one column per field), convert the column to numbers, text, booleans or dates, or leave it out of the file.", DiagnosticSource.Library);

    /// <summary>MLOPS143: a data file that should be Parquet is not a Parquet file, or is damaged.</summary>
    public static DiagnosticDescriptor NotParquet { get; } = new("MLOPS143", "the data file is not a readable Parquet file",
        "Write the file again with a Parquet writer (a damaged or truncated copy cannot be read), or give a CSV file with a .csv name.", DiagnosticSource.Library);

    /// <summary>MLOPS144: a data file in a format this program has not loaded (a Parquet file where only CSV is read).</summary>
    public static DiagnosticDescriptor TableFormatNotAvailable { get; } = new("MLOPS144", "the data file's format is not available here",
        "Read the file with the mlops command-line tool, register the format in the program (MlOps.Parquet), or convert the file to CSV.", DiagnosticSource.Library);
    /// <summary>MLOPS147: a .zip given as a model is not an ML.NET model, or lacks what this version reads of one.</summary>
    public static DiagnosticDescriptor NotAnMlNetModel { get; } = new("MLOPS147", "not an ML.NET model",
        "Pass the .zip that ML.NET's Model.Save wrote, saved with its input schema (Model.Save(model, data.Schema, path)); a damaged file must be saved again.", DiagnosticSource.Library);

    /// <summary>MLOPS148: an ML.NET model's input column has a type that cannot be scored from a table.</summary>
    public static DiagnosticDescriptor UnscorableMlNetColumn { get; } = new("MLOPS148", "ML.NET model input type cannot be scored",
        "Give the model inputs of Single, Double, Int32, Int64, Boolean or String (or vectors of them) and convert inside the pipeline; or score it from code with ML.NET.", DiagnosticSource.Library);

    /// <summary>MLOPS149: an ONNX engine was asked to score an ML.NET model.</summary>
    public static DiagnosticDescriptor EngineCannotRunMlNet { get; } = new("MLOPS149", "the engine cannot run an ML.NET model",
        "Score the ML.NET model with the mlnet engine (the default for a .zip), or export it to ONNX (Microsoft.ML.OnnxConverter) to use the managed evaluator or ONNX Runtime.", DiagnosticSource.Library);

    /// <summary>MLOPS150: a multiclass label value is none of the model's classes.</summary>
    public static DiagnosticDescriptor UnknownClass { get; } = new("MLOPS150", "a label value the model does not know",
        "Evaluate on data whose labels are the model's classes (check spelling and case), or retrain the model with that class.", DiagnosticSource.Library);

    /// <summary>MLOPS151: the label column holds one class only (or never the positive one), so metrics that compare classes are undefined.</summary>
    public static DiagnosticDescriptor SingleClassLabel { get; } = new("MLOPS151", "the label column has one class",
        "Use data with at least two classes in the label column (a sample of every class), name the positive class as the label column spells it, and check that the label column is the right one.", DiagnosticSource.Library);

    /// <summary>MLOPS152: multiclass evidence cannot find the model's class outputs (named class probabilities or a predicted label).</summary>
    public static DiagnosticDescriptor NoClassOutputs { get; } = new("MLOPS152", "no class probabilities or predicted label",
        "Give a model whose outputs carry its class names (a ZipMap, classifier class labels, ML.NET's ONNX export), or a predictions file with one probability column per class or a predicted-label column.", DiagnosticSource.Library);

    /// <summary>MLOPS158: something that works on ONNX models only was given an ML.NET model.</summary>
    public static DiagnosticDescriptor NeedsOnnxModel { get; } = new("MLOPS158", "an ONNX model is needed, not an ML.NET model",
        "Export the ML.NET model to ONNX (Microsoft.ML.OnnxConverter) for this use, or use the commands that read ML.NET models (score, evaluate, fairness, package).", DiagnosticSource.Library);

    /// <summary>MLOPS159: the ML.NET engine was asked to score a model that is not an ML.NET model.</summary>
    public static DiagnosticDescriptor EngineNeedsMlNetModel { get; } = new("MLOPS159", "the mlnet engine runs ML.NET models only",
        "Score an ONNX model with the managed evaluator (the default for ONNX) or ONNX Runtime; give the mlnet engine the .zip ML.NET saved.", DiagnosticSource.Library);

    /// <summary>MLOPS187 (a build warning): the card's 'version:' differs from the project's Version, which wins.</summary>
    public static DiagnosticDescriptor CardVersionIgnored { get; } = new("MLOPS187", "the card's version differs from the project's Version",
        "Remove 'version:' from the card, or make it the project's Version: the project's Version names the artefact.", DiagnosticSource.MSBuild);

    /// <summary>MLOPS188 (a build warning): the build replaced an artefact of the same name and version whose model, card or evidence differ.</summary>
    public static DiagnosticDescriptor ArtefactChangedUnderSameVersion { get; } = new("MLOPS188", "the artefact changed under the same version",
        "Give the model a new Version when its model, card or evidence change, so that two different artefacts never share a name and version.", DiagnosticSource.MSBuild);

    /// <summary>MLOPS189: the importance metric reads the positive class's probability, which the model does not output.</summary>
    public static DiagnosticDescriptor MetricNeedsProbability { get; } = new("MLOPS189", "the model has no probability output the metric needs",
        "Explain a classifier that outputs class probabilities, or name its probability output; measure a regressor in rmse.", DiagnosticSource.Library);

    /// <summary>MLOPS191: the importance metric is not one of rocAuc, accuracy, rmse.</summary>
    public static DiagnosticDescriptor UnknownImportanceMetric { get; } = new("MLOPS191", "the importance metric is unknown",
        "Measure importance in rocAuc or accuracy for a binary classifier, rmse for a regressor.", DiagnosticSource.Library);
    /// <summary>MLOPS201: a monotonic constraint of the card names a feature the model does not read as a number.</summary>
    public static DiagnosticDescriptor MonotonicFeatureUnknown { get; } = new("MLOPS201", "a monotonic constraint names a feature the model does not read",
        "Name a numeric feature of the model in the card's 'monotonic' field, or remove the constraint.", DiagnosticSource.Library);
    /// <summary>MLOPS197: data-quality shards to merge were checked against different models, baselines, training data, labels, thresholds or columns.</summary>
    public static DiagnosticDescriptor DataQualityShardsDiffer { get; } = new("MLOPS197", "the data-quality shards were checked differently",
        "Check every shard with the same model, drift baseline, training data, label column and thresholds, on data with the same columns, then merge.", DiagnosticSource.Library);

    /// <summary>MLOPS198: the drift baseline given to the data-quality check does not profile every input the model reads.</summary>
    public static DiagnosticDescriptor BaselineOfOtherData { get; } = new("MLOPS198", "the drift baseline profiles other data than the model reads",
        "Give the drift baseline profiled from this model's training data, with every input column the model reads.", DiagnosticSource.Library);

    /// <summary>MLOPS199: a data-quality shard's row-hash sidecar is missing, or not the one the shard wrote.</summary>
    public static DiagnosticDescriptor ShardRowHashesUnusable { get; } = new("MLOPS199", "a data-quality shard's row hashes are missing or altered",
        "Check the shard again with its row hashes written beside its evidence, and keep the two files together.", DiagnosticSource.Library);
    /// <summary>MLOPS193: the class whose local contributions are explained is not one of the model's classes (or a multiclass model needs one named).</summary>
    public static DiagnosticDescriptor ExplainedClassUnknown { get; } = new("MLOPS193", "the explained class is not a class of the model",
        "Name the positive class exactly as one of the model's class labels; a model with more than two classes needs one named.", DiagnosticSource.Library);

    /// <summary>MLOPS194: the background data of local explanations has no rows.</summary>
    public static DiagnosticDescriptor ExplanationBackgroundEmpty { get; } = new("MLOPS194", "the background data for explanations has no rows",
        "Give background data with rows the model can score (typically the training data or a sample of it): its means and node covers are the baseline of every contribution.", DiagnosticSource.Library);

    /// <summary>MLOPS195: local contributions were asked of a model that has no exact explainer, or without background data.</summary>
    public static DiagnosticDescriptor ModelNotExplainable { get; } = new("MLOPS195", "no exact local explanation for this model",
        "Explain an ONNX model whose final estimator is linear, logistic or a tree ensemble, with a featurizer of supported operators, and give it background data.", DiagnosticSource.Library);
    /// <summary>MLOPS209: evidence parts computed per shard disagree on what they measured, so they cannot be merged.</summary>
    public static DiagnosticDescriptor ShardsDisagree { get; } = new("MLOPS209", "evidence parts of different shapes cannot be merged",
        "Compute every shard's part with the same columns, types and options (the message names the two files and the field that differ), then merge again.", DiagnosticSource.Library);
    /// <summary>MLOPS205 (a build warning): the packed gate evidence was judged for another risk level or policy than the card's.</summary>
    public static DiagnosticDescriptor StaleGateEvidence { get; } = new("MLOPS205", "the gate verdict is stale",
        "Run the gate again on the evidence with the card and policy being packaged, so the card shows a verdict that applies to it.", DiagnosticSource.MSBuild);

    /// <summary>Every diagnostic, by code.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        ModelMissing, NotOnnx, TruncatedOnnx, CardMissing, InvalidFrontMatter, CardFieldMissing, UnknownRiskWord, InvalidVersion,
        DataMissing, EvidenceFromAnotherModel, EvidenceMalformed, NotAnArtefact, InvalidModelName, UnsafeEntryName, ArchiveTooLarge,
        ArtefactTooLarge, DuplicateEvidenceKind, InvalidSourceDateEpochVariable, MemberTampered, ItemIncomplete, DuplicateArtefact,
        InvalidSourceDateEpochProperty, UnsupportedHost, OutputNotWritten, InputRejected, UnexpectedArtefactPath,
        ArtefactClaimedByAnotherProject,
        RecordTooLong, NotANumber, WrongSeparator, DuplicateColumn, CountLimit, NoScore,
        AuditLogHasWriter,
        MalformedKey, KeyPassphrase, InvalidTrustFile, KeyFileExists,
        UnsupportedDataColumn, NotParquet, TableFormatNotAvailable,
        OnnxRuntimeCannotLoad, OnnxRuntimeRunFailed,
        NotAnMlNetModel, UnscorableMlNetColumn, EngineCannotRunMlNet,
        UnknownClass, SingleClassLabel, NoClassOutputs,
        ModelNotReleased, ReleaseNeedsArtefact, NeedsOnnxModel, EngineNeedsMlNetModel,
        CatalogDamaged, CatalogBusy, CatalogUnreachable, CatalogNotWritable, CatalogSchemaNewer,
        CatalogReferenceNotFound, MalformedModelReference, NotADriftReport, PromotionArtefactUnavailable, PromoterNotTrusted,
        UsageLogBroken, UsageLogChanged, UsageLogNameClash, UsageCountedConcurrently,
        CatalogServerAddressInUse, InvalidCatalogServerUrl, WeakCatalogToken, CatalogMissing,
        RegistryUnreachable, RegistryFailed, RegistryUnauthorized, RegistryReferenceUnknown, RegistryDigestMismatch,
        NotAnOciModelArtefact, DistributedArtefactNotIntact,
        CardVersionIgnored, ArtefactChangedUnderSameVersion,
        MetricNeedsProbability, UnknownImportanceMetric, ExplainedClassUnknown, ExplanationBackgroundEmpty,
        ModelNotExplainable, DataQualityShardsDiffer, BaselineOfOtherData, ShardRowHashesUnusable,
        MonotonicFeatureUnknown, StaleGateEvidence, ShardsDisagree,
    ];

    /// <summary>The descriptor of <paramref name="id"/>, or null.</summary>
    public static DiagnosticDescriptor? Find(string? id) => All.FirstOrDefault(d => d.Id == id);

    /// <summary>The documentation page of any MLOPS code (analyzer rules included): &lt;root&gt;&lt;id&gt;.md.</summary>
    public static string HelpLinkOf(string id) => HelpLinks.Of(id);
}
