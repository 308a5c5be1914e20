namespace Chroma.Gateway.Routing;

/// <summary>
/// Tuning of the distributed gateway, bound from configuration section <c>Gateway:Routing</c>
/// (environment <c>Gateway__Routing__HealthCheckInterval=00:00:05</c>). The service names are the
/// AppHost's resource names, which also name the <c>services__&lt;name&gt;__http__&lt;i&gt;</c> variables.
/// </summary>
public sealed class DistributedGatewayOptions
{
    public const string SectionName = "Gateway:Routing";

    public string SysDbService { get; set; } = "sysdb";
    public string LogService { get; set; } = "log";
    public string QueryService { get; set; } = "query";

    /// <summary>Path every service answers when ready (ServiceDefaults' MapDefaultEndpoints).</summary>
    public string HealthCheckPath { get; set; } = Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.HealthEndpointPath;

    /// <summary>How often each destination is probed; a dead one leaves after <see cref="ConsecutiveFailuresThreshold"/> probes.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int ConsecutiveFailuresThreshold { get; set; } = 2;

    /// <summary>How long a destination that failed requests (passive health) stays out before it is tried again.</summary>
    public TimeSpan PassiveReactivationPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
