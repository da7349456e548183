using System.Text.Json;
using Amazon.CDK.Assertions;
using Infra.Constructs.Monitoring;

namespace Infra.Constructs.Tests.Monitoring;

public class AlarmTopicTests
{
    [Fact]
    public void Encrypts_with_a_rotated_key_cloudwatch_may_use_and_requires_tls()
    {
        var stack = TestStacks.NewStack();
        _ = new AlarmTopic(stack, "Alarms", new AlarmTopicProps { EmailSubscriptions = ["ops@example.com"] });
        var template = Template.FromStack(stack);

        template.HasResourceProperties("AWS::KMS::Key", new Dictionary<string, object> { ["EnableKeyRotation"] = true });
        var keyPolicy = JsonSerializer.Serialize(template.Resources("AWS::KMS::Key").Values.Single().Properties()["KeyPolicy"]);
        Assert.Contains("cloudwatch.amazonaws.com", keyPolicy, StringComparison.Ordinal);
        Assert.Contains("kms:GenerateDataKey*", keyPolicy, StringComparison.Ordinal);
        template.HasResourceProperties("AWS::SNS::Topic", new Dictionary<string, object> { ["KmsMasterKeyId"] = Match.AnyValue() });
        Assert.Contains(
            "aws:SecureTransport",
            JsonSerializer.Serialize(template.Resources("AWS::SNS::TopicPolicy").Values.Single()),
            StringComparison.Ordinal
        );
        template.HasResourceProperties(
            "AWS::SNS::Subscription",
            new Dictionary<string, object> { ["Protocol"] = "email", ["Endpoint"] = "ops@example.com" }
        );
    }
}
