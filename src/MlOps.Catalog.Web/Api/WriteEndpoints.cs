using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using MlOps.Catalog.Store;

namespace MlOps.Catalog.Web.Api;

/// <summary>
/// The write endpoints. Each answers 403 when the server has no token (writes disabled), 401 with
/// <c>WWW-Authenticate: Bearer</c> for a missing or wrong token, and only then does the work.
/// </summary>
internal static class WriteEndpoints
{
    /// <summary>The realm named in WWW-Authenticate.</summary>
    public const string Realm = "mlops-catalog";

    /// <summary>
    /// Null when the request may write; otherwise the refusal to send (403 disabled, 401 unauthenticated).
    /// <paramref name="tokenVariable"/> names the environment variable in the 403's fix.
    /// </summary>
    public static IResult? Refusal(HttpContext context, BearerToken? token, string tokenVariable)
    {
        if (token is null)
        {
            return Results.Json(ApiJson.Error("Writes are disabled: the catalog server was started without a write token.",
                $"Start the server with a token of at least {BearerToken.MinimumLength} random characters in the environment variable {tokenVariable} " +
                "(mlops catalog serve --token-env names another variable), and send it as 'Authorization: Bearer <token>'."),
                ApiJson.Options, statusCode: StatusCodes.Status403Forbidden);
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (token.Admits(authorization))
        {
            return null;
        }
        context.Response.Headers.WWWAuthenticate = string.IsNullOrEmpty(authorization)
            ? $"Bearer realm=\"{Realm}\""
            : $"Bearer realm=\"{Realm}\", error=\"invalid_token\"";
        return Results.Json(ApiJson.Error(string.IsNullOrEmpty(authorization)
                ? "This endpoint writes to the catalog and needs the server's token."
                : "The token does not match the server's write token.",
            "Send 'Authorization: Bearer <token>' with the token the server was started with."),
            ApiJson.Options, statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>
    /// `POST /api/register`: the body is the .mlpkg's bytes, streamed to disk (never held in memory), verified, kept
    /// in <paramref name="uploads"/>, then registered. 201 when a version was created, 200 when the digest was
    /// already registered (nothing changed), 400 for an artefact that does not verify or that the catalog refuses.
    /// </summary>
    public static async Task<IResult> RegisterAsync(HttpContext context, ICatalogStore store, UploadFolder? uploads)
    {
        if (uploads is null)
        {
            return Results.Json(ApiJson.Error("This server keeps no uploaded artefacts, so it cannot register them.",
                "Start the server with a folder for uploaded artefacts, or register with 'mlops catalog register' against the same catalog."),
                ApiJson.Options, statusCode: StatusCodes.Status501NotImplemented);
        }
        // Artefacts are larger than Kestrel's default 30 MB body limit; the body goes to disk, never to memory.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        try
        {
            var outcome = await uploads.RegisterAsync(context.Request.Body, store, context.RequestAborted);
            var v = outcome.Version;
            var body = new { v.Model, v.Version, v.Digest, v.Stage, created = outcome.Created, attestationsAdded = outcome.AttestationsAdded };
            return outcome.Created
                ? Results.Json(body, ApiJson.Options, statusCode: StatusCodes.Status201Created)
                : Results.Json(body, ApiJson.Options);
        }
        catch (UploadRejectedException e)
        {
            return Results.Json(new { error = e.Message, fix = "Upload an intact copy of the artefact, or rebuild it.", differences = e.Differences },
                ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (MlOpsException e) when (!IsStoreProblem(e))
        {
            return Results.Json(ApiJson.Error(e.Message, e.Fix, e.Diagnostic?.Id), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    // The database being away, locked, damaged or read-only is the server's problem, not the upload's: the host's
    // handler answers 503 for it.
    private static bool IsStoreProblem(MlOpsException e) => e.Diagnostic is { } d && StoreDiagnostics.Contains(d);

    private static readonly MlOps.Diagnostics.DiagnosticDescriptor[] StoreDiagnostics =
    [
        MlOps.Diagnostics.DiagnosticCatalog.CatalogDamaged, MlOps.Diagnostics.DiagnosticCatalog.CatalogBusy,
        MlOps.Diagnostics.DiagnosticCatalog.CatalogUnreachable, MlOps.Diagnostics.DiagnosticCatalog.CatalogNotWritable,
        MlOps.Diagnostics.DiagnosticCatalog.CatalogSchemaNewer,
    ];

    /// <summary>
    /// `POST /api/promote`: not served. Promotion is a signed act (the promoter's key signs the promotion record, and
    /// the gate judges approvals against the trust file); the server holds nobody's private key, so promotion stays
    /// with <c>mlops catalog promote</c>, which any machine can run against the same catalog.
    /// </summary>
    public static IResult Promote() =>
        Results.Json(ApiJson.Error("Promotion is not served over HTTP: it is signed with the promoter's own key, which the server never holds.",
            "Run 'mlops catalog promote <model>@<version> --to <stage> --key <your key>' against the same catalog."),
            ApiJson.Options, statusCode: StatusCodes.Status501NotImplemented);
}
