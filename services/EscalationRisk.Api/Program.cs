using EscalationRisk.Api;
using EscalationRisk.Api.Security;
using EscalationRisk.ServiceDefaults;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;

var builder = ServiceHost.CreateBuilder(args);

// "--replay PATH" publishes a file or folder of articles once the bus has started (Api:ReplayOnStart).
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--replay"] = $"{ApiOptions.Section}:{nameof(ApiOptions.ReplayOnStart)}" });
builder.AddServiceDefaults();

// With no address configured (ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS), the main command serves on loopback
// only. (Not in appsettings.json: there it would override ASPNETCORE_URLS, which is read before it.)
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"]) && string.IsNullOrEmpty(builder.Configuration["HTTPS_PORTS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}
builder.Services.AddEscalationRiskApi(builder.Configuration);

// Kestrel's own limit is the largest body any endpoint takes (an article at the body limit, escaped), not its
// 30 MB default; each endpoint lowers it further for itself (RequestGate).
var maxBody = builder.Configuration.GetSection(ApiOptions.Section).GetValue(nameof(ApiOptions.MaxBodyBytes), EscalationRisk.Contracts.ArticleParser.DefaultMaxBodyBytes);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = EscalationRisk.Contracts.ArticleParser.EnvelopeBytes(maxBody));

var app = builder.Build();
app.UseMiddleware<SecurityHeaders>();
app.UseExceptionHandler();
app.UseStatusCodePages();

// The dashboard, bundled at build time into the output's dashboard/ folder.
var dashboard = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "dashboard"));
app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = dashboard });
app.UseStaticFiles(new StaticFileOptions { FileProvider = dashboard });

// Routing first, so the gate knows the endpoint: its token, media type and body limit are checked before any body
// is read; then the per-client rate limits.
app.UseRouting();
app.UseMiddleware<RequestGate>();
app.UseRateLimiter();

app.MapOpenApi();
app.MapEscalationRiskApi();
app.MapDefaultEndpoints();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    var token = app.Services.GetRequiredService<ApiToken>();
    foreach (var address in addresses)
    {
        Console.Out.WriteLine($"Dashboard: {address.TrimEnd('/')}/  (API: {address.TrimEnd('/')}/openapi/v1.json)");
    }

    if (token.Generated)
    {
        Console.Out.WriteLine($"No Api__Token configured: changes need 'Authorization: Bearer {token.Value}' (made for this run)");
    }

    Console.Out.Flush();
});

await app.RunAsync().ConfigureAwait(false);
