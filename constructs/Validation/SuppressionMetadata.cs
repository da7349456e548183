using System.Runtime.CompilerServices;
using Amazon.CDK;

namespace Infra.Constructs.Validation;

/// <summary>
/// The suppressions written on each resource so far, kept on the .NET side: writing one more replaces the resource's
/// metadata with the whole list in one call, instead of reading it back through jsii first (synth time is jsii calls).
/// Only <see cref="NagSuppressions"/> and <see cref="Waiver"/> write these metadata keys.
/// </summary>
internal static class SuppressionMetadata
{
    private sealed class Entry
    {
        public List<Dictionary<string, object>> Nag { get; } = [];
        public List<string> GuardRules { get; } = [];
        public Dictionary<string, object> GuardReasons { get; } = [];
    }

    private static readonly ConditionalWeakTable<CfnResource, Entry> Written = [];

    /// <summary>Adds cdk-nag rules (<c>{id, reason[, appliesTo]}</c>) and Guard rules with their reasons, then writes the
    /// resource's metadata (each key once, only the keys this call changed).</summary>
    public static void Add(
        CfnResource resource,
        IEnumerable<Dictionary<string, object>> nagRules,
        IEnumerable<(string Rule, string Reason)> guardRules
    )
    {
        var entry = Written.GetOrCreateValue(resource);
        var nagBefore = entry.Nag.Count;
        entry.Nag.AddRange(nagRules);
        var guardBefore = entry.GuardRules.Count;
        foreach (var (rule, reason) in guardRules.Where(g => !entry.GuardRules.Contains(g.Rule)))
        {
            entry.GuardRules.Add(rule);
            entry.GuardReasons[rule] = reason;
        }
        if (entry.Nag.Count > nagBefore)
            resource.AddMetadata("cdk_nag", new Dictionary<string, object> { ["rules_to_suppress"] = entry.Nag.ToArray() });
        if (entry.GuardRules.Count > guardBefore)
            resource.AddMetadata(
                "guard",
                new Dictionary<string, object> { ["SuppressedRules"] = entry.GuardRules.ToArray(), ["Reasons"] = entry.GuardReasons }
            );
    }
}
