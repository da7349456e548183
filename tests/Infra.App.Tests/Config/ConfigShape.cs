using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.App.Config;

namespace Infra.App.Tests.Config;

/// <summary>What the binder reads at one key: its kind, the values or range it accepts, whether it must be present.</summary>
internal sealed record KeyShape(ConfigValueKind Kind, IReadOnlyList<JsonNode>? Enum, long? Minimum, long? Maximum, bool Required);

internal enum ConfigValueKind
{
    String,
    Integer,
    Boolean,
    StringList,

    /// <summary>An object of names to strings (the app's variables).</summary>
    StringMap,

    /// <summary>An object with the keys the binder names (a section).</summary>
    Record,

    /// <summary>An object of names to records (environments by name).</summary>
    RecordMap,
}

/// <summary>
/// The shape of the configuration, found by asking the binder rather than kept beside it: for each object of a valid
/// configuration, a key it does not know is added and the binder's refusal ("unknown key; expected one of ...") names
/// the keys it accepts there. Each accepted key is then given a value of the wrong kind, an out-of-range value and no
/// value, and the refusals say its kind, the values or range it takes, and whether it is required. Paths are generic:
/// a map's values are one shape, written "*" ("environments.*.service").
/// </summary>
internal static partial class ConfigShape
{
    private const string Probe = "zzProbeKey";
    private const string ProbeText = "zzProbe";
    private const int ProbeNumber = -7;

    /// <summary>Record path ("" for the root) to its keys' shapes, merged over <paramref name="configurations"/>.</summary>
    public static SortedDictionary<string, SortedDictionary<string, KeyShape>> Of(IEnumerable<JsonObject> configurations)
    {
        var records = new SortedDictionary<string, SortedDictionary<string, KeyShape>>(StringComparer.Ordinal);
        foreach (var configuration in configurations)
            Walk(configuration, configuration, [], [], records);
        foreach (var (path, keys) in records)
        {
            foreach (var (key, shape) in keys.Where(k => k.Value.Kind is ConfigValueKind.Record or ConfigValueKind.RecordMap))
            {
                var child = Join(path, shape.Kind == ConfigValueKind.Record ? key : key + ".*");
                if (!records.ContainsKey(child))
                    throw new InvalidOperationException(
                        $"no committed configuration sets '{child}', so its keys cannot be asked for: add it to an example"
                    );
            }
        }
        return records;
    }

    private static void Walk(
        JsonObject root,
        JsonObject node,
        List<string> path,
        List<string> generic,
        SortedDictionary<string, SortedDictionary<string, KeyShape>> records
    )
    {
        var name = string.Join('.', generic);
        var accepted = AcceptedKeys(root, path)
            ?? throw new InvalidOperationException($"the binder named no keys for 'infra.{string.Join('.', path)}'");
        var keys = records.TryGetValue(name, out var known) ? known : records[name] = new(StringComparer.Ordinal);
        foreach (var key in accepted)
        {
            var shape = ShapeOf(root, [.. path, key]);
            keys[key] = keys.TryGetValue(key, out var seen) ? Merge($"{name}.{key}", seen, shape) : shape;
            if (node[key] is not JsonObject child)
                continue;
            if (shape.Kind == ConfigValueKind.Record)
                Walk(root, child, [.. path, key], [.. generic, key], records);
            else if (shape.Kind == ConfigValueKind.RecordMap)
                foreach (var (entry, value) in child)
                    Walk(root, value!.AsObject(), [.. path, key, entry], [.. generic, key, "*"], records);
        }
    }

    /// <summary>The same key seen in two objects of one shape (two environments, two configurations).</summary>
    private static KeyShape Merge(string path, KeyShape a, KeyShape b)
    {
        if (a.Kind != b.Kind)
            throw new InvalidOperationException($"'{path}' is read as {a.Kind} in one object and {b.Kind} in another");
        // A limit holds only where every object of the shape keeps it (memoryMiB has a range on Lambda, not on Fargate).
        var sameEnum = (a.Enum ?? []).Select(e => e.ToJsonString()).SequenceEqual((b.Enum ?? []).Select(e => e.ToJsonString()));
        return new KeyShape(
            a.Kind,
            sameEnum ? a.Enum : null,
            a.Minimum == b.Minimum ? a.Minimum : null,
            a.Maximum == b.Maximum ? a.Maximum : null,
            a.Required || b.Required
        );
    }

    /// <summary>The keys the binder accepts in the object at <paramref name="path"/>, or null when it names none.</summary>
    private static string[]? AcceptedKeys(JsonObject config, List<string> path)
    {
        var at = At(path) + "." + Probe;
        return RefusalsWith(config, path, Probe, JsonValue.Create(0))
            .Select(m => UnknownKey().Match(m))
            .FirstOrDefault(m => m.Success && m.Groups["path"].Value == at)
            ?.Groups["keys"]
            .Value.Split(", ");
    }

