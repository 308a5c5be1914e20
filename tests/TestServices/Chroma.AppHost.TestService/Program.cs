// A minimal service for the AppHost tests: it shows the environment the host gave it and serves /health.
//   TEST_UNHEALTHY_FOR_MS   /health answers 503 for this long after start (to test WaitFor ordering).
//   TEST_REQUIRE_HEALTHY_FROM  the name of a variable holding a base URL (e.g. services__first__http__0) whose
//                           /health is asked once at start; the answer is reported at GET /env as
//                           TEST_DEPENDENCY_WAS_HEALTHY, proving the WaitFor order from outside the host.
using System.Collections;
using System.Diagnostics;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var started = Stopwatch.StartNew();
int unhealthyForMs = int.TryParse(Environment.GetEnvironmentVariable("TEST_UNHEALTHY_FOR_MS"), out int ms) ? ms : 0;

string dependencyWasHealthy = "not-checked";
if (Environment.GetEnvironmentVariable("TEST_REQUIRE_HEALTHY_FROM") is { Length: > 0 } variable
    && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } dependency)
{
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    try
    {
        using var response = await client.GetAsync(dependency.TrimEnd('/') + "/health");
        dependencyWasHealthy = response.IsSuccessStatusCode ? "true" : "false";
    }
    catch (HttpRequestException)
    {
        dependencyWasHealthy = "false";
    }
}

app.MapGet("/health", () => started.ElapsedMilliseconds < unhealthyForMs ? Results.StatusCode(503) : Results.Text("Healthy"));
app.MapGet("/env", () =>
{
    var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
    foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        env[(string)entry.Key] = (string?)entry.Value ?? "";
    env["TEST_DEPENDENCY_WAS_HEALTHY"] = dependencyWasHealthy;
    env["TEST_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    env["TEST_CWD"] = Environment.CurrentDirectory;
    return Results.Json(env);
});
app.Run();
