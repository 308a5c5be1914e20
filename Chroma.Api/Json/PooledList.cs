using Chroma.Core.Memory;

namespace Chroma.Api.Json;

/// <summary>
/// A growable list over pooled arrays for building request columns of unknown length; only the
/// final exact-size array is allocated. Must be disposed (or <see cref="ToArrayAndDispose"/>d).
/// </summary>
internal struct PooledList<T>
{
    private T[]? _items;
    private int _count;

    public readonly int Count => _count;

    public void Add(T item)
    {
        if (_items is null)
        {
            _items = BufferPool<T>.Rent(16);
        }
        else if (_count == _items.Length)
        {
            var next = BufferPool<T>.Rent(_items.Length * 2);
            _items.AsSpan(0, _count).CopyTo(next);
            Return(_items, _count);
            _items = next;
        }

        _items[_count++] = item;
    }

    public T[] ToArrayAndDispose()
    {
        if (_items is null) return [];
        var result = _items.AsSpan(0, _count).ToArray();
        Dispose();
        return result;
    }

    public void Dispose()
    {
        if (_items is null) return;
        Return(_items, _count);
        _items = null;
        _count = 0;
    }

    private static void Return(T[] items, int count)
    {
        // Clear references so pooled arrays do not keep request data alive.
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>()) items.AsSpan(0, count).Clear();
        BufferPool<T>.Return(items);
    }
}
