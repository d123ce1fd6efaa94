using EscalationRisk.ServiceDefaults;
using EscalationRisk.ScoringWorker;

var builder = ServiceHost.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddScoringWorker(builder.Configuration).AddScoringWarmUp(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync().ConfigureAwait(false);
