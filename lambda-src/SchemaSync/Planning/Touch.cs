using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>What a statement does to the object it is about: what <see cref="StatementOrder"/> reads.</summary>
/// <param name="Kind">Creates, alters (brings its definition to the source's) or drops it.</param>
/// <param name="Key">The object, as an <see cref="ObjectKey"/>.</param>
internal readonly record struct Touch(TouchKind Kind, string Key)
{
    public static Touch Creates(string key) => new(TouchKind.Creates, key);

    public static Touch Alters(string key) => new(TouchKind.Alters, key);

    public static Touch Drops(string key) => new(TouchKind.Drops, key);
}

/// <summary>See <see cref="Touch"/>.</summary>
internal enum TouchKind
{
    Creates,
    Alters,
    Drops,
}
