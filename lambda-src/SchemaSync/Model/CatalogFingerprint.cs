using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchemaSync.Model;

/// <summary>
/// A hash of each object's definition, keyed by kind and identity (<c>Indexes app.users_email_idx</c>): what an applied
/// revision records of the target, so a later check can say which objects changed since, not only that something did.
/// Every kind the model hashes is covered (found by reflection, so a kind added later is too); like
/// <see cref="DatabaseModel.ComputeHash"/>, column order is no difference.
/// </summary>
public static class CatalogFingerprint
{
    /// <summary>The model's lists that are part of its hash (not the facts it leaves out of it).</summary>
    private static readonly PropertyInfo[] HashedKinds =
    [
        .. typeof(DatabaseModel)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(ValueList<>))
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null),
    ];

    /// <summary>Kind and identity to the SHA-256 (hex) of the object's definition, sorted.</summary>
    public static SortedDictionary<string, string> Of(DatabaseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var canonical = model.Canonical();
        var fingerprint = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in HashedKinds)
        {
            var typeInfo = ModelJsonContext.Default.GetTypeInfo(kind.PropertyType.GetGenericArguments()[0])!;
            foreach (ISchemaObject item in (IEnumerable)kind.GetValue(canonical)!)
                fingerprint[$"{kind.Name} {item.Identity}"] = Convert.ToHexStringLower(
                    SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(item, typeInfo))
                );
        }
        return fingerprint;
    }

    /// <summary>One line per object that differs between the <paramref name="recorded"/> fingerprint and the one <paramref name="now"/>,
    /// e.g. <c>Indexes app.t_idx (added)</c>, sorted.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> recorded, IReadOnlyDictionary<string, string> now)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(now);
        return
        [
            .. now
                .Keys.Except(recorded.Keys)
                .Select(key => $"{key} (added)")
                .Concat(recorded.Keys.Except(now.Keys).Select(key => $"{key} (dropped)"))
                .Concat(recorded.Keys.Intersect(now.Keys).Where(key => recorded[key] != now[key]).Select(key => $"{key} (changed)"))
                .Order(StringComparer.Ordinal),
        ];
    }
}
