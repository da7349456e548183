using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaSync.Planning;

namespace MigrationFunction.Handling;

/// <summary>A value outside a closed set of names: the handler answers 400 with it, the field it came from and the allowed names.</summary>
public sealed class ClosedSetException : JsonException
{
    /// <summary>Creates the error for <paramref name="value"/>.</summary>
    public ClosedSetException(string? value, IReadOnlyList<string> allowed)
        : base($"'{value}' is not one of {string.Join(", ", allowed)}")
    {
        Value = value;
        Allowed = allowed;
    }

    /// <summary>The value the request held.</summary>
    public string? Value { get; }

    /// <summary>The names the field accepts.</summary>
    public IReadOnlyList<string> Allowed { get; }
}

/// <summary>
/// An enum on the wire as one of a closed set of names; any other value is a <see cref="ClosedSetException"/>.
/// No reflection: NativeAOT-safe.
/// </summary>
public abstract class ClosedSetConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    /// <summary>The wire name of <paramref name="value"/>.</summary>
    protected abstract string NameOf(T value);

    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        foreach (var value in Enum.GetValues<T>())
        {
            if (NameOf(value) == text)
                return value;
        }
        throw new ClosedSetException(text, [.. Enum.GetValues<T>().Select(NameOf)]);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(NameOf(value));
    }
}

/// <summary>Hazards by their names in <c>hazards.json</c> (<c>DeletesData</c>, ...).</summary>
public sealed class HazardConverter : ClosedSetConverter<Hazard>
{
    /// <inheritdoc/>
    protected override string NameOf(Hazard value) => value.ToString();
}

/// <summary>Actions in lower case (<c>plan</c>, <c>apply</c>, <c>status</c>).</summary>
public sealed class FunctionActionConverter : ClosedSetConverter<FunctionAction>
{
    /// <inheritdoc/>
    protected override string NameOf(FunctionAction value) => value.ToString().ToLowerInvariant();
}

/// <summary>Revision states in lower case (<c>pending</c>, <c>applied</c>).</summary>
public sealed class RevisionStatusConverter : ClosedSetConverter<Revisions.RevisionStatus>
{
    /// <inheritdoc/>
    protected override string NameOf(Revisions.RevisionStatus value) => value.ToString().ToLowerInvariant();
}
