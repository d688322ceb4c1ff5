namespace MlOps.Onnx.Tests.Io;

public sealed class OnnxMetadataWriterTests
{
    private static byte[] Model() => OnnxModelBuilderTests.LogisticPipeline().ToBytes();

    [Fact]
    public void Replaced_keys_keep_their_place_and_new_keys_follow_in_ordinal_order()
    {
        var result = OnnxModel.Parse(OnnxMetadataWriter.WithMetadata(Model(),
            [new("zeta", "z"), new("mlops.name", "renamed"), new("Alpha", "a"), new("beta", "b")]));

        Assert.Equal(
            [new("mlops.name", "renamed"), new("feature_names", "age,purpose"), new("Alpha", "a"), new("beta", "b"), new("zeta", "z")],
            result.MetadataProps);
    }

    [Fact]
    public void Everything_but_the_metadata_is_kept_byte_for_byte()
    {
        var original = Model();
        var rewritten = OnnxMetadataWriter.WithMetadata(original, [new("mlops.card", "# Card")]);

        // The new entry is appended: the original bytes are an exact prefix.
        Assert.Equal(original, rewritten.AsSpan(0, original.Length).ToArray());
        Assert.Empty(OnnxStructure.Differences(OnnxModel.Parse(original), OnnxModel.Parse(rewritten), compareMetadata: false));
    }

    [Fact]
    public void Setting_nothing_returns_the_same_bytes_and_output_is_deterministic()
    {
        var original = Model();
        Assert.Equal(original, OnnxMetadataWriter.WithMetadata(original, []));
        Assert.Equal(
            OnnxMetadataWriter.WithMetadata(original, [new("b", "2"), new("a", "1")]),
            OnnxMetadataWriter.WithMetadata(original.AsSpan(), [new("a", "1"), new("b", "2")]));
    }

    [Fact]
    public void Duplicate_existing_keys_collapse_to_the_new_value_and_last_given_value_wins()
    {
        var withDuplicates = new OnnxModelBuilder().Input("x", OnnxDataType.Float).Output("x", OnnxDataType.Float).Build();
        var bytes = OnnxWriter.Write(new OnnxModel
        {
            IrVersion = 8,
            Opsets = withDuplicates.Opsets,
            Graph = withDuplicates.Graph,
            MetadataProps = [new("k", "1"), new("other", "o"), new("k", "2")],
        });

        var result = OnnxModel.Parse(OnnxMetadataWriter.WithMetadata(bytes, [new("k", "first"), new("k", "last")]));

        Assert.Equal([new("k", "last"), new("other", "o")], result.MetadataProps);
    }

    [Fact]
    public void Rewrite_file_is_atomic_and_leaves_no_temp_files()
    {
        var folder = Directory.CreateTempSubdirectory("onnx-io-meta-").FullName;
        try
        {
            var path = Path.Combine(folder, "model.onnx");
            File.WriteAllBytes(path, Model());

            OnnxMetadataWriter.RewriteFile(path, path, [new("mlops.version", "2.0.0")]);

            Assert.Equal("2.0.0", OnnxModel.Load(path).Metadata("mlops.version"));
            Assert.Equal(["model.onnx"], Directory.GetFiles(folder).Select(Path.GetFileName));

            var broken = Path.Combine(folder, "broken.onnx");
            File.WriteAllText(broken, "not a model");
            var e = Assert.Throws<MlOpsException>(() => OnnxMetadataWriter.RewriteFile(broken, Path.Combine(folder, "out.onnx"), []));
            Assert.Equal("MLOPS102", e.Code);
            Assert.False(File.Exists(Path.Combine(folder, "out.onnx")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
