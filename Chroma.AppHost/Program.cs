using Chroma.AppHost;
using Chroma.AppHost.Hosting;

// dotnet run --project Chroma.AppHost -- [--data DIR] [--gateway-port 8000] [--allow-reset]
//                                        [--publisher manifest --output-path FILE]
DistributedApplicationBuilder builder;
try
{
    builder = DistributedApplication.CreateBuilder(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
ChromaAppWiring.Configure(builder);
await using var app = builder.Build();
return await app.RunAsync();
