using System.Text.Json.Nodes;
using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

public sealed class ManifestTests
{
    private static (DistributedApplication App, string OutputDirectory) BuildChromaApp()
    {
        string output = TestEnvironment.CreateDataDirectory();
        var builder = DistributedApplication.CreateBuilder(new AppHostOptions
        {
            DataDirectory = Path.Combine(output, "data"),
            Publisher = "manifest",
            OutputPath = Path.Combine(output, "manifest.json"),
            Console = null,
        });
        ChromaAppWiring.Configure(builder);
        return (builder.Build(), output);
    }

    [Fact]
    public async Task Publisher_WritesEveryResourceWithItsReferences()
    {
        var (app, output) = BuildChromaApp();
        try
        {
            Assert.Equal(0, await app.RunAsync());
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!.AsObject();
            Assert.Equal("https://json.schemastore.org/aspire-8.0.json", (string?)manifest["$schema"]);
            var resources = manifest["resources"]!.AsObject();
            Assert.Equal(
                ["admin-token", "blobs", "chromadb", "compactor", "gateway", "log", "postgres", "postgres-password", "query", "storage", "sysdb"],
                resources.Select(r => r.Key).Order(StringComparer.Ordinal).ToArray());

            Assert.Equal("container.v0", (string?)resources["postgres"]!["type"]);
            Assert.Equal("parameter.v0", (string?)resources["postgres-password"]!["type"]);
            Assert.Equal("{postgres.connectionString};Database=chromadb", (string?)resources["chromadb"]!["connectionString"]);
            Assert.StartsWith("mcr.microsoft.com/azure-storage/azurite", (string?)resources["storage"]!["image"]);
            Assert.Contains("BlobEndpoint=http://{storage.bindings.blob.host}:{storage.bindings.blob.port}/devstoreaccount1", (string?)resources["blobs"]!["connectionString"]);

            var sysdb = resources["sysdb"]!.AsObject();
            Assert.Equal("project.v0", (string?)sysdb["type"]);
            Assert.Equal("{chromadb.connectionString}", (string?)sysdb["env"]!["ConnectionStrings__chromadb"]);
            Assert.Equal("http2", (string?)sysdb["bindings"]!["grpc"]!["transport"]);
            Assert.Equal("Http2", (string?)sysdb["env"]!["Kestrel__Endpoints__grpc__Protocols"]);

            var log = resources["log"]!["env"]!.AsObject();
            Assert.Equal("{blobs.connectionString}", (string?)log["ConnectionStrings__blobs"]);
            Assert.Equal("{sysdb.bindings.http.url}", (string?)log["services__sysdb__http__0"]);
            Assert.Equal("{sysdb.bindings.grpc.url}", (string?)log["services__sysdb__grpc__0"]);

            var query = resources["query"]!["env"]!.AsObject();
            Assert.Equal("{log.bindings.grpc.url}", (string?)query["services__log__grpc__0"]);
            Assert.Equal("{blobs.connectionString}", (string?)query["ConnectionStrings__blobs"]);

            var gateway = resources["gateway"]!.AsObject();
            Assert.Equal(8000, (int)gateway["bindings"]!["http"]!["port"]!);
            Assert.True((bool)gateway["bindings"]!["http"]!["external"]!);
            Assert.Equal("{query.bindings.http.url}", (string?)gateway["env"]!["services__query__http__0"]);
            // Auth on, keys in the catalog database, and the bootstrap admin token only as a secret parameter.
            var gatewayEnv = gateway["env"]!.AsObject();
            Assert.Equal("{chromadb.connectionString}", (string?)gatewayEnv["ConnectionStrings__chromadb"]);
            Assert.Equal("true", (string?)gatewayEnv["Chroma__Auth__Enabled"]);
            Assert.Equal("{admin-token.value}", (string?)gatewayEnv["Chroma__Auth__Keys__0__Token"]);
            Assert.Equal("*", (string?)gatewayEnv["Chroma__Auth__Keys__0__Tenant"]);
            Assert.Equal("admin", (string?)gatewayEnv["Chroma__Auth__Keys__0__Role"]);
            var adminToken = resources["admin-token"]!.AsObject();
            Assert.Equal("parameter.v0", (string?)adminToken["type"]);
            Assert.Equal("{admin-token.inputs.value}", (string?)adminToken["value"]);
            Assert.True((bool)adminToken["inputs"]!["value"]!["secret"]!);
            Assert.True((int)adminToken["inputs"]!["value"]!["default"]!["generate"]!["minLength"]! >= 32);
            // Publishing generates no token: nothing is written to the data directory.
            Assert.False(File.Exists(ParameterResource.ValuePath(Path.Combine(output, "data"), ChromaAppWiring.AdminTokenParameter)));

            // Project paths are relative to the manifest and lead to the real project files.
            string gatewayPath = Path.GetFullPath(Path.Combine(output, (string)gateway["path"]!));
            Assert.EndsWith(Path.Combine("Chroma.Gateway", "Chroma.Gateway.csproj"), gatewayPath);
            Assert.True(File.Exists(gatewayPath), gatewayPath);
        }
        finally
        {
            await app.DisposeAsync();
            TestEnvironment.DeleteDataDirectory(output);
        }
    }

    [Fact]
    public async Task Manifest_ValidatesAgainstTheAspireSchema()
    {
        var (app, output) = BuildChromaApp();
        try
        {
            var errors = AspireManifestSchema.Validate(app.BuildManifest(output));
            Assert.Empty(errors);
        }
        finally
        {
            await app.DisposeAsync();
            TestEnvironment.DeleteDataDirectory(output);
        }
    }

    [Fact]
    public void SchemaChecker_RejectsWhatTheSchemaRejects()
    {
        var manifest = JsonNode.Parse("""
            {
              "resources": {
                "a": { "type": "project.v0", "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "grpc" } } },
                "b": { "type": "value.v0", "connectionString": "x", "replicas": 2 },
                "c": { "type": "parameter.v0", "value": "v", "inputs": { "value": { "type": "int" } } },
                "d": { "type": "container.v0", "image": "i", "env": { "X": 1 } }
              }
            }
            """);
        var errors = AspireManifestSchema.Validate(manifest);
        Assert.Contains(errors, e => e.Contains("$.resources.a") && e.Contains("'path' missing"));
        Assert.Contains(errors, e => e.Contains("$.resources.a.bindings.http.transport"));
        Assert.Contains(errors, e => e.Contains("$.resources.b") && e.Contains("'replicas'"));
        Assert.Contains(errors, e => e.Contains("$.resources.c.inputs.value.type"));
        Assert.Contains(errors, e => e.Contains("$.resources.d.env.X"));
    }
}
