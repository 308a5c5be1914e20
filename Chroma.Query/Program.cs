using Chroma.Query;

// The read service of distributed mode: index versions from blob storage plus the log tail from the Log service.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
await builder.AddChromaQueryAsync();

var app = builder.Build();
app.MapChromaQuery();
await app.RunAsync();
