using Chroma.Compactor;

// The compaction worker of distributed mode; it serves only /health and /alive.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
await builder.AddChromaCompactorAsync();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
