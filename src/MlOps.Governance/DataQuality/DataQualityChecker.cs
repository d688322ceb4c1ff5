using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;
using MlOps.Governance.Statistics;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.DataQuality;

/// <summary>What to check: the data, the model, the training baseline, and optionally the training data and the label.</summary>
public sealed record DataQualityRequest
{
    /// <summary>The data set to check (CSV or Parquet).</summary>
    public required string DataPath { get; init; }

    /// <summary>The model whose inputs the data must feed.</summary>
    public required ModelFile Model { get; init; }

    /// <summary>The drift-baseline evidence of the training data.</summary>
    public required string BaselinePath { get; init; }

    /// <summary>The training data, to find rows shared with it (leakage); null: not checked.</summary>
    public string? TrainingPath { get; init; }

    /// <summary>The label column, for its missing values and class balance; null: not checked.</summary>
    public string? Label { get; init; }

    /// <summary>The thresholds.</summary>
    public DataQualityThresholds Thresholds { get; init; } = DataQualityThresholds.Default;

    /// <summary>The CSV reader's limits.</summary>
    public CsvReaderOptions? Csv { get; init; }
}

/// <summary>The result of one pass: the profile, and the distinct row fingerprints a shard's sidecar holds.</summary>
public sealed class DataQualityPass
{
    private readonly RowHashSet _rows;

    internal DataQualityPass(DataQualityProfile profile, RowHashSet rows)
    {
        Profile = profile;
        _rows = rows;
    }

    /// <summary>The counts.</summary>
    public DataQualityProfile Profile { get; }

    /// <summary>The distinct feature-row fingerprints, ascending (sorted on request: only a shard needs them).</summary>
    public ulong[] RowHashes => _rows.ToSortedArray();
}

/// <summary>
/// Checks a data set in one streamed pass: per column a few counters, so memory stays flat in the rows, except the
/// row fingerprints that duplicates (the data's distinct rows) and leakage (the training data's distinct rows) need:
/// 8-byte slots, 10.7 to 21.4 bytes per distinct row (<see cref="RowHashSet"/>).
/// </summary>
public static class DataQualityChecker
{
    /// <summary>The most label classes counted: label balance is a classification check.</summary>
    public const int MaxLabelClasses = 1000;

    /// <summary>Checks <paramref name="request"/>'s data.</summary>
    /// <exception cref="MlOpsException">Missing or unreadable files, a baseline of other data (MLOPS198), a label
    /// column that is missing or has too many classes, no rows.</exception>
    public static DataQualityPass Check(DataQualityRequest request, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var baseline = TrainingBaseline.Read(request.BaselinePath);
        if (request.TrainingPath is not null && !File.Exists(request.TrainingPath))
        {
            throw new MlOpsException($"The training data '{request.TrainingPath}' does not exist.", request.TrainingPath,
                fix: "Check the path of the training data (the rows the model was trained on).", diagnostic: DiagnosticCatalog.DataMissing,
                inputs: [UserInputs.TrainingData]);
        }
        using var reader = TableReader.Open(request.DataPath, request.Csv);
        var inputs = ModelInputSchema.Of(request.Model, reader.Header, request.Label);
        var present = inputs.Where(i => reader.TryGetColumnIndex(i.Name, out _)).ToList();
        var missingColumns = inputs.Where(i => !reader.TryGetColumnIndex(i.Name, out _)).Select(i => i.Name).ToList();
        EnsureBaselineProfiles(baseline, request.BaselinePath, present);

        var columns = new List<ColumnCounts>();
        var known = new List<CategoryCounter?>();
        foreach (var input in present)
        {
            var profile = baseline.Column(input.Name)!;
            var categories = input.IsText ? input.ModelCategories ?? profile.Categories : null;
            columns.Add(new ColumnCounts(input.Name, isLabel: false, input.IsText,
                categories is null ? null : input.ModelCategories is not null ? "model" : "baseline",
                !input.IsText && profile.IsNumeric ? profile.Min : double.NaN,
                !input.IsText && profile.IsNumeric ? profile.Max : double.NaN));
            known.Add(categories is null ? null : Counter(categories));
        }
        var featureIndexes = present.Select(i => reader.ColumnIndex(i.Name)).ToArray();
        var labelIndex = -1;
        CategoryCounter? labelClasses = null;
        if (request.Label is { } label)
        {
            if (!reader.TryGetColumnIndex(label, out labelIndex))
            {
                throw new MlOpsException($"The {reader.Format} file has no label column '{label}'. Available columns: {string.Join(", ", reader.Header)}.",
                    reader.Path, reader.HeaderLineNumber, "Name the column that holds the true label.", inputs: [UserInputs.LabelColumn.Example(label)]);
            }
            columns.Add(new ColumnCounts(label, isLabel: true, isText: true, null, double.NaN, double.NaN));
            labelClasses = new CategoryCounter(MaxLabelClasses);
            foreach (var c in baseline.Column(label)?.Categories ?? [])
            {
                labelClasses.Register(c);
            }
        }

        var training = request.TrainingPath is { } trainingPath ? TrainingRows(trainingPath, present, request.Csv) : null;
        var distinct = new RowHashSet();
        long rows = 0, leaked = 0;
        while (reader.Read())
        {
            var hash = RowHash.Start();
            for (var c = 0; c < featureIndexes.Length; c++)
            {
                Count(reader, featureIndexes[c], columns[c], known[c], ref hash);
            }
            var fingerprint = hash.Finish();
            distinct.Add(fingerprint);
            if (training is not null && training.Contains(fingerprint))
            {
                leaked++;
            }
            if (labelIndex >= 0)
            {
                if (reader.IsEmpty(labelIndex))
                {
                    columns[^1].Missing++;
                }
                else if (labelClasses!.Add(reader.GetSpan(labelIndex)) < 0)
                {
                    throw new MlOpsException($"The label column '{request.Label}' has more than {MaxLabelClasses} distinct values ({reader.Position}); label balance is a check of classification labels.",
                        reader.Path, reader.LineNumber, "Check a classification label's balance; leave the label out for a regression target.", inputs: [UserInputs.LabelColumn]);
                }
            }
            if (++rows % 65536 == 0)
            {
                progress?.Report(rows);
            }
        }
        if (rows == 0)
        {
            throw new MlOpsException($"The {reader.Format} file has no rows to check.", reader.Path, reader.HeaderLineNumber,
                fix: "Check the data set that was given: it has a header and no rows.", inputs: [UserInputs.Data]);
        }
        var profileResult = new DataQualityProfile
        {
            ModelSha256 = request.Model.SourceSha256,
            Data = new DataReference(Path.GetFileName(request.DataPath), DataIdentity.Of(request.DataPath).Sha256, rows),
            Baseline = baseline.Data,
            Training = request.TrainingPath is { } t ? new DataReference(Path.GetFileName(t), DataIdentity.Of(t).Sha256, training!.Rows) : null,
            Label = request.Label,
            Thresholds = request.Thresholds,
            MissingColumns = missingColumns,
            Columns = columns,
            DistinctRows = distinct.Count,
            LeakedRows = leaked,
            LabelClasses = labelClasses?.ToSortedList() ?? [],
        };
        return new DataQualityPass(profileResult, distinct);
    }

