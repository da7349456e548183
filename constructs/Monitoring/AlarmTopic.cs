using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace Infra.Constructs.Monitoring;

/// <summary>Properties of <see cref="AlarmTopic"/>.</summary>
public sealed record AlarmTopicProps
{
    /// <summary>E-mail addresses subscribed to the topic (each must confirm the subscription).</summary>
    /// <remarks>Default: none; subscribe chat or paging integrations to <see cref="AlarmTopic.Topic"/> yourself.</remarks>
    public IReadOnlyList<string> EmailSubscriptions { get; init; } = [];
}

/// <summary>
/// The SNS topic an environment's alarms notify: encrypted with a customer-managed key that CloudWatch may use
/// (alarms cannot publish to a topic under the AWS-managed SNS key), and reachable over TLS only.
/// </summary>
public sealed class AlarmTopic : Construct
{
    /// <summary>The topic.</summary>
    public ITopic Topic { get; }

    /// <summary>The key that encrypts the topic's messages.</summary>
    public IKey Key { get; }

    /// <summary>Creates the topic and its key.</summary>
    public AlarmTopic(Construct scope, string id, AlarmTopicProps? props = null)
        : base(scope, id)
    {
        props ??= new AlarmTopicProps();
        var key = new Key(
            this,
            "Key",
            new KeyProps { Description = $"Encrypts alarm notifications of {Stack.Of(this).StackName}", EnableKeyRotation = true }
        );
        key.Grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        Validation.ComplianceWaivers.DefaultKeyPolicy.ApplyTo(key);
        var topic = new Topic(this, "Resource", new TopicProps { MasterKey = key });
        // TopicProps.EnforceSSL in CDK 2.160 only takes effect once some other statement creates the topic policy; state it.
        topic.AddToResourcePolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Sid = "DenyInsecureTransport",
                    Effect = Effect.DENY,
                    Principals = [new AnyPrincipal()],
                    Actions = ["sns:Publish", "sns:Subscribe"],
                    Resources = [topic.TopicArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
                    },
                }
            )
        );
        foreach (var email in props.EmailSubscriptions)
            topic.AddSubscription(new EmailSubscription(email));
        Topic = topic;
        Key = key;
    }

    /// <summary>
    /// Lets an AWS service publish to the topic (and encrypt with its key) on behalf of this account's resources whose
    /// ARN matches <paramref name="sourceArnPattern"/> only (<c>aws:SourceAccount</c> and <c>aws:SourceArn</c>).
    /// </summary>
    /// <param name="sid">The statement's id in the topic policy.</param>
    /// <param name="service">The service principal, for example <c>events.amazonaws.com</c>.</param>
    /// <param name="sourceArnPattern">The ARN (<c>*</c> allowed) of what the service publishes for.</param>
    public void AllowServiceToPublish(string sid, string service, string sourceArnPattern)
    {
        var principal = new ServicePrincipal(service);
        Topic.AddToResourcePolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Sid = sid,
                    Principals = [principal],
                    Actions = ["sns:Publish"],
                    Resources = [Topic.TopicArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Stack.Of(this).Account },
                        ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = sourceArnPattern },
                    },
                }
            )
        );
        Key.GrantEncrypt(principal);
    }

    /// <summary>Lets a role of this account publish to the topic: <c>sns:Publish</c> on it and encrypting with its key, in the
    /// role's own policy (for example a function whose failure destination the topic is).</summary>
    public void GrantPublish(IGrantable grantee)
    {
        Topic.GrantPublish(grantee);
        Key.Grant(grantee, "kms:Decrypt", "kms:GenerateDataKey*");
    }
}
