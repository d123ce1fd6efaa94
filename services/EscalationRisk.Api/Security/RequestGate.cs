using System.Net.Mime;
using Microsoft.AspNetCore.Http.Features;

namespace EscalationRisk.Api.Security;

/// <summary>
/// Runs after routing and before the endpoint, so nothing of a request's body is read (or bound) until it is
/// authorised: the bearer token (401 without, 403 wrong), then the body's media type (415 unless JSON) and its size
/// (413 when its Content-Length is over the endpoint's limit; a body without one is cut at the same limit while it
/// is read). Faults of the client's making found later (a body too slow, cut short or over the limit) are answered
/// 400/408/413 and logged as one Warning line without a stack trace, at most a few per minute.
/// </summary>
internal sealed class RequestGate(RequestDelegate next, ApiToken token, ClientFaultLog faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (endpoint.Metadata.GetMetadata<TokenRequired>() is not null && Refuse(context) is { } refusal)
        {
            await RefuseUnreadAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        if (endpoint.Metadata.GetMetadata<JsonBody>() is { } body)
        {
            if (!IsJson(context.Request.ContentType))
            {
                await RefuseUnreadAsync(context, Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported media type",
                    "the body must be JSON (Content-Type: application/json)")).ConfigureAwait(false);
                return;
            }

            if (context.Request.ContentLength > body.MaxBytes)
            {
                await RefuseUnreadAsync(context, Problem(StatusCodes.Status413PayloadTooLarge, "request too large",
                    $"the request is {context.Request.ContentLength} bytes, over this endpoint's limit of {body.MaxBytes}")).ConfigureAwait(false);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = body.MaxBytes;
            }
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            faults.Record(context, ex.StatusCode, ex.Message);
            if (!context.Response.HasStarted)
            {
                await RefuseUnreadAsync(context, Problem(ex.StatusCode, "bad request", ex.Message)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            faults.Record(context, 499, "the client closed the request");
        }
    }

    private IResult? Refuse(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(StatusCodes.Status401Unauthorized, "authentication required",
                "this request needs an Authorization: Bearer token (Api__Token)");
        }

        return token.Matches(header[Scheme.Length..].Trim())
            ? null
            : Problem(StatusCodes.Status403Forbidden, "forbidden", "the bearer token is not the one configured");
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        try
        {
            var media = new ContentType(contentType).MediaType;
            return string.Equals(media, MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase)
                || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>
    /// A request refused with its body unread: the connection is closed after the answer (and the client told so),
    /// so the body is neither drained nor taken for the next request on a kept-alive connection.
    /// </summary>
    private static async Task RefuseUnreadAsync(HttpContext context, IResult refusal)
    {
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            context.Response.Headers.Connection = "close";
        }

        await refusal.ExecuteAsync(context).ConfigureAwait(false);
    }
}
