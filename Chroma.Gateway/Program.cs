using Chroma.Gateway;
using Chroma.Gateway.Policies;

// `keys create|list|delete …`: key management on a data folder, then exit (see docs/security.md).
if (args.Length > 0 && args[0] == "keys") return await KeysCommand.RunAsync(args[1..], Console.Out, Console.Error);

// Single node by default (the whole engine in process behind HTTP API v2); the distributed gateway
// (a YARP proxy) when the AppHost wires services__sysdb (see Routing/DistributedGatewayExtensions).
var options = GatewayOptions.Parse(args, Environment.GetEnvironmentVariable);
await using var app = Chroma.Gateway.Routing.DistributedGatewayApp.IsRequested() ? Chroma.Gateway.Routing.DistributedGatewayApp.Build(options) : await GatewayApp.BuildAsync(options);
await app.StartAsync();
foreach (var url in app.Urls)
{
    Console.WriteLine($"Chroma.Aspire listening on {url} (data: {Path.GetFullPath(options.DataPath)}, reset {(options.AllowReset ? "allowed" : "disabled")})");
}

await app.WaitForShutdownAsync();
return 0;
