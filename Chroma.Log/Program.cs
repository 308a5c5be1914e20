using Chroma.Log;

// The write-ahead log service of distributed mode: writes are durable in blob storage before the answer.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
await builder.AddChromaLogAsync();

var app = builder.Build();
app.MapChromaLog();
await app.RunAsync();
