using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// A value given to the application from outside, after Aspire's <c>AddParameter(name, secret: true)</c>: no process,
/// only a value that projects receive through <c>WithEnvironment(name, parameter)</c>. In the manifest it is a
/// <c>parameter.v0</c> (the deployment tool asks for it or generates it) and projects see <c>{name.value}</c>, never
/// the value itself. At run time the value is, in order: the one set in code, the host's environment variable
/// <c>Parameters__&lt;name&gt;</c> (Aspire's configuration key <c>Parameters:&lt;name&gt;</c>), or one generated on the
/// first run and kept in <c>&lt;data&gt;/&lt;name&gt;</c> (mode 600), so every run on the same data sees the same value.
/// </summary>
public sealed class ParameterResource : Resource
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    internal ParameterResource(string name, bool secret) : base(name)
    {
        Secret = secret;
    }

    public bool Secret { get; }

    /// <summary>Length of a generated value (letters and digits: safe unquoted in environment and headers).</summary>
    public int GeneratedLength { get; internal set; } = 40;

    /// <summary>Print the value on the host console once it is known (for an operator who must use it, e.g. an admin token).</summary>
    public bool ShowAtStart { get; internal set; }

    /// <summary>The value; known once the application has been prepared (or set in code before).</summary>
    public string? Value { get; internal set; }

    /// <summary>Where the generated value is kept: the file <c>&lt;name&gt;</c> in the data directory.</summary>
    public static string ValuePath(string dataDirectory, string name) => Path.Combine(dataDirectory, name);

    /// <summary>The environment variable that supplies the value (Aspire's <c>Parameters:&lt;name&gt;</c> key).</summary>
    public string EnvironmentVariable => "Parameters__" + Name;

    internal override void Prepare(RunContext context)
    {
        if (string.IsNullOrEmpty(Value))
        {
            string? fromEnvironment = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
            Value = string.IsNullOrEmpty(fromEnvironment)
                ? LoadOrGenerate(ValuePath(context.Options.DataDirectory, Name), GeneratedLength)
                : fromEnvironment.Trim();
        }
        if (ShowAtStart) context.Log.WriteHost($"{Name}: {Value}");
    }

    // No process and no replica: "started" and healthy as soon as its value is known.
    internal override Task StartAsync(RunContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    internal override Task<bool> ProbeAsync(RunContext context, int replica, CancellationToken cancellationToken) => Task.FromResult(true);

    internal override void WriteManifest(ManifestWriter manifest)
    {
        var input = new JsonObject { ["type"] = "string" };
        if (Secret) input["secret"] = true;
        input["default"] = new JsonObject { ["generate"] = new JsonObject { ["minLength"] = GeneratedLength, ["special"] = false } };
        manifest.AddResource(Name, new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = $"{{{Name}.inputs.value}}",
            ["inputs"] = new JsonObject { ["value"] = input },
        });
    }

    /// <summary>The manifest expression of the value, as a project's environment refers to it.</summary>
    internal string ValueExpression => $"{{{Name}.value}}";

    internal static string LoadOrGenerate(string path, int length)
    {
        if (File.Exists(path))
        {
            string stored = File.ReadAllText(path).Trim();
            if (stored.Length > 0) return stored;
        }
        string value = RandomNumberGenerator.GetString(Alphabet, length);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Created with mode 600 from the start: the secret is never readable by others, not even briefly.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options)) writer.Write(value);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return value;
    }
}
