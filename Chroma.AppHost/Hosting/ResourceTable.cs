using System.Text;

namespace Chroma.AppHost.Hosting;

/// <summary>Renders the live resource table (one line per replica) that the host prints when anything changes.</summary>
internal static class ResourceTable
{
    public static string Render(IReadOnlyList<ResourceSnapshot> rows)
    {
        int nameWidth = 8;
        foreach (var row in rows) nameWidth = Math.Max(nameWidth, row.ReplicaName.Length + 2);
        var text = new StringBuilder();
        text.Append("NAME".PadRight(nameWidth)).Append("STATE       HEALTH     RESTARTS  PID      ENDPOINTS").AppendLine();
        foreach (var row in rows)
        {
            string health = row.Healthy switch { true => "Healthy", false => "Unhealthy", null => "-" };
            text.Append(row.ReplicaName.PadRight(nameWidth))
                .Append(row.State.ToString().PadRight(12))
                .Append(health.PadRight(11))
                .Append(row.RestartCount.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(10))
                .Append((row.Pid == 0 ? "-" : row.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).PadRight(9))
                .Append(string.Join(' ', row.Endpoints))
                .AppendLine();
        }
        return text.ToString();
    }
}
