using EscalationRisk.ScoringWorker;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddScoringWorker(builder.Configuration);

var app = builder.Build();

// Liveness answers as long as the process serves HTTP; readiness only when the bus consumes.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = check => check.Tags.Contains("ready"),
    ResponseWriter = HealthResponse.WriteAsync,
});

await app.RunAsync().ConfigureAwait(false);
