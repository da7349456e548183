using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.CodeDeploy;
using Infra.Constructs.Monitoring;

namespace Infra.Constructs.Tests.Monitoring;

public class DeployNotificationsTests
{
    [Fact]
    public void A_lambda_release_rule_exists_with_its_deployment_group_and_only_this_stacks_rules_may_publish()
    {
        var stack = TestStacks.NewStack();
        var topic = new AlarmTopic(stack, "Alarms");
        var condition = new CfnCondition(stack, "HasImage", new CfnConditionProps { Expression = Fn.ConditionEquals("a", "a") });
        var group = LambdaDeploymentGroup.FromLambdaDeploymentGroupAttributes(
            stack,
            "Group",
            new LambdaDeploymentGroupAttributes
            {
                Application = LambdaApplication.FromLambdaApplicationName(stack, "App", "web-app"),
                DeploymentGroupName = "web-group",
            }
        );

        var notifications = new DeployNotifications(
            stack,
            "Notifications",
            new DeployNotificationsProps
            {
                Topic = topic,
                Deployment = group,
                DeploymentCondition = condition,
            }
        );
        var template = Template.FromStack(stack).ToJSON().ToJson();

        Assert.Single(notifications.Rules);
        var resource = template
            .GetProperty("Resources")
            .EnumerateObject()
            .Single(r => r.Value.GetProperty("Type").GetString() == "AWS::Events::Rule");
        Assert.Equal("HasImage", resource.Value.GetProperty("Condition").GetString());
        var detail = resource.Value.GetProperty("Properties").GetProperty("EventPattern").GetProperty("detail");
        Assert.Equal("web-app", detail.GetProperty("application")[0].GetString());
        Assert.Equal(["SUCCESS", "FAILURE", "STOP"], detail.GetProperty("state").EnumerateArray().Select(s => s.GetString()));
        var statement = template
            .GetProperty("Resources")
            .EnumerateObject()
            .Single(r => r.Value.GetProperty("Type").GetString() == "AWS::SNS::TopicPolicy")
            .Value.GetProperty("Properties")
            .GetProperty("PolicyDocument")
            .GetProperty("Statement")
            .EnumerateArray()
            .Single(s => s.TryGetProperty("Sid", out var sid) && sid.GetString() == "DeployEventsOfTheseRules");
        Assert.Equal("events.amazonaws.com", statement.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Contains(
            ":rule/Test-*\"",
            statement.GetProperty("Condition").GetProperty("ArnLike").GetProperty("aws:SourceArn").ToString(),
            StringComparison.Ordinal
        );
    }
}
