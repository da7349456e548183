using Amazon.CDK.Assertions;
using Infra.Constructs.Monitoring;

namespace Infra.Constructs.Tests.Monitoring;

public class SlackNotificationsTests
{
    [Theory]
    [InlineData("team1", "C0123456789", "SlackNotifications Slack: WorkspaceId: 'team1' is not a Slack workspace id")]
    [InlineData("T0123456789", "#alerts", "SlackNotifications Slack: ChannelId: '#alerts' is not a Slack channel id")]
    public void Refuses_an_id_that_is_not_one(string workspace, string channel, string expected)
    {
        var stack = TestStacks.NewStack();
        var topic = new AlarmTopic(stack, "Alarms");

        var error = Assert.Throws<ArgumentException>(() =>
            new SlackNotifications(
                stack,
                "Slack",
                new SlackNotificationsProps
                {
                    WorkspaceId = workspace,
                    ChannelId = channel,
                    Topic = topic,
                }
            )
        );

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Posts_the_topic_with_a_read_only_guardrail_and_a_role_without_permissions()
    {
        var stack = TestStacks.NewStack();
        var topic = new AlarmTopic(stack, "Alarms");
        _ = new SlackNotifications(
            stack,
            "Slack",
            new SlackNotificationsProps
            {
                WorkspaceId = "T0123456789",
                ChannelId = "C0123456789",
                Topic = topic,
            }
        );
        var template = Template.FromStack(stack);

        var channel = template.Resources("AWS::Chatbot::SlackChannelConfiguration").Values.Single().Properties().ToJson();
        Assert.Equal("C0123456789", channel.GetProperty("SlackChannelId").GetString());
        Assert.Contains(
            ":iam::aws:policy/ReadOnlyAccess",
            channel.GetProperty("GuardrailPolicies")[0].ToString(),
            StringComparison.Ordinal
        );
        Assert.False(channel.GetProperty("UserRoleRequired").GetBoolean());
        Assert.Empty(template.Resources("AWS::IAM::Policy"));
        var role = template.Resources("AWS::IAM::Role").Values.Single().Properties().ToJson();
        Assert.False(role.TryGetProperty("ManagedPolicyArns", out _));
        Assert.Contains("chatbot.amazonaws.com", role.GetProperty("AssumeRolePolicyDocument").ToString(), StringComparison.Ordinal);
    }
}
