using Chroma.Core.Model;

namespace Chroma.Distributed.Conversion;

/// <summary>Ids travel as Guid text ("D" format, 36 characters), readable in traces.</summary>
public static class IdConversions
{
    public static string ToProto(Guid id) => id.ToString("D");

    public static Guid FromProto(string id, string field = "collection id")
    {
        if (!Guid.TryParse(id, out Guid value))
        {
            ThrowHelper.InvalidArgument($"Invalid {field} '{id}': not a UUID.");
        }

        return value;
    }
}
