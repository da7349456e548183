using System.Text.Json;
using Amazon.CDK.AWS.Logs;
using Infra.Constructs.Validation;

namespace Infra.App.Config;

/// <summary>
/// A strict view of one JSON object in the configuration: typed reads that name the key's full path in every
/// error, and a final check that rejects keys nobody read (typos).
/// </summary>
internal sealed class ConfigNode
{
    private const int EchoLimit = 60;
    private static readonly IReadOnlyDictionary<int, RetentionDays> RetentionByDays = new Dictionary<int, RetentionDays>
    {
        [1] = RetentionDays.ONE_DAY,
        [3] = RetentionDays.THREE_DAYS,
        [5] = RetentionDays.FIVE_DAYS,
        [7] = RetentionDays.ONE_WEEK,
        [14] = RetentionDays.TWO_WEEKS,
        [30] = RetentionDays.ONE_MONTH,
        [60] = RetentionDays.TWO_MONTHS,
        [90] = RetentionDays.THREE_MONTHS,
        [120] = RetentionDays.FOUR_MONTHS,
        [150] = RetentionDays.FIVE_MONTHS,
        [180] = RetentionDays.SIX_MONTHS,
        [365] = RetentionDays.ONE_YEAR,
        [400] = RetentionDays.THIRTEEN_MONTHS,
        [545] = RetentionDays.EIGHTEEN_MONTHS,
        [731] = RetentionDays.TWO_YEARS,
        [1096] = RetentionDays.THREE_YEARS,
        [1827] = RetentionDays.FIVE_YEARS,
        [2192] = RetentionDays.SIX_YEARS,
        [2557] = RetentionDays.SEVEN_YEARS,
        [2922] = RetentionDays.EIGHT_YEARS,
        [3288] = RetentionDays.NINE_YEARS,
        [3653] = RetentionDays.TEN_YEARS,
    };

    private readonly JsonElement _element;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ConfigNode(JsonElement element, string path)
    {
        _element = element;
        Path = path;
    }

    public string Path { get; }

    /// <summary>An object with no keys: reading it shows which keys a binder asks for (see <see cref="KeysRead"/>).</summary>
    public static ConfigNode Empty(string path)
    {
        using var document = JsonDocument.Parse("{}");
        return new ConfigNode(document.RootElement.Clone(), path);
    }

    /// <summary>Every key a read has asked for so far, present or not.</summary>
    public IReadOnlySet<string> KeysRead => _read;

