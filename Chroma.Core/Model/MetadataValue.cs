using System.Globalization;

namespace Chroma.Core.Model;

/// <summary>
/// One metadata value. Int (i64) and float (f64) are distinct kinds: the API writes a float
/// back with a decimal point and an int without, so the kind must survive every round trip.
/// Arrays are homogeneous and non-empty by API validation (an int+float mix is a float array).
/// </summary>
public readonly struct MetadataValue : IEquatable<MetadataValue>
{
    private readonly long _bits;      // Int value, Bool (0/1), or the double's bits
    private readonly object? _ref;    // string, long[], double[], bool[], string[], SparseVector

    private MetadataValue(MetadataValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _ref = reference;
    }

    public MetadataValueKind Kind { get; }

    public static MetadataValue Null => default;
    public static MetadataValue FromString(string value) => new(MetadataValueKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));
    public static MetadataValue FromInt(long value) => new(MetadataValueKind.Int, value, null);
    public static MetadataValue FromFloat(double value) => new(MetadataValueKind.Float, BitConverter.DoubleToInt64Bits(value), null);
    public static MetadataValue FromBool(bool value) => new(MetadataValueKind.Bool, value ? 1 : 0, null);
    public static MetadataValue FromStrings(string[] values) => new(MetadataValueKind.StringArray, 0, values);
    public static MetadataValue FromInts(long[] values) => new(MetadataValueKind.IntArray, 0, values);
    public static MetadataValue FromFloats(double[] values) => new(MetadataValueKind.FloatArray, 0, values);
    public static MetadataValue FromBools(bool[] values) => new(MetadataValueKind.BoolArray, 0, values);
    public static MetadataValue FromSparseVector(SparseVector value) => new(MetadataValueKind.SparseVector, 0, value);

    public bool IsNull => Kind == MetadataValueKind.Null;
    public bool IsNumber => Kind is MetadataValueKind.Int or MetadataValueKind.Float;
    public bool IsArray => Kind is MetadataValueKind.StringArray or MetadataValueKind.IntArray or MetadataValueKind.FloatArray or MetadataValueKind.BoolArray;

    public string AsString => Kind == MetadataValueKind.String ? (string)_ref! : throw WrongKind(MetadataValueKind.String);
    public long AsInt => Kind == MetadataValueKind.Int ? _bits : throw WrongKind(MetadataValueKind.Int);
    public double AsFloat => Kind == MetadataValueKind.Float ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(MetadataValueKind.Float);
    public bool AsBool => Kind == MetadataValueKind.Bool ? _bits != 0 : throw WrongKind(MetadataValueKind.Bool);
    public string[] AsStrings => Kind == MetadataValueKind.StringArray ? (string[])_ref! : throw WrongKind(MetadataValueKind.StringArray);
    public long[] AsInts => Kind == MetadataValueKind.IntArray ? (long[])_ref! : throw WrongKind(MetadataValueKind.IntArray);
    public double[] AsFloats => Kind == MetadataValueKind.FloatArray ? (double[])_ref! : throw WrongKind(MetadataValueKind.FloatArray);
    public bool[] AsBools => Kind == MetadataValueKind.BoolArray ? (bool[])_ref! : throw WrongKind(MetadataValueKind.BoolArray);
    public SparseVector AsSparseVector => Kind == MetadataValueKind.SparseVector ? (SparseVector)_ref! : throw WrongKind(MetadataValueKind.SparseVector);

    /// <summary>Int or float as a double, for numeric comparison across the two kinds.</summary>
    public double AsNumber => Kind switch
    {
        MetadataValueKind.Int => _bits,
        MetadataValueKind.Float => BitConverter.Int64BitsToDouble(_bits),
        _ => throw WrongKind(MetadataValueKind.Float),
    };

    public bool Equals(MetadataValue other)
    {
        if (Kind != other.Kind) return false;
        return Kind switch
        {
            MetadataValueKind.Null => true,
            MetadataValueKind.Int or MetadataValueKind.Bool => _bits == other._bits,
            MetadataValueKind.Float => AsFloat.Equals(other.AsFloat),
            MetadataValueKind.String => string.Equals((string)_ref!, (string)other._ref!, StringComparison.Ordinal),
            MetadataValueKind.StringArray => AsStrings.AsSpan().SequenceEqual(other.AsStrings),
            MetadataValueKind.IntArray => AsInts.AsSpan().SequenceEqual(other.AsInts),
            MetadataValueKind.FloatArray => AsFloats.AsSpan().SequenceEqual(other.AsFloats),
            MetadataValueKind.BoolArray => AsBools.AsSpan().SequenceEqual(other.AsBools),
            MetadataValueKind.SparseVector => AsSparseVector.Equals(other.AsSparseVector),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is MetadataValue other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        MetadataValueKind.String => HashCode.Combine(Kind, ((string)_ref!).GetHashCode(StringComparison.Ordinal)),
        MetadataValueKind.Int or MetadataValueKind.Bool or MetadataValueKind.Float => HashCode.Combine(Kind, _bits),
        _ => HashCode.Combine(Kind, _ref?.GetHashCode() ?? 0),
    };

    public static bool operator ==(MetadataValue left, MetadataValue right) => left.Equals(right);
    public static bool operator !=(MetadataValue left, MetadataValue right) => !left.Equals(right);

    public override string ToString() => Kind switch
    {
        MetadataValueKind.Null => "null",
        MetadataValueKind.String => (string)_ref!,
        MetadataValueKind.Int => _bits.ToString(CultureInfo.InvariantCulture),
        MetadataValueKind.Float => AsFloat.ToString("R", CultureInfo.InvariantCulture),
        MetadataValueKind.Bool => _bits != 0 ? "true" : "false",
        _ => Kind.ToString(),
    };

    public static implicit operator MetadataValue(string value) => FromString(value);
    public static implicit operator MetadataValue(long value) => FromInt(value);
    public static implicit operator MetadataValue(int value) => FromInt(value);
    public static implicit operator MetadataValue(double value) => FromFloat(value);
    public static implicit operator MetadataValue(bool value) => FromBool(value);

    private InvalidOperationException WrongKind(MetadataValueKind wanted) =>
        new($"Metadata value is {Kind}, not {wanted}.");
}
