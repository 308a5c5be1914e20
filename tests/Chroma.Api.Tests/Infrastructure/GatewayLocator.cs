namespace Chroma.Api.Tests.Infrastructure;

/// <summary>
/// Finds the single-node host's entry assembly. The test project and the Gateway are built by
/// the same command with UseArtifactsOutput, so the Gateway lives beside this assembly's output
/// under artifacts/bin/Chroma.Gateway/&lt;same configuration folder&gt;/. CHROMA_GATEWAY_DLL
/// overrides the search (e.g. to test a published build).
/// </summary>
public static class GatewayLocator
{
    public const string OverrideVariable = "CHROMA_GATEWAY_DLL";

    public static string FindGatewayDll()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (!File.Exists(fromEnvironment))
            {
                throw new FileNotFoundException($"{OverrideVariable} points to a missing file", fromEnvironment);
            }

            return Path.GetFullPath(fromEnvironment);
        }

        // artifacts/bin/Chroma.Api.Tests/debug/ -> configuration folder "debug", bin folder two up.
        var ownOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configurationFolder = ownOutput.Name;
        DirectoryInfo? binFolder = ownOutput.Parent?.Parent;
        if (binFolder is not null)
        {
            string candidate = Path.Combine(binFolder.FullName, "Chroma.Gateway", configurationFolder, "Chroma.Gateway.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"Chroma.Gateway.dll not found next to the test output ({ownOutput.FullName}); build the solution first or set {OverrideVariable}.");
    }
}
