using MlOps.Onnx;
using MlOps.Hashing;
using MlOps.Governance.Models;

namespace MlOps.Governance.Tests.ArtefactTests;

/// <summary>The single rule for the source-model digest, which the packager and the evidence commands share.</summary>
public class SourceModelDigestTests
{
    private static byte[] Model(string? recorded)
    {
        var builder = new OnnxModelBuilder()
            .Opset("", 17)
            .Input("X", OnnxDataType.Float, "N", 1)
            .Output("Y", OnnxDataType.Float, "N", 1)
            .Node("Identity", ["X"], ["Y"]);
        if (recorded is not null)
        {
            builder.Metadata(ModelMetadataKeys.SourceDigest, recorded);
        }
        return builder.ToBytes();
    }

    [Fact]
    public void A_model_without_a_recorded_digest_is_identified_by_the_sha256_of_its_bytes()
    {
        var bytes = Model(null);
        Assert.Equal(Sha256Hex.Of(bytes), SourceModelDigest.Of(OnnxModel.Parse(bytes), bytes));
    }

    [Fact]
    public void A_packaged_model_keeps_the_digest_recorded_in_its_metadata()
    {
        var recorded = new string('c', 64);
        var bytes = Model(recorded);
        Assert.Equal(recorded, SourceModelDigest.Of(OnnxModel.Parse(bytes), bytes));
    }

    [Fact]
    public void A_recorded_value_that_is_not_sha256_sized_is_ignored()
    {
        var bytes = Model("abc");
        Assert.Equal(Sha256Hex.Of(bytes), SourceModelDigest.Of(OnnxModel.Parse(bytes), bytes));
    }
}
