using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EscalationRisk.ServiceDefaults;

/// <summary>The set-up every service shares.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Structured JSON logs on the console (<c>Logging__Console__FormatterName=simple</c> for plain text),
    /// OpenTelemetry metrics (ASP.NET Core, the .NET runtime, MassTransit's meter and the project's own) exposed for
    /// Prometheus, and traces (ASP.NET Core, MassTransit's activity source, the project's own) sent over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The service name is the application name unless
    /// <c>OTEL_SERVICE_NAME</c> says otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

                // Quotes and Arabic stay readable in the log lines (the JSON is still valid: this only skips
                // escaping characters that are safe outside HTML).
                options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter(Telemetry.Name)
                .AddPrometheusExporter());

        // Traces only when there is somewhere to send them: without an exporter, recording an activity for every
        // message would cost throughput and show nowhere.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                        !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                    .AddSource("MassTransit")
                    .AddSource(Telemetry.Name)
                    .AddOtlpExporter())
                .WithMetrics(metrics => metrics.AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// The endpoints every service serves in every environment: <c>/health/live</c>, <c>/health/ready</c> and the
    /// Prometheus scrape endpoint <c>/metrics</c>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