    /// <summary>Counts one feature value and adds it to the row's fingerprint.</summary>
    private static void Count(ITableReader reader, int index, ColumnCounts column, CategoryCounter? known, ref RowHash hash)
    {
        if (reader.IsEmpty(index))
        {
            column.Missing++;
            hash.AddMissing();
            return;
        }
        if (column.IsText)
        {
            var text = reader.GetSpan(index);
            hash.AddText(text);
            column.SawText(text);
            if (known is not null && known.Find(text) < 0)
            {
                column.Unseen++;
            }
            return;
        }
        if (!reader.TryGetNumber(index, out var number))
        {
            column.TypeMismatches++;
            hash.AddText(reader.GetSpan(index));
            return;
        }
        hash.AddNumber(number);
        column.SawNumber(number);
        if (column.IsRangeChecked && (number < column.RangeMin || number > column.RangeMax))
        {
            column.OutOfRange++;
        }
    }

    /// <summary>The distinct feature-row fingerprints of the training data, hashed as the checked data's are.</summary>
    private static TrainingRowSet TrainingRows(string path, IReadOnlyList<ModelInputColumn> features, CsvReaderOptions? csv)
    {
        using var reader = TableReader.Open(path, csv);
        var indexes = features.Select(f => reader.ColumnIndex(f.Name)).ToArray();
        var set = new RowHashSet();
        long rows = 0;
        while (reader.Read())
        {
            var hash = RowHash.Start();
            for (var c = 0; c < indexes.Length; c++)
            {
                if (reader.IsEmpty(indexes[c]))
                {
                    hash.AddMissing();
                }
                else if (!features[c].IsText && reader.TryGetNumber(indexes[c], out var number))
                {
                    hash.AddNumber(number);
                }
                else
                {
                    hash.AddText(reader.GetSpan(indexes[c]));
                }
            }
            set.Add(hash.Finish());
            rows++;
        }
        return new TrainingRowSet(set, rows);
    }

    private sealed record TrainingRowSet(RowHashSet Set, long Rows)
    {
        public bool Contains(ulong hash) => Set.Contains(hash);
    }

    /// <summary>MLOPS198 when the baseline lacks a profile of a model input: it was made from other data.</summary>
    private static void EnsureBaselineProfiles(TrainingBaseline baseline, string path, IReadOnlyList<ModelInputColumn> inputs)
    {
        var unprofiled = inputs.Where(i => baseline.Column(i.Name) is null).Select(i => $"'{i.Name}'").ToList();
        if (unprofiled.Count > 0)
        {
            throw new MlOpsException(
                $"The drift baseline has no profile of model input(s) {string.Join(", ", unprofiled)}: it profiles other data than the model reads (training data '{baseline.Data.File}').",
                path, fix: "Give the drift baseline profiled from this model's training data, with every input column the model reads.",
                diagnostic: DiagnosticCatalog.BaselineOfOtherData, inputs: [UserInputs.Baseline]);
        }
    }

    private static CategoryCounter Counter(IReadOnlyList<string> categories)
    {
        var counter = new CategoryCounter(Math.Max(categories.Count, 1));
        foreach (var c in categories)
        {
            counter.Register(c);
        }
        return counter;
    }
}
