using System.Text.RegularExpressions;
using Amazon.CDK.AWS.Chatbot;
using Amazon.CDK.AWS.IAM;
using Constructs;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Monitoring;

/// <summary>Where <see cref="SlackNotifications"/> posts.</summary>
public sealed record SlackNotificationsProps
{
    /// <summary>The Slack workspace (team) id, authorized once for AWS's chat integration in the console.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The channel id (a public <c>C…</c> or private <c>G…</c> channel the app is invited to).</summary>
    public required string ChannelId { get; init; }

    /// <summary>The topic whose messages are posted.</summary>
    public required AlarmTopic Topic { get; init; }
}

/// <summary>
/// The environment's topic delivered to a Slack channel through AWS's chat integration (AWS Chatbot). Notifications
/// only: the channel's role has no permissions, and the guardrail (the ceiling of anything run from the channel) is
/// <c>ReadOnlyAccess</c>; channel members get no role of their own.
/// </summary>
public sealed partial class SlackNotifications : Construct
{
    /// <summary>The guardrail policy: whatever the channel may ever do, it only reads.</summary>
    public const string GuardrailPolicyName = "ReadOnlyAccess";

    /// <summary>Creates the channel configuration and its role.</summary>
    /// <exception cref="ArgumentException">When an id is not one.</exception>
    public SlackNotifications(Construct scope, string id, SlackNotificationsProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        PropProblem.ThrowIfAny(FindProblem(props.WorkspaceId, props.ChannelId), nameof(SlackNotifications), id);
        var role = new Role(
            this,
            "Role",
            new RoleProps
            {
                AssumedBy = new ServicePrincipal("chatbot.amazonaws.com"),
                Description = "Slack notifications: posts the environment's topic; no permissions",
            }
        );
        var stack = Amazon.CDK.Stack.Of(this);
        _ = new CfnSlackChannelConfiguration(
            this,
            "Resource",
            new CfnSlackChannelConfigurationProps
            {
                ConfigurationName = $"{stack.StackName}-notifications",
                IamRoleArn = role.RoleArn,
                SlackWorkspaceId = props.WorkspaceId,
                SlackChannelId = props.ChannelId,
                SnsTopicArns = [props.Topic.Topic.TopicArn],
                GuardrailPolicies = [$"arn:{stack.Partition}:iam::aws:policy/{GuardrailPolicyName}"],
                LoggingLevel = "NONE",
                UserRoleRequired = false,
            }
        );
    }

    /// <summary>The first problem with a workspace and channel id (<see cref="SlackNotificationsProps"/>' names), or null.</summary>
    public static PropProblem? FindProblem(string workspaceId, string channelId) =>
        !WorkspaceId().IsMatch(workspaceId ?? "")
            ? new(
                nameof(SlackNotificationsProps.WorkspaceId),
                $"'{workspaceId}' is not a Slack workspace id (T followed by 8 or more letters and digits)"
            )
        : !ChannelId().IsMatch(channelId ?? "")
            ? new(
                nameof(SlackNotificationsProps.ChannelId),
                $"'{channelId}' is not a Slack channel id (C or G followed by 8 or more letters and digits)"
            )
        : null;

    [GeneratedRegex("^T[A-Z0-9]{8,}$")]
    private static partial Regex WorkspaceId();

    [GeneratedRegex("^[CG][A-Z0-9]{8,}$")]
    private static partial Regex ChannelId();
}
