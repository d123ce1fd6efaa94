using EscalationRisk.AlertWorker;
using EscalationRisk.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAlertWorker(builder.Configuration);

var app = builder.Build();
app.MapHealthEndpoints();
await app.RunAsync().ConfigureAwait(false);
