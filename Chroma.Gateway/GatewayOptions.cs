using System.Globalization;

namespace Chroma.Gateway;

/// <summary>
/// Command line of the single-node server: <c>--path DIR</c> (default ./chroma-data),
/// <c>--host ADDR</c> (default localhost = 127.0.0.1), <c>--port N</c> (default 8000, 0 = any free
/// port), <c>--allow-reset</c> or environment <c>ALLOW_RESET=true</c>, <c>--auth</c> (API keys required;
/// same as <c>Chroma__Auth__Enabled=true</c>, see docs/security.md).
/// </summary>
public sealed record GatewayOptions
{
    public string DataPath { get; init; } = "./chroma-data";
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 8000;
    public bool AllowReset { get; init; }
    public bool Auth { get; init; }

    public static GatewayOptions Parse(string[] args, Func<string, string?> environment)
    {
        var options = new GatewayOptions
        {
            AllowReset = string.Equals(environment("ALLOW_RESET"), "true", StringComparison.OrdinalIgnoreCase),
        };

        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--path": options = options with { DataPath = Value(args, ref i) }; break;
                case "--host": options = options with { Host = Value(args, ref i) }; break;
                case "--port":
                    string port = Value(args, ref i);
                    if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number > 65535)
                        throw new ArgumentException($"--port expects a port number, got '{port}'");
                    options = options with { Port = number };
                    break;
                case "--allow-reset": options = options with { AllowReset = true }; break;
                case "--auth": options = options with { Auth = true }; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: --path DIR --host ADDR --port N --allow-reset --auth");
            }
        }

        return options;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} expects a value");
        return args[++i];
    }
}
