using System.Text.Json;
using Amazon.CDK.Assertions;
using Infra.Constructs.Monitoring;

namespace Infra.Constructs.Tests.Monitoring;

public class CostBudgetTests
{
    private static Template Synth(int monthlyUsd = 120, int alertPercent = 80, int? maxIncreaseUsd = null)
    {
        var stack = TestStacks.NewStack();
        var topic = new AlarmTopic(stack, "Alarms");
        _ = new CostBudget(
            stack,
            "Budget",
            new CostBudgetProps
            {
                MonthlyUsd = monthlyUsd,
                AlertPercent = alertPercent,
                MaxIncreaseUsd = maxIncreaseUsd,
                CostTag = ("environment", "prod"),
                Topic = topic,
            }
        );
        return Template.FromStack(stack);
    }

    [Fact]
    public void Budgets_the_environments_tagged_costs_monthly_and_notifies_on_spend_and_forecast_with_a_key_budgets_may_use()
    {
        var template = Synth(monthlyUsd: 170, alertPercent: 75);

        var budget = template.Resources("AWS::Budgets::Budget").Values.Single().Properties().ToJson();
        var data = budget.GetProperty("Budget");
        Assert.Equal(("COST", "MONTHLY"), (data.GetProperty("BudgetType").GetString(), data.GetProperty("TimeUnit").GetString()));
        Assert.Equal(170, data.GetProperty("BudgetLimit").GetProperty("Amount").GetInt32());
        Assert.Equal("user:environment$prod", data.GetProperty("CostFilters").GetProperty("TagKeyValue")[0].GetString());
        var notifications = budget
            .GetProperty("NotificationsWithSubscribers")
            .EnumerateArray()
            .Select(n =>
                (
                    n.GetProperty("Notification").GetProperty("NotificationType").GetString(),
                    n.GetProperty("Notification").GetProperty("Threshold").GetInt32()
                )
            )
            .ToList();
        Assert.Equal([("ACTUAL", 75), ("FORECASTED", 100)], notifications);
        var keyPolicy = JsonSerializer.Serialize(template.Resources("AWS::KMS::Key").Values.Single().Properties()["KeyPolicy"]);
        Assert.Contains("budgets.amazonaws.com", keyPolicy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 80, null, "CostBudget Budget: MonthlyUsd: 0 is out of range; expected 1 to 1000000")]
    [InlineData(100, 0, null, "CostBudget Budget: AlertPercent: 0 is out of range; expected 1 to 1000")]
    [InlineData(100, 80, -5, "CostBudget Budget: MaxIncreaseUsd: -5 is negative")]
    public void Refuses_an_amount_or_share_out_of_range(int monthlyUsd, int alertPercent, int? maxIncreaseUsd, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Synth(monthlyUsd, alertPercent, maxIncreaseUsd));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
