using System.Diagnostics.CodeAnalysis;

namespace Chroma.Core.Model;

/// <summary>Throw sites kept out of hot methods so those stay small and inlinable.</summary>
public static class ThrowHelper
{
    [DoesNotReturn]
    public static void InvalidArgument(string message) =>
        throw new ChromaException(ChromaErrorCode.InvalidArgument, message);

    [DoesNotReturn]
    public static T InvalidArgument<T>(string message) =>
        throw new ChromaException(ChromaErrorCode.InvalidArgument, message);

    [DoesNotReturn]
    public static void NotFound(string message) =>
        throw new ChromaException(ChromaErrorCode.NotFound, message);

    [DoesNotReturn]
    public static void AlreadyExists(string message) =>
        throw new ChromaException(ChromaErrorCode.AlreadyExists, message);

    [DoesNotReturn]
    public static void Unprocessable(string message) =>
        throw new ChromaException(ChromaErrorCode.UnprocessableEntity, message);

    [DoesNotReturn]
    public static void DimensionMismatch(int expected, int actual) =>
        throw new ChromaException(ChromaErrorCode.InvalidArgument,
            $"Collection expecting embedding with dimension of {expected}, got {actual}");

    [DoesNotReturn]
    public static void CollectionNotFound(Guid id) =>
        throw new ChromaException(ChromaErrorCode.NotFound, $"Collection [{id}] does not exist.");

    [DoesNotReturn]
    public static void DataCorrupted(string message) =>
        throw new ChromaException(ChromaErrorCode.DataLoss, message);
}