    private static KeyShape ShapeOf(JsonObject config, List<string> keyPath)
    {
        var (path, key) = (keyPath[..^1], keyPath[^1]);
        var at = At(keyPath);
        var kind = KindOf(at, RefusalsWith(config, path, key, new JsonObject { [Probe] = 0 }));
        var (enumValues, minimum, maximum) = kind switch
        {
            ConfigValueKind.String => (
                Choices(at, RefusalsWith(config, path, key, JsonValue.Create(ProbeText)), config)
                    ?.Select(c => (JsonNode)JsonValue.Create(c))
                    .ToList(),
                null,
                null
            ),
            ConfigValueKind.Integer => Range(at, RefusalsWith(config, path, key, JsonValue.Create(ProbeNumber)), config),
            _ => ((IReadOnlyList<JsonNode>?)null, (long?)null, (long?)null),
        };
        var required =
            Node(config, path)[key] is not null
            && RefusalsWith(config, path, key, null).Any(m => m.StartsWith($"{at}: missing required key", StringComparison.Ordinal));
        return new KeyShape(kind, enumValues, minimum, maximum, required);
    }

    /// <summary>The kind, from the binder's answer to an object holding one unknown key.</summary>
    private static ConfigValueKind KindOf(string at, IReadOnlyList<string> refusals)
    {
        string? Said(string path) =>
            refusals.FirstOrDefault(m => m.StartsWith(path + ": ", StringComparison.Ordinal))?[(path.Length + 2)..];
        return (Said(at), Said($"{at}.{Probe}")) switch
        {
            (_, { } inner) when inner.StartsWith("expected a string,", StringComparison.Ordinal) => ConfigValueKind.StringMap,
            (_, { } inner) when inner.StartsWith("expected an object,", StringComparison.Ordinal) => ConfigValueKind.RecordMap,
            ({ } said, _) when said.StartsWith("expected a whole number,", StringComparison.Ordinal) => ConfigValueKind.Integer,
            ({ } said, _) when said.StartsWith("expected true or false,", StringComparison.Ordinal) => ConfigValueKind.Boolean,
            ({ } said, _) when said.StartsWith("expected a string,", StringComparison.Ordinal) => ConfigValueKind.String,
            ({ } said, _) when said.StartsWith("expected a list of strings,", StringComparison.Ordinal) => ConfigValueKind.StringList,
            _ when refusals.Any(m => m.StartsWith(at + ".", StringComparison.Ordinal)) => ConfigValueKind.Record,
            _ => throw new InvalidOperationException(
                $"'{at}': the binder's answer to an object says no kind: {string.Join(" | ", refusals)}"
            ),
        };
    }

    /// <summary>The values a refusal lists ("expected public or private", "expected one of 1, 3, 5"); none when they
    /// are the configuration's own environments (a migration's source), which are references rather than a fixed set.</summary>
    private static string[]? Choices(string at, IReadOnlyList<string> refusals, JsonObject config)
    {
        var match = refusals.Select(m => Choice().Match(m)).FirstOrDefault(m => m.Success && m.Groups["path"].Value == at);
        if (match is null)
            return null;
        var items = match.Groups["list"].Value.Split([", ", " or "], StringSplitOptions.None);
        if (!items.All(i => Word().IsMatch(i)) || items.All(i => config["environments"]?.AsObject().ContainsKey(i) == true))
            return null;
        return items;
    }

    private static (IReadOnlyList<JsonNode>?, long?, long?) Range(string at, IReadOnlyList<string> refusals, JsonObject config)
    {
        if (refusals.Select(m => OutOfRange().Match(m)).FirstOrDefault(m => m.Success && m.Groups["path"].Value == at) is { } range)
            return (
                null,
                long.Parse(range.Groups["min"].Value),
                range.Groups["max"].Success ? long.Parse(range.Groups["max"].Value) : null
            );
        // Choices of a whole number are numbers ("expected one of 1, 3, 5"); words there are no enum of this key.
        var choices = Choices(at, refusals, config);
        return choices is not null && choices.All(c => long.TryParse(c, out _))
            ? ([.. choices.Select(c => (JsonNode)JsonValue.Create(long.Parse(c)))], null, null)
            : (null, null, null);
    }

    /// <summary>Every message the binder refuses the configuration with after <paramref name="key"/> in the object at
    /// <paramref name="path"/> is set to <paramref name="value"/> (removed when null).</summary>
    private static List<string> RefusalsWith(JsonObject config, List<string> path, string key, JsonNode? value)
    {
        var copy = config.DeepClone().AsObject();
        var node = Node(copy, path);
        if (value is null)
            node.Remove(key);
        else
            node[key] = value.DeepClone();
        try
        {
            ConfigBinder.Bind(copy.ToJsonString());
            return [];
        }
        catch (ConfigException e)
        {
            return [e.Message];
        }
        catch (ConfigProblemsException e)
        {
            return [.. e.Problems.Select(p => p.Message)];
        }
    }

    private static JsonObject Node(JsonObject config, List<string> path) =>
        path.Aggregate(config, (current, key) => current[key]!.AsObject());

    private static string At(List<string> path) => string.Join('.', ["infra", .. path]);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    [GeneratedRegex(@"^(?<path>\S+): unknown key; expected one of (?<keys>.+)$")]
    private static partial Regex UnknownKey();

    [GeneratedRegex(@"^(?<path>\S+): '?-?\w+'? is not (?:an? [^;]+; expected (?:one of )?|one of )(?<list>.+)$")]
    private static partial Regex Choice();

    [GeneratedRegex(@"^(?<path>\S+): -?\d+ is out of range; expected (?<min>-?\d+) to (?:(?<max>-?\d+)|\D.*)$")]
    private static partial Regex OutOfRange();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    private static partial Regex Word();
}
