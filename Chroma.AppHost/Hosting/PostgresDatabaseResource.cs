using System.Text.Json.Nodes;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// A database on a <see cref="PostgresServerResource"/>, created when missing once the server accepts
/// connections. Healthy when <c>select 1</c> answers in it. Its connection string is the server's plus
/// <c>;Database=&lt;name&gt;</c>, as Aspire's.
/// </summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    internal PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server) : base(name)
    {
        if (string.IsNullOrEmpty(databaseName) || databaseName.Contains('"') || databaseName.Contains('\''))
            throw new ArgumentException($"Database name '{databaseName}' is invalid.", nameof(databaseName));
        DatabaseName = databaseName;
        Server = server;
        // Creating the database needs the server up: the dependency is implicit, as in Aspire.
        AddWaitFor(server);
    }

    public string DatabaseName { get; }
    public PostgresServerResource Server { get; }
    public override Resource? Parent => Server;

    public string ConnectionStringExpression => $"{{{Server.Name}.connectionString}};Database={DatabaseName}";

    public string GetConnectionString() => Server.GetConnectionString() + ";Database=" + DatabaseName;

    internal override void Prepare(RunContext context) => Replicas = [new ResourceReplica(this, 0, Name)];

    internal override async Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        var replica = Replicas[0];
        replica.State = ReplicaState.Starting;
        context.OnChanged();
        string exists = await Server.ExecuteSqlAsync("postgres", $"SELECT 1 FROM pg_database WHERE datname = '{DatabaseName}'", cancellationToken).ConfigureAwait(false);
        if (exists != "1")
        {
            context.Log.WriteHost($"[{Name}] creating database \"{DatabaseName}\"");
            await Server.ExecuteSqlAsync("postgres", $"CREATE DATABASE \"{DatabaseName}\"", cancellationToken).ConfigureAwait(false);
        }
        replica.State = ReplicaState.Running;
        context.OnChanged();
    }

    internal override async Task<bool> ProbeAsync(RunContext context, int replica, CancellationToken cancellationToken)
    {
        try
        {
            return await Server.ExecuteSqlAsync(DatabaseName, "select 1", cancellationToken).ConfigureAwait(false) == "1";
        }
        catch (DistributedApplicationException)
        {
            return false;
        }
    }

    internal override void WriteManifest(ManifestWriter manifest) =>
        manifest.AddResource(Name, new JsonObject
        {
            ["type"] = "value.v0",
            ["connectionString"] = ConnectionStringExpression,
        });
}
