using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace Infra.Constructs.Migration;

/// <summary>
/// Every apply's outcome told to the topic, from the function's own log: the handler writes one JSON line per request
/// (<c>action</c>, <c>statusCode</c>); a metric filter counts each outcome and an alarm on it notifies the topic in the
/// minute it happens. (The function cannot publish itself: no SNS client is part of its package, and CI invokes it
/// synchronously, so no Lambda destination fires.)
/// </summary>
internal static class SchemaApplyAlarms
{
    /// <summary>Each outcome: its name, the log lines that are it, and what the alarm says.</summary>
    private static readonly (string Outcome, string Filter, string Description)[] Outcomes =
    [
        ("Applied", "$.statusCode = 200", "A schema apply finished: applied (or nothing to change). The revision is in S3."),
        ("Refused", "$.statusCode = 409 || $.statusCode = 422", "A schema apply was refused; nothing changed. The reason is in the log."),
        ("Failed", "$.statusCode >= 500", "A schema apply failed and rolled back. The reason is in the log and the revision record."),
    ];

    public static void Create(Construct scope, ILogGroup logGroup, ITopic topic)
    {
        var stack = Stack.Of(scope);
        foreach (var (outcome, filter, description) in Outcomes)
        {
            var metric = new MetricFilter(
                scope,
                $"Apply{outcome}Filter",
                new MetricFilterProps
                {
                    LogGroup = logGroup,
                    FilterPattern = FilterPattern.Literal($"{{ $.action = \"apply\" && ({filter}) }}"),
                    MetricNamespace = $"{stack.StackName}/schema-sync",
                    MetricName = $"Apply{outcome}",
                    MetricValue = "1",
                }
            ).Metric(new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(1) });
            var alarm = metric.CreateAlarm(
                scope,
                $"Apply{outcome}",
                new CreateAlarmOptions
                {
                    AlarmDescription = description,
                    Threshold = 1,
                    EvaluationPeriods = 1,
                    ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    TreatMissingData = TreatMissingData.NOT_BREACHING,
                }
            );
            alarm.AddAlarmAction(new SnsAction(topic));
        }
    }
}
