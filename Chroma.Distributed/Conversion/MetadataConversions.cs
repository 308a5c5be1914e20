using Chroma.Core.Model;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Conversion;

/// <summary>
/// Metadata values and maps, proto &lt;-&gt; engine. Int and float stay distinct kinds, and an
/// explicit null (delete the key on update) survives as <see cref="P.NullValue"/>.
/// Map order is kept: protobuf's MapField iterates and serializes in insertion order.
/// </summary>
public static class MetadataConversions
{
    private static readonly P.NullValue s_null = new();

    public static P.MetadataValue ToProto(MetadataValue value)
    {
        var proto = new P.MetadataValue();
        switch (value.Kind)
        {
            case MetadataValueKind.Null: proto.NullValue = s_null; break;
            case MetadataValueKind.String: proto.StringValue = value.AsString; break;
            case MetadataValueKind.Int: proto.IntValue = value.AsInt; break;
            case MetadataValueKind.Float: proto.DoubleValue = value.AsFloat; break;
            case MetadataValueKind.Bool: proto.BoolValue = value.AsBool; break;
            case MetadataValueKind.StringArray:
                proto.StringList = new P.StringList();
                proto.StringList.Values.Add(value.AsStrings);
                break;
            case MetadataValueKind.IntArray:
                proto.IntList = new P.IntList();
                proto.IntList.Values.Add(value.AsInts);
                break;
            case MetadataValueKind.FloatArray:
                proto.DoubleList = new P.DoubleList();
                proto.DoubleList.Values.Add(value.AsFloats);
                break;
            case MetadataValueKind.BoolArray:
                proto.BoolList = new P.BoolList();
                proto.BoolList.Values.Add(value.AsBools);
                break;
            case MetadataValueKind.SparseVector:
                proto.SparseVector = ToProto(value.AsSparseVector);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown metadata value kind.");
        }

        return proto;
    }

    public static MetadataValue FromProto(P.MetadataValue proto) => proto.KindCase switch
    {
        P.MetadataValue.KindOneofCase.NullValue => MetadataValue.Null,
        P.MetadataValue.KindOneofCase.StringValue => MetadataValue.FromString(proto.StringValue),
        P.MetadataValue.KindOneofCase.IntValue => MetadataValue.FromInt(proto.IntValue),
        P.MetadataValue.KindOneofCase.DoubleValue => MetadataValue.FromFloat(proto.DoubleValue),
        P.MetadataValue.KindOneofCase.BoolValue => MetadataValue.FromBool(proto.BoolValue),
        P.MetadataValue.KindOneofCase.StringList => MetadataValue.FromStrings([.. proto.StringList.Values]),
        P.MetadataValue.KindOneofCase.IntList => MetadataValue.FromInts([.. proto.IntList.Values]),
        P.MetadataValue.KindOneofCase.DoubleList => MetadataValue.FromFloats([.. proto.DoubleList.Values]),
        P.MetadataValue.KindOneofCase.BoolList => MetadataValue.FromBools([.. proto.BoolList.Values]),
        P.MetadataValue.KindOneofCase.SparseVector => MetadataValue.FromSparseVector(FromProto(proto.SparseVector)),
        // An unset oneof is a malformed message (a sender never writes one): refuse, do not guess.
        _ => ThrowHelper.InvalidArgument<MetadataValue>("Metadata value has no kind."),
    };

    public static P.SparseVector ToProto(SparseVector vector)
    {
        var proto = new P.SparseVector();
        proto.Indices.Add(vector.Indices);
        proto.Values.Add(vector.Values);
        if (vector.Tokens is not null)
        {
            proto.Tokens = new P.StringList();
            proto.Tokens.Values.Add(vector.Tokens);
        }

        return proto;
    }

    public static SparseVector FromProto(P.SparseVector proto) =>
        new([.. proto.Indices], [.. proto.Values], proto.Tokens is null ? null : [.. proto.Tokens.Values]);

    public static P.Metadata ToProto(IReadOnlyDictionary<string, MetadataValue> metadata)
    {
        var proto = new P.Metadata();
        foreach (KeyValuePair<string, MetadataValue> pair in metadata) proto.Values.Add(pair.Key, ToProto(pair.Value));
        return proto;
    }

    public static Dictionary<string, MetadataValue> FromProto(P.Metadata proto)
    {
        var metadata = new Dictionary<string, MetadataValue>(proto.Values.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, P.MetadataValue> pair in proto.Values) metadata.Add(pair.Key, FromProto(pair.Value));
        return metadata;
    }

    public static P.Metadata? ToProtoOrNull(IReadOnlyDictionary<string, MetadataValue>? metadata) =>
        metadata is null ? null : ToProto(metadata);

    public static Dictionary<string, MetadataValue>? FromProtoOrNull(P.Metadata? proto) =>
        proto is null ? null : FromProto(proto);
}
