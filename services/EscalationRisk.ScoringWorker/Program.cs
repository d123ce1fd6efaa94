using EscalationRisk.Messaging;
using EscalationRisk.ScoringWorker;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddScoringWorker(builder.Configuration);

var app = builder.Build();
app.MapHealthEndpoints();
await app.RunAsync().ConfigureAwait(false);
