using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

/// <summary>Secret parameters: generated once per data directory (mode 600), printed when asked, handed to projects.</summary>
public sealed class ParameterResourceTests : IDisposable
{
    private readonly string _dataDirectory = TestEnvironment.CreateDataDirectory();

    public void Dispose() => TestEnvironment.DeleteDataDirectory(_dataDirectory);

    [Fact]
    public void A_generated_value_is_kept_in_the_data_directory_and_reused()
    {
        var console = new StringWriter();
        string first = Prepare(console, shown: true);
        string second = Prepare(new StringWriter(), shown: false);

        Assert.Equal(40, first.Length);
        Assert.True(first.All(char.IsAsciiLetterOrDigit), first);
        Assert.Equal(first, second);
        string path = ParameterResource.ValuePath(_dataDirectory, "secret-param");
        Assert.Equal(first, File.ReadAllText(path));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("secret-param: " + first, console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_data_directory_gets_another_value()
    {
        string first = Prepare(new StringWriter(), shown: false);
        string other = Path.Combine(_dataDirectory, "other");
        Assert.NotEqual(first, Prepare(new StringWriter(), shown: false, other));
    }

    [Fact]
    public void Projects_get_the_value_at_run_time_and_an_expression_in_the_manifest()
    {
        var builder = DistributedApplication.CreateBuilder(new AppHostOptions { DataDirectory = _dataDirectory, Console = null });
        var secret = builder.AddParameter("secret-param", secret: true);
        secret.Resource.Value = "given-in-code-0123456789";
        var project = builder.AddProject("p", "p.csproj").WithHttpEndpoint("http").WithEnvironment("Secret__Value", secret);

        var context = new RunContext(builder.Options, new LogSink(null, null), new HttpClient(), static () => { });
        secret.Resource.Prepare(context);
        project.Resource.Prepare(context);
        Dictionary<string, string> environment = project.Resource.BuildEnvironment(context, project.Resource.Replicas[0]);

        Assert.Equal("given-in-code-0123456789", environment["Secret__Value"]);
        Assert.False(File.Exists(ParameterResource.ValuePath(_dataDirectory, "secret-param")));
        Assert.Equal("{secret-param.value}", secret.Resource.ValueExpression);
    }

    private string Prepare(TextWriter console, bool shown, string? dataDirectory = null)
    {
        var builder = DistributedApplication.CreateBuilder(new AppHostOptions { DataDirectory = dataDirectory ?? _dataDirectory, Console = console });
        var parameter = builder.AddParameter("secret-param", secret: true);
        if (shown) parameter.WithValueShownAtStart();
        parameter.Resource.Prepare(new RunContext(builder.Options, new LogSink(null, console), new HttpClient(), static () => { }));
        return parameter.Resource.Value!;
    }
}
