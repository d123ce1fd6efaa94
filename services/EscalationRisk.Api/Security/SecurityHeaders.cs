namespace EscalationRisk.Api.Security;

/// <summary>
/// Security headers on every response of the dashboard and the Api: a Content-Security-Policy that allows only the
/// dashboard's own script, style and calls (no inline script, no framing), nosniff, no referrer, and no framing for
/// browsers that predate frame-ancestors.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>The policy: everything from this origin only; nothing inline, no plugins, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the response starts, so an error page written by the exception handler (which clears the
        // headers) carries them too.
        context.Response.OnStarting(static state => { Apply(((HttpContext)state).Response.Headers); return Task.CompletedTask; }, context);
        return next(context);
    }

    private static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
}
