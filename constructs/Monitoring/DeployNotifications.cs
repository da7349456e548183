using Amazon.CDK.AWS.CodeDeploy;
using Amazon.CDK.AWS.ECS;
using Constructs;
using Infra.Constructs.Validation;
using CfnRule = Amazon.CDK.AWS.Events.CfnRule;
using CfnRuleProps = Amazon.CDK.AWS.Events.CfnRuleProps;

namespace Infra.Constructs.Monitoring;

/// <summary>What <see cref="DeployNotifications"/> watches and whom it tells.</summary>
public sealed record DeployNotificationsProps
{
    /// <summary>The topic notified.</summary>
    public required AlarmTopic Topic { get; init; }

    /// <summary>An ECS service whose deployments are reported (completed; failed, which the circuit breaker or an
    /// alarm rolls back).</summary>
    /// <remarks>Default: none.</remarks>
    public IBaseService? Service { get; init; }

    /// <summary>A CodeDeploy deployment group (the Lambda platform's alias shift) whose deployments are reported
    /// (succeeded, failed and rolled back, stopped).</summary>
    /// <remarks>Default: none.</remarks>
    public ILambdaDeploymentGroup? Deployment { get; init; }

    /// <summary>The condition <see cref="Deployment"/> exists under (the Lambda platform's image condition): its rule
    /// exists under it too.</summary>
    /// <remarks>Default: none: always.</remarks>
    public Amazon.CDK.CfnCondition? DeploymentCondition { get; init; }
}

/// <summary>
/// Every deploy outcome to the environment's topic, from the services' own events through EventBridge (not from CI):
/// an ECS deployment completed or failed (a circuit-breaker or alarm rollback follows a failure), a CodeDeploy
/// deployment succeeded, failed or stopped. The topic's policy lets EventBridge publish for the stack's own rules only.
/// </summary>
public sealed class DeployNotifications : Construct
{
    /// <summary>The ECS deployment events reported.</summary>
    public static readonly IReadOnlyList<string> EcsEvents = ["SERVICE_DEPLOYMENT_COMPLETED", "SERVICE_DEPLOYMENT_FAILED"];

    /// <summary>The CodeDeploy deployment states reported.</summary>
    public static readonly IReadOnlyList<string> CodeDeployStates = ["SUCCESS", "FAILURE", "STOP"];

    /// <summary>The rules created (one per watched service).</summary>
    public IReadOnlyList<CfnRule> Rules { get; }

    /// <summary>Creates a rule per watched service and lets EventBridge publish their events to the topic.</summary>
    public DeployNotifications(Construct scope, string id, DeployNotificationsProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var rules = new List<CfnRule>();
        if (props.Service is { } service)
            rules.Add(
                Rule(
                    "EcsDeployments",
                    "ECS deployments of the service: completed or failed",
                    new Dictionary<string, object>
                    {
                        ["source"] = new[] { "aws.ecs" },
                        ["detail-type"] = new[] { "ECS Deployment State Change" },
                        ["resources"] = new[] { service.ServiceArn },
                        ["detail"] = new Dictionary<string, object> { ["eventName"] = EcsEvents.ToArray() },
                    },
                    props.Topic
                )
            );
        if (props.Deployment is { } deployment)
        {
            var rule = Rule(
                "LambdaReleases",
                "CodeDeploy shifts of the live alias: succeeded, failed (rolled back) or stopped",
                new Dictionary<string, object>
                {
                    ["source"] = new[] { "aws.codedeploy" },
                    ["detail-type"] = new[] { "CodeDeploy Deployment State-change Notification" },
                    ["detail"] = new Dictionary<string, object>
                    {
                        ["application"] = new[] { deployment.Application.ApplicationName },
                        ["deploymentGroup"] = new[] { deployment.DeploymentGroupName },
                        ["state"] = CodeDeployStates.ToArray(),
                    },
                },
                props.Topic
            );
            rule.CfnOptions.Condition = props.DeploymentCondition;
            rules.Add(rule);
        }
        Rules = rules;
        if (rules.Count == 0)
            return;
        var stack = Amazon.CDK.Stack.Of(this);
        // The stack's own rules, by the name CloudFormation gives them (the stack's name first): a rule that exists only
        // under a condition cannot be named by its ARN here.
        props.Topic.AllowServiceToPublish(
            "DeployEventsOfTheseRules",
            "events.amazonaws.com",
            $"arn:{stack.Partition}:events:{stack.Region}:{stack.Account}:rule/{stack.StackName}-*"
        );
    }

    private CfnRule Rule(string id, string description, Dictionary<string, object> pattern, AlarmTopic topic)
    {
        var rule = new CfnRule(
            this,
            id,
            new CfnRuleProps
            {
                Description = description,
                EventPattern = pattern,
                State = "ENABLED",
                Targets = new object[]
                {
                    new CfnRule.TargetProperty { Id = "Topic", Arn = topic.Topic.TopicArn },
                },
            }
        );
        ComplianceWaivers.PlatformRule.ApplyTo(rule);
        return rule;
    }
}
