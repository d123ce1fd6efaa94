using EscalationRisk.AlertWorker;
using EscalationRisk.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddAlertWorker(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync().ConfigureAwait(false);
