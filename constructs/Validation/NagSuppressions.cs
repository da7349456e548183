using Amazon.CDK;
using Constructs;

namespace Infra.Constructs.Validation;

/// <summary>
/// Writes cdk-nag suppressions onto one resource, in cdk-nag's template format
/// (<c>Metadata.cdk_nag.rules_to_suppress</c>). Stands in for cdk-nag's <c>NagSuppressions</c>, whose .NET package
/// (Cdklabs.CdkNag) is not served to this project's machines; the template checks read the same metadata.
/// Suppressions go on the resource they concern, never on a stack or an app, and always carry a reason.
/// </summary>
public static class NagSuppressions
{
    /// <summary>Suppresses <paramref name="ruleId"/> on <paramref name="construct"/> (or its default child resource).</summary>
    /// <param name="construct">The resource, or a construct whose default child is the resource.</param>
    /// <param name="ruleId">The rule, for example <c>AwsSolutions-IAM5</c>.</param>
    /// <param name="reason">Why the finding is acceptable here, for a reviewer.</param>
    /// <param name="appliesTo">Only these findings of the rule (for example <c>Resource::*</c>); none means every finding of the
    /// rule.</param>
    /// <exception cref="ArgumentException">When the reason is too short to tell a reviewer why.</exception>
    public static void Add(IConstruct construct, string ruleId, string reason, params string[] appliesTo) =>
        Write(construct, ruleId, reason, appliesTo);

    /// <summary>Suppresses the findings of <paramref name="ruleId"/> that match <paramref name="pattern"/> (cdk-nag's regex
    /// form).</summary>
    /// <param name="construct">The resource, or a construct whose default child is the resource.</param>
    /// <param name="ruleId">The rule, for example <c>AwsSolutions-IAM5</c>.</param>
    /// <param name="reason">Why the findings are acceptable here, for a reviewer.</param>
    /// <param name="pattern">A JavaScript regular expression literal, for example <c>/^Resource::arn:.*:log-group:.*:\*$/</c>,
    /// for findings whose text holds a value known only at deploy time (a generated name).</param>
    public static void AddMatching(IConstruct construct, string ruleId, string reason, string pattern) =>
        Write(construct, ruleId, reason, [new Dictionary<string, object> { ["regex"] = pattern }]);

    /// <summary>The resource a suppression on <paramref name="construct"/> goes on: itself, or its default child.</summary>
    internal static CfnResource ResourceOf(IConstruct construct) =>
        construct as CfnResource
        ?? construct.Node.DefaultChild as CfnResource
        ?? throw new ArgumentException(
            $"{construct.Node.Path} is not a CloudFormation resource and has none as default child",
            nameof(construct)
        );

    private static void Write(IConstruct construct, string ruleId, string reason, object[] appliesTo)
    {
        CheckReason(construct, ruleId, reason);
        var rule = new Dictionary<string, object> { ["id"] = ruleId, ["reason"] = reason };
        if (appliesTo.Length > 0)
            rule["appliesTo"] = appliesTo;
        SuppressionMetadata.Add(ResourceOf(construct), [rule], []);
    }

    /// <summary>Refuses a suppression whose reason is too short to tell a reviewer why.</summary>
    internal static void CheckReason(IConstruct construct, string ruleId, string reason)
    {
        ArgumentNullException.ThrowIfNull(construct);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 20)
            throw new ArgumentException(
                $"suppression of {ruleId} on {construct.Node.Path} needs a reason of at least 20 characters",
                nameof(reason)
            );
    }
}
