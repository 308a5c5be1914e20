namespace Chroma.Api.Policies;

/// <summary>
/// A fixed set of async locks chosen by hash: bounded memory whatever the number of tenants or
/// collections, at the price of unrelated keys sometimes sharing a lock (held only for a count).
/// </summary>
internal sealed class StripedLocks
{
    private readonly SemaphoreSlim[] _stripes;

    public StripedLocks(int count)
    {
        _stripes = new SemaphoreSlim[count];
        for (int i = 0; i < count; i++) _stripes[i] = new SemaphoreSlim(1, 1);
    }

    public SemaphoreSlim For<T>(T key) where T : notnull =>
        _stripes[(int)((uint)EqualityComparer<T>.Default.GetHashCode(key) % (uint)_stripes.Length)];
}
