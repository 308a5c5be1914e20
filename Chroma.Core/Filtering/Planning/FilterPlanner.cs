using System.Numerics;
using Chroma.Core.Filtering.Evaluation;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Memory;

namespace Chroma.Core.Filtering.Planning;

/// <summary>
/// Turns a <see cref="RecordFilter"/> into the bitset of live labels of one version that it
/// matches, with exactly the semantics of <see cref="RecordFilter.Matches"/>, using the
/// metadata and trigram indexes.
/// <code>
/// node(domain) -> labels of domain matching node          (always a subset of domain)
///   $and   children cheapest-first, each on the survivors of the previous ones
///   $or    union; each child only on the labels no earlier child matched
///   leaf   index postings/slices AND domain, or its predicate on each label of domain
///          when the domain is much smaller than what the index would touch
///   $ne, $nin, $not_contains, $not_regex = domain minus the positive form
/// </code>
/// The negated operators are complements within the domain, which starts as the live set:
/// that is how a record lacking the key matches $ne while a deleted label never matches.
/// Whatever the indexes cannot answer exactly (short needles, regexes without a required
/// literal, unexpected operand kinds) is answered by the leaf's own compiled predicate,
/// never approximated.
/// </summary>
public sealed partial class FilterPlanner
{
    // Answering a leaf from the index costs about one cheap operation per label it touches;
    // its predicate costs a dictionary lookup and a compare per label of the domain, roughly
    // this many times more. Only the plan's speed depends on it, never its answer.
    private const int PredicateCostFactor = 16;

    private readonly FilterIndexes _indexes;
    private readonly int _words;

    private FilterPlanner(FilterIndexes indexes)
    {
        _indexes = indexes;
        _words = indexes.WordCount;
    }

    /// <summary>The live labels matching <paramref name="filter"/>, as a new bitset of <see cref="FilterIndexes.WordCount"/> words.</summary>
    public static ulong[] Execute(FilterIndexes indexes, RecordFilter filter) => Execute(indexes, filter, indexes.Live);

    /// <summary>
    /// The labels of <paramref name="domain"/> (intersected with the live set) matching
    /// <paramref name="filter"/>, as a new bitset of <see cref="FilterIndexes.WordCount"/> words.
    /// </summary>
    public static ulong[] Execute(FilterIndexes indexes, RecordFilter filter, ReadOnlySpan<ulong> domain)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        ArgumentNullException.ThrowIfNull(filter);
        int words = indexes.WordCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(domain.Length, words, nameof(domain));
        var result = new ulong[words];
        if (filter.MatchesNothing || words == 0) return result;

