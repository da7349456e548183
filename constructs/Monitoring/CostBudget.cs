using Amazon.CDK;
using Amazon.CDK.AWS.Budgets;
using Constructs;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Monitoring;

/// <summary>What a <see cref="CostBudget"/> allows and when it tells.</summary>
public sealed record CostBudgetProps
{
    /// <summary>The environment's monthly budget, whole US dollars.</summary>
    public required int MonthlyUsd { get; init; }

    /// <summary>The share of <see cref="MonthlyUsd"/> actually spent that notifies (a forecast above the whole budget
    /// always notifies).</summary>
    /// <remarks>Default: <see cref="DefaultAlertPercent"/>.</remarks>
    public int AlertPercent { get; init; } = DefaultAlertPercent;

    /// <summary>The default of <see cref="AlertPercent"/>.</summary>
    public const int DefaultAlertPercent = 80;

    /// <summary>The cost allocation tag that marks the environment's resources (every stack tags its resources with
    /// <c>environment</c>); it must be activated once in the billing console to filter on it.</summary>
    public required (string Key, string Value) CostTag { get; init; }

    /// <summary>The topic notified (its key lets AWS Budgets encrypt the message).</summary>
    public required AlarmTopic Topic { get; init; }

    /// <summary>The largest monthly increase a pull request may bring (the report's delta; <c>scripts/ci/report-delta</c>
    /// reads it from cdk.out); null for no limit.</summary>
    /// <remarks>Default: none.</remarks>
    public int? MaxIncreaseUsd { get; init; }
}

/// <summary>
/// An AWS Budgets cost budget for one environment: its resources (by cost allocation tag), monthly, notifying the
/// environment's topic when the actual cost passes <see cref="CostBudgetProps.AlertPercent"/> and when the forecast
/// passes the budget. The topic's policy lets the Budgets service publish for this account only. Writes
/// <c>infra:budget</c> metadata the report and the pull-request guard read.
/// </summary>
public sealed class CostBudget : Construct
{
    /// <summary>The metadata type the report reads (contract/budget.schema.json).</summary>
    public const string MetadataType = "infra:budget";

    /// <summary>Creates the budget and lets AWS Budgets publish to the topic.</summary>
    /// <exception cref="ArgumentException">When an amount or percentage is out of range.</exception>
    public CostBudget(Construct scope, string id, CostBudgetProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        PropProblem.ThrowIfAny(FindProblem(props.MonthlyUsd, props.AlertPercent, props.MaxIncreaseUsd), nameof(CostBudget), id);
        var stack = Stack.Of(this);
        _ = new CfnBudget(
            this,
            "Resource",
            new CfnBudgetProps
            {
                Budget = new CfnBudget.BudgetDataProperty
                {
                    BudgetName = $"{stack.StackName}-monthly",
                    BudgetType = "COST",
                    TimeUnit = "MONTHLY",
                    BudgetLimit = new CfnBudget.SpendProperty { Amount = props.MonthlyUsd, Unit = "USD" },
                    CostFilters = new Dictionary<string, object>
                    {
                        ["TagKeyValue"] = new[] { $"user:{props.CostTag.Key}${props.CostTag.Value}" },
                    },
                },
                NotificationsWithSubscribers = new object[]
                {
                    Notify("ACTUAL", props.AlertPercent, props.Topic),
                    Notify("FORECASTED", 100, props.Topic),
                },
            }
        );
        props.Topic.AllowServiceToPublish(
            "BudgetsOfThisAccount",
            "budgets.amazonaws.com",
            $"arn:{stack.Partition}:budgets::{stack.Account}:budget/{stack.StackName}-monthly"
        );
        var data = new Dictionary<string, object> { ["monthlyUsd"] = props.MonthlyUsd, ["alertPercent"] = props.AlertPercent };
        if (props.MaxIncreaseUsd is { } max)
            data["maxIncreaseUsd"] = max;
        Node.AddMetadata(MetadataType, data);
    }

    /// <summary>The first problem with a budget's amounts (<see cref="CostBudgetProps"/>' names), or null.</summary>
    public static PropProblem? FindProblem(int monthlyUsd, int alertPercent, int? maxIncreaseUsd) =>
        monthlyUsd is < 1 or > 1_000_000 ? new(nameof(CostBudgetProps.MonthlyUsd), $"{monthlyUsd} is out of range; expected 1 to 1000000")
        : alertPercent is < 1 or > 1000 ? new(nameof(CostBudgetProps.AlertPercent), $"{alertPercent} is out of range; expected 1 to 1000")
        : maxIncreaseUsd is < 0 ? new(nameof(CostBudgetProps.MaxIncreaseUsd), $"{maxIncreaseUsd} is negative")
        : null;

    private static CfnBudget.NotificationWithSubscribersProperty Notify(string type, int percent, AlarmTopic topic) =>
        new()
        {
            Notification = new CfnBudget.NotificationProperty
            {
                NotificationType = type,
                ComparisonOperator = "GREATER_THAN",
                Threshold = percent,
                ThresholdType = "PERCENTAGE",
            },
            Subscribers = new object[]
            {
                new CfnBudget.SubscriberProperty { SubscriptionType = "SNS", Address = topic.Topic.TopicArn },
            },
        };
}
