using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Evaluation;

/// <summary>
/// Exact comparison across int (i64) and float (f64). Converting the int to double would
/// round above 2^53 and make distinct values equal; real Chroma truncates the float
/// instead (API.md §12), which is wrong the other way. Neither is copied here.
/// </summary>
internal static class NumericComparison
{
    /// <summary>Returned when the values are unordered (a NaN is involved).</summary>
    public const int Unordered = 2;

    private const double TwoPow63 = 9223372036854775808.0;

    /// <summary>-1, 0, 1, or <see cref="Unordered"/>; both values must be numbers.</summary>
    public static int Compare(MetadataValue left, MetadataValue right)
    {
        if (left.Kind == MetadataValueKind.Int)
        {
            return right.Kind == MetadataValueKind.Int
                ? left.AsInt.CompareTo(right.AsInt)
                : Compare(left.AsInt, right.AsFloat);
        }
        double l = left.AsFloat;
        if (right.Kind == MetadataValueKind.Int)
        {
            int reversed = Compare(right.AsInt, l);
            return reversed == Unordered ? Unordered : -reversed;
        }
        return Compare(l, right.AsFloat);
    }

    public static int Compare(double left, double right)
    {
        if (left < right) return -1;
        if (left > right) return 1;
        return left == right ? 0 : Unordered;
    }

    public static int Compare(long left, double right)
    {
        if (double.IsNaN(right)) return Unordered;
        if (right >= TwoPow63) return -1;
        if (right < -TwoPow63) return 1;
        // right is now within long's range, so its integral part converts exactly.
        double integral = Math.Truncate(right);
        long whole = (long)integral;
        if (left != whole) return left < whole ? -1 : 1;
        double fraction = right - integral;
        if (fraction > 0) return -1;
        return fraction < 0 ? 1 : 0;
    }

    /// <summary>True when the double holds exactly an i64 value, which it then returns.</summary>
    public static bool TryGetExactInt(double value, out long integer)
    {
        if (value >= -TwoPow63 && value < TwoPow63 && Math.Truncate(value) == value)
        {
            integer = (long)value;
            return true;
        }
        integer = 0;
        return false;
    }
}
