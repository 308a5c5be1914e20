using Chroma.Gateway;
using Chroma.Gateway.Policies;

// `keys create|list|delete …`: key management on a data folder, then exit (see docs/security.md).
if (args.Length > 0 && args[0] == "keys") return await KeysCommand.RunAsync(args[1..], Console.Out, Console.Error);

// The single-node Chroma server: one process, the whole engine in process behind HTTP API v2.
var options = GatewayOptions.Parse(args, Environment.GetEnvironmentVariable);
await using var app = await GatewayApp.BuildAsync(options);
await app.StartAsync();
foreach (var url in app.Urls)
{
    Console.WriteLine($"Chroma.Aspire listening on {url} (data: {Path.GetFullPath(options.DataPath)}, reset {(options.AllowReset ? "allowed" : "disabled")})");
}

await app.WaitForShutdownAsync();
return 0;
