using Amazon.CDK;
using Constructs;

namespace Infra.Constructs.Validation;

/// <summary>
/// Findings of the compliance rule packs accepted on purpose, with the reason a reviewer reads. Written onto the resource
/// in each tool's own format, so any tool reading the template sees it: cdk-nag's
/// <c>Metadata.cdk_nag.rules_to_suppress</c> and Guard's <c>Metadata.guard.SuppressedRules</c> (the reason beside it in
/// <c>Metadata.guard.Reasons</c>, as Guard's list has no place for one). Every waiver is defined in
/// <see cref="ComplianceWaivers"/>.
/// </summary>
/// <param name="Reason">Why the findings are acceptable here.</param>
/// <param name="NagRules">cdk-nag rule ids, for example <c>NIST.800.53.R5-IAMNoInlinePolicy</c>.</param>
/// <param name="GuardRules">Guard rule names, for example <c>cloudwatch_log_group_encrypted_check</c>.</param>
public sealed record Waiver(string Reason, IReadOnlyList<string> NagRules, IReadOnlyList<string> GuardRules)
{
    /// <summary>Writes this waiver onto <paramref name="construct"/> (or its default child resource).</summary>
    public void ApplyTo(IConstruct construct) => WriteAll(NagSuppressions.ResourceOf(construct), [this]);

    /// <summary>Writes <paramref name="waivers"/> onto <paramref name="construct"/> (or its default child resource) at once.</summary>
    public static void ApplyAll(IConstruct construct, IReadOnlyList<Waiver> waivers) =>
        WriteAll(NagSuppressions.ResourceOf(construct), waivers);

    /// <summary>Writes <paramref name="waivers"/> onto <paramref name="resource"/> at once.</summary>
    internal static void WriteAll(CfnResource resource, IReadOnlyList<Waiver> waivers)
    {
        foreach (var waiver in waivers)
            NagSuppressions.CheckReason(resource, string.Join(", ", waiver.NagRules.Concat(waiver.GuardRules)), waiver.Reason);
        SuppressionMetadata.Add(
            resource,
            waivers.SelectMany(w => w.NagRules.Select(rule => new Dictionary<string, object> { ["id"] = rule, ["reason"] = w.Reason })),
            waivers.SelectMany(w => w.GuardRules.Select(rule => (rule, w.Reason)))
        );
    }
}
