using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.App.Config;

namespace Infra.App.Tests.Config;

/// <summary>
/// The shape of the configuration as the binder reads it, found by asking the binder: for each object of a valid
/// configuration, a key it does not know is added and the binder's refusal ("unknown key; expected one of ...") names
/// the keys it accepts there. An object whose refusal is not that (environments by name, variables by name) is a map:
/// its values are walked as one shape, written "*" in the path.
/// </summary>
internal static partial class ConfigShape
{
    private const string Probe = "zzProbeKey";

    /// <summary>Object path ("environments.*.service", "" for the root) to the keys the binder accepts there, and the map paths.</summary>
    public static (Dictionary<string, SortedSet<string>> Records, SortedSet<string> Maps) Of(JsonObject config)
    {
        var records = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var maps = new SortedSet<string>(StringComparer.Ordinal);
        Walk(config, config, [], [], records, maps);
        return (records, maps);
    }

    private static void Walk(
        JsonObject root,
        JsonObject node,
        List<string> path,
        List<string> generic,
        Dictionary<string, SortedSet<string>> records,
        SortedSet<string> maps
    )
    {
        var name = string.Join('.', generic);
        var accepted = AcceptedKeys(root, path);
        if (accepted is null)
            maps.Add(name);
        else if (records.TryGetValue(name, out var known))
            known.UnionWith(accepted);
        else
            records[name] = new SortedSet<string>(accepted, StringComparer.Ordinal);
        foreach (var (key, value) in node)
        {
            if (value is JsonObject child)
                Walk(root, child, [.. path, key], [.. generic, accepted is null ? "*" : key], records, maps);
        }
    }

    /// <summary>The keys the binder accepts in the object at <paramref name="path"/>, or null when it takes any key there.</summary>
    private static string[]? AcceptedKeys(JsonObject config, List<string> path)
    {
        var copy = config.DeepClone().AsObject();
        var node = path.Aggregate(copy, (current, key) => current[key]!.AsObject());
        node[Probe] = 0;
        var messages = new List<string>();
        try
        {
            ConfigBinder.Bind(copy.ToJsonString());
        }
        catch (ConfigException e)
        {
            messages.Add(e.Message);
        }
        catch (ConfigProblemsException e)
        {
            messages.AddRange(e.Problems.Select(p => p.Message));
        }
        var at = string.Join('.', ["infra", .. path, Probe]);
        var refusal = messages.Select(m => Refusal().Match(m)).FirstOrDefault(m => m.Success && m.Groups["path"].Value == at);
        return refusal?.Groups["keys"].Value.Split(", ");
    }

    [GeneratedRegex(@"^(?<path>\S+): unknown key; expected one of (?<keys>.+)$")]
    private static partial Regex Refusal();
}
