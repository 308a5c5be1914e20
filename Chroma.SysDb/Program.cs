using Chroma.SysDb;

// The catalog service of distributed mode. Migrations run inside AddChromaSysDbAsync, before the
// web host starts, so /health answers only once the schema is current.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
await builder.AddChromaSysDbAsync();

var app = builder.Build();
app.MapChromaSysDb();
await app.RunAsync();