        var planner = new FilterPlanner(indexes);
        ulong[] start = planner.Rent();
        try
        {
            Span<ulong> live = start.AsSpan(0, words);
            domain[..words].CopyTo(live);
            LabelBitset.And(live, indexes.Live);
            if (filter.MatchesEverything)
            {
                live.CopyTo(result);
                return result;
            }

            var steps = new Step[filter.Where is not null && filter.WhereDocument is not null ? 2 : 1];
            int count = 0;
            if (filter.Where is not null) steps[count++] = Step.Of(filter.Where);
            if (filter.WhereDocument is not null) steps[count] = Step.Of(filter.WhereDocument);
            planner.EvaluateAnd(steps, live, result);
            return result;
        }
        finally
        {
            planner.Return(start);
        }
    }

    /// <summary>One child of a logical node: a where or a where_document clause.</summary>
    private struct Step
    {
        public WhereClause? Where;
        public WhereDocumentClause? Document;
        public long Estimate;

        public static Step Of(WhereClause clause) => new() { Where = clause };

        public static Step Of(WhereDocumentClause clause) => new() { Document = clause };
    }

    private void Evaluate(in Step step, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        if (step.Where is not null) Evaluate(step.Where, domain, result);
        else Evaluate(step.Document!, domain, result);
    }

    private long Estimate(in Step step) => step.Where is not null ? Estimate(step.Where) : Estimate(step.Document!);

    /// <summary>result = labels of domain matching every step. domain and result must not overlap.</summary>
    private void EvaluateAnd(Span<Step> steps, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        if (steps.Length == 0)
        {
            domain.CopyTo(result);
            return;
        }
        if (steps.Length == 1)
        {
            Evaluate(steps[0], domain, result);
            return;
        }

        // Most selective first: later steps (and any scan among them) only see its survivors.
        for (int i = 0; i < steps.Length; i++) steps[i].Estimate = Estimate(steps[i]);
        SortByEstimate(steps);

        ulong[] first = Rent();
        ulong[] second = Rent();
        try
        {
            Span<ulong> current = first.AsSpan(0, _words);
            Span<ulong> next = second.AsSpan(0, _words);
            Evaluate(steps[0], domain, current);
            for (int i = 1; i < steps.Length && !IsEmpty(current); i++)
            {
                Evaluate(steps[i], current, next);
                Span<ulong> swap = current;
                current = next;
                next = swap;
            }
            current.CopyTo(result);
        }
        finally
        {
            Return(first);
            Return(second);
        }
    }

    /// <summary>result = labels of domain matching any step. domain and result must not overlap.</summary>
    private void EvaluateOr(ReadOnlySpan<Step> steps, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        result.Clear();
        if (steps.Length == 0) return;
        if (steps.Length == 1)
        {
            Evaluate(steps[0], domain, result);
            return;
        }

        ulong[] remainingBuffer = Rent();
        ulong[] matchedBuffer = Rent();
        try
        {
            Span<ulong> remaining = remainingBuffer.AsSpan(0, _words);
            Span<ulong> matched = matchedBuffer.AsSpan(0, _words);
            domain.CopyTo(remaining);
            foreach (Step step in steps)
            {
                // A label an earlier child matched is in the answer already: no need to test it again.
                Evaluate(step, remaining, matched);
                LabelBitset.Or(result, matched);
                LabelBitset.AndNot(remaining, matched);
                if (IsEmpty(remaining)) break;
            }
        }
        finally
        {
            Return(remainingBuffer);
            Return(matchedBuffer);
        }
    }

    private static void SortByEstimate(Span<Step> steps)
    {
        // Insertion sort: a logical node has a handful of children, and this keeps ties in order.
        for (int i = 1; i < steps.Length; i++)
        {
            Step item = steps[i];
            int j = i - 1;
            while (j >= 0 && steps[j].Estimate > item.Estimate)
            {
                steps[j + 1] = steps[j];
                j--;
            }
            steps[j + 1] = item;
        }
    }

    /// <summary>result = labels of domain whose record the predicate accepts: the exact fallback.</summary>
    private void Scan(RecordPredicate predicate, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        for (int word = 0; word < domain.Length; word++)
        {
            ulong bits = domain[word];
            ulong matched = 0;
            while (bits != 0)
            {
                int bit = BitOperations.TrailingZeroCount(bits);
                int label = (word << 6) + bit;
                if (predicate.Matches(_indexes.MetadataOf(label), _indexes.DocumentTextOf(label))) matched |= 1UL << bit;
                bits &= bits - 1;
            }
            result[word] = matched;
        }
    }

    /// <summary>Keeps only the labels of result whose record the predicate accepts.</summary>
    private void Verify(RecordPredicate predicate, Span<ulong> result)
    {
        for (int word = 0; word < result.Length; word++)
        {
            ulong bits = result[word];
            ulong kept = bits;
            while (bits != 0)
            {
                int bit = BitOperations.TrailingZeroCount(bits);
                int label = (word << 6) + bit;
                if (!predicate.Matches(_indexes.MetadataOf(label), _indexes.DocumentTextOf(label))) kept &= ~(1UL << bit);
                bits &= bits - 1;
            }
            result[word] = kept;
        }
    }

    /// <summary>True when the predicate should run on the domain instead of the index touching <paramref name="indexCost"/> labels.</summary>
    private static bool PreferScan(long indexCost, ReadOnlySpan<ulong> domain) =>
        indexCost > (long)LabelBitset.PopCount(domain) * PredicateCostFactor;

    /// <summary>Negated leaves: result (the positive form, within domain) becomes domain minus it.</summary>
    private static void ComplementIfNegated(FilterOperator op, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        if (op.IsNegated()) LabelBitset.ComplementWithin(result, domain);
    }

    private static bool IsEmpty(ReadOnlySpan<ulong> bits) => bits.IndexOfAnyExcept(0UL) < 0;

    private ulong[] Rent() => BufferPool<ulong>.Rent(Math.Max(1, _words));

    private void Return(ulong[] buffer) => BufferPool<ulong>.Return(buffer);
}