    /// <summary>The first key of this object, in file order, that is one of <paramref name="keys"/> (null values count as
    /// absent).</summary>
    public string? FirstPresentOf(IReadOnlySet<string> keys) =>
        _element.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => p.Name).FirstOrDefault(keys.Contains);

    public static ConfigNode Root(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object
            ? new ConfigNode(element, path)
            : throw new ConfigException(path, $"expected an object, got {Echo(element)}");

    public string KeyPath(string key) => $"{Path}.{key}";

    public string RequiredString(string key) => AsString(key, Required(key));

    /// <summary>Whether the key is present (and not null); counts as read.</summary>
    public bool Has(string key) => TryGet(key, out _);

    public string? OptionalString(string key) => TryGet(key, out var value) ? AsString(key, value) : null;

    public int OptionalInt(string key, int fallback)
    {
        if (!TryGet(key, out var value))
            return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw new ConfigException(KeyPath(key), $"expected a whole number, got {Echo(value)}");
        return number;
    }

    public long? OptionalLong(string key)
    {
        if (!TryGet(key, out var value))
            return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new ConfigException(KeyPath(key), $"expected a whole number, got {Echo(value)}");
    }

    public int? OptionalNullableInt(string key) => TryGet(key, out _) ? OptionalInt(key, 0) : null;

    public bool OptionalBool(string key, bool fallback)
    {
        if (!TryGet(key, out var value))
            return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ConfigException(KeyPath(key), $"expected true or false, got {Echo(value)}"),
        };
    }

    /// <summary>An object of string values (name to value), in file order; absent: empty.</summary>
    public IReadOnlyList<(string Name, string Value)> OptionalStringMap(string key)
    {
        if (!TryGet(key, out var value))
            return [];
        if (value.ValueKind != JsonValueKind.Object)
            throw new ConfigException(KeyPath(key), $"expected an object of names to strings, got {Echo(value)}");
        return
        [
            .. value
                .EnumerateObject()
                .Select(p =>
                    p.Value.ValueKind == JsonValueKind.String
                        ? (p.Name, p.Value.GetString()!)
                        : throw new ConfigException($"{KeyPath(key)}.{p.Name}", $"expected a string, got {Echo(p.Value)}")
                ),
        ];
    }

    public IReadOnlyList<string> OptionalStringList(string key, IReadOnlyList<string>? fallback = null)
    {
        if (!TryGet(key, out var value))
            return fallback ?? [];
        if (value.ValueKind != JsonValueKind.Array)
            throw new ConfigException(KeyPath(key), $"expected a list of strings, got {Echo(value)}");
        return
        [
            .. value
                .EnumerateArray()
                .Select(
                    (item, index) =>
                        item.ValueKind == JsonValueKind.String
                            ? item.GetString()!
                            : throw new ConfigException($"{KeyPath(key)}[{index}]", $"expected a string, got {Echo(item)}")
                ),
        ];
    }

    public ConfigNode RequiredObject(string key) => ObjectAt(key, Required(key));

    public ConfigNode OptionalObject(string key) =>
        TryGet(key, out var value) ? ObjectAt(key, value) : new ConfigNode(JsonDocument.Parse("{}").RootElement, KeyPath(key));

    /// <summary>The entries of a map-like object (each value an object), in file order.</summary>
    public IEnumerable<(string Key, ConfigNode Node)> Entries()
    {
        foreach (var property in _element.EnumerateObject())
        {
            _read.Add(property.Name);
            yield return (property.Name, ObjectAt(property.Name, property.Value));
        }
    }

    /// <summary>Fails on the first key, in file order, that no read asked for: a typo, or a setting this app does not have.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
                throw new ConfigException(
                    KeyPath(property.Name),
                    $"unknown key; expected one of {string.Join(", ", _read.Order(StringComparer.Ordinal))}"
                );
        }
    }

    /// <summary>A CloudWatch Logs retention given in days; other day counts are refused.</summary>
    public RetentionDays OptionalRetention(string key, int fallbackDays)
    {
        var days = OptionalInt(key, fallbackDays);
        return RetentionByDays.TryGetValue(days, out var retention)
            ? retention
            : throw new ConfigException(
                KeyPath(key),
                $"{days} is not a CloudWatch Logs retention; expected one of {string.Join(", ", RetentionByDays.Keys)}"
            );
    }

    /// <summary>Constructs validate their own props; re-key a finding to the config key a user edits (MaxAzs → maxAzs).</summary>
    public void ThrowIfAny(PropProblem? problem)
    {
        if (problem is not null)
            throw new ConfigException(KeyPath(char.ToLowerInvariant(problem.Prop[0]) + problem.Prop[1..]), problem.Message);
    }

    public static string Echo(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : value.GetRawText();
        text = text.ReplaceLineEndings(" ");
        return text.Length <= EchoLimit ? text : text[..EchoLimit] + "...";
    }

    private bool TryGet(string key, out JsonElement value)
    {
        _read.Add(key);
        return _element.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private JsonElement Required(string key) =>
        TryGet(key, out var value) ? value : throw new ConfigException(KeyPath(key), "missing required key");

    private string AsString(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ConfigException(KeyPath(key), $"expected a string, got {Echo(value)}");

    private ConfigNode ObjectAt(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
            ? new ConfigNode(value, KeyPath(key))
            : throw new ConfigException(KeyPath(key), $"expected an object, got {Echo(value)}");
}
