namespace Chroma.AppHost.Hosting;

/// <summary>
/// What the command line and the test entry point can change. <see cref="Parse"/> reads
/// <c>--data DIR --gateway-port N --publisher manifest --output-path FILE --allow-reset --otlp-endpoint URL</c>;
/// ALLOW_RESET=true and OTEL_EXPORTER_OTLP_ENDPOINT in the host's own environment are honoured too.
/// </summary>
public sealed class AppHostOptions
{
    /// <summary>Holds PostgreSQL's data directory, Azurite's folder and the logs; a second start reuses it.</summary>
    public string DataDirectory { get; set; } = Path.GetFullPath(".chroma-apphost");

    public int GatewayPort { get; set; } = 8000;

    /// <summary>"manifest" writes an Aspire manifest to <see cref="OutputPath"/> instead of running.</summary>
    public string? Publisher { get; set; }

    public string? OutputPath { get; set; }

    /// <summary>Passed to every project as ALLOW_RESET=true (Chroma's switch for POST /api/v2/reset).</summary>
    public bool AllowReset { get; set; }

    /// <summary>ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT of the projects. Development, as an Aspire AppHost run.</summary>
    public string EnvironmentName { get; set; } = "Development";

    /// <summary>OTLP collector for the projects; null sets no exporter variables.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How long one resource may take to become healthy before the start fails naming it.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a stopping process gets before its process group is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Build a project with <c>dotnet build</c> when its dll is missing or older than its sources.</summary>
    public bool BuildProjects { get; set; } = true;

    /// <summary>Build configuration whose output is run.</summary>
    public string Configuration { get; set; } = "Debug";

    /// <summary>Where prefixed child output and the resource table go; null prints nothing (log files are still kept).</summary>
    public TextWriter? Console { get; set; } = System.Console.Out;

    /// <summary>Base for relative project paths, as an Aspire AppHost's project directory. Found from the solution when null.</summary>
    public string? AppHostDirectory { get; set; }

    /// <summary>Folder holding azurite's package.json (tools/azurite). Found from the solution when null.</summary>
    public string? AzuriteDirectory { get; set; }

    public bool IsPublishMode => Publisher is not null;

    public static AppHostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new AppHostOptions
        {
            AllowReset = string.Equals(System.Environment.GetEnvironmentVariable("ALLOW_RESET"), "true", StringComparison.OrdinalIgnoreCase),
            OtlpEndpoint = NullIfEmpty(System.Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")),
        };
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--data":
                    options.DataDirectory = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--gateway-port":
                    string port = Value(args, ref i);
                    if (!int.TryParse(port, out int parsed) || parsed is < 1 or > 65535)
                        throw new ArgumentException($"--gateway-port expects a TCP port (1-65535), got '{port}'.");
                    options.GatewayPort = parsed;
                    break;
                case "--publisher":
                    options.Publisher = Value(args, ref i);
                    if (options.Publisher != "manifest")
                        throw new ArgumentException($"--publisher '{options.Publisher}' is unknown; the only publisher is 'manifest'.");
                    break;
                case "--output-path":
                    options.OutputPath = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--allow-reset":
                    options.AllowReset = true;
                    break;
                case "--otlp-endpoint":
                    options.OtlpEndpoint = Value(args, ref i);
                    break;
                case "--configuration" or "-c":
                    options.Configuration = Value(args, ref i);
                    break;
                case "--no-build":
                    options.BuildProjects = false;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{arg}'. Use --data DIR, --gateway-port N, --allow-reset, --otlp-endpoint URL, --no-build, -c CONFIG, or --publisher manifest --output-path FILE.");
            }
        }
        if (options.IsPublishMode && options.OutputPath is null)
            options.OutputPath = Path.GetFullPath("aspire-manifest.json");
        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count) throw new ArgumentException($"{args[i]} needs a value.");
        return args[++i];
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
