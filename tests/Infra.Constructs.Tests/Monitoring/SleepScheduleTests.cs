using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.ECR;
using Infra.Constructs.Database;
using Infra.Constructs.Monitoring;
using Infra.Constructs.Service;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Monitoring;

public class SleepScheduleTests
{
    private static Template Synth(int wake = 8, int sleep = 20, string days = "MON-FRI", string zone = "Asia/Seoul")
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network");
        var database = new PostgresDatabase(
            stack,
            "Database",
            new PostgresDatabaseProps { Vpc = network.Vpc, Subnets = network.PrivateSubnets }
        );
        var service = new WebService(
            stack,
            "Web",
            new WebServiceProps
            {
                Vpc = network.Vpc,
                PublicSubnets = network.PublicSubnets,
                PrivateSubnets = network.PrivateSubnets,
                Repository = new Repository(stack, "Images"),
                ImageTag = "abc123",
            }
        );
        _ = new SleepSchedule(
            stack,
            "Sleep",
            new SleepScheduleProps
            {
                WakeHour = wake,
                SleepHour = sleep,
                Days = days,
                TimeZone = zone,
                Service = service,
                DesiredCount = 2,
                Database = database,
            }
        );
        return Template.FromStack(stack);
    }

    [Fact]
    public void Stops_and_starts_the_database_and_scales_the_service_at_the_set_hours_with_a_role_that_may_do_only_that()
    {
        var template = Synth();

        var schedules = template
            .Resources("AWS::Scheduler::Schedule")
            .Values.Select(s => s.Properties().ToJson())
            .ToDictionary(s =>
                s.GetProperty("Target").GetProperty("Arn").ToString() + " " + s.GetProperty("ScheduleExpression").GetString()
            );
        Assert.Equal(4, schedules.Count);
        Assert.Contains(schedules.Keys, k =>
            k.Contains("aws-sdk:rds:stopDBInstance", StringComparison.Ordinal)
            && k.EndsWith("cron(0 20 ? * MON-FRI *)", StringComparison.Ordinal)
        );
        Assert.Contains(schedules.Keys, k =>
            k.Contains("aws-sdk:rds:startDBInstance", StringComparison.Ordinal)
            && k.EndsWith("cron(0 8 ? * MON-FRI *)", StringComparison.Ordinal)
        );
        var wake = schedules
            .Single(s =>
                s.Key.Contains("ecs:updateService", StringComparison.Ordinal)
                && s.Key.EndsWith("cron(0 8 ? * MON-FRI *)", StringComparison.Ordinal)
            )
            .Value;
        // The input is JSON inside a template string: its quotes come out escaped.
        var input = wake.GetProperty("Target").GetProperty("Input").ToString().Replace("\\u0022", "\"", StringComparison.Ordinal);
        Assert.Contains("\"DesiredCount\":2", input, StringComparison.Ordinal);
        Assert.All(schedules.Values, s => Assert.Equal("Asia/Seoul", s.GetProperty("ScheduleExpressionTimezone").GetString()));
        var actions = template
            .Resources("AWS::IAM::Policy")
            .Values.Select(p => p.Properties().ToJson())
            .Where(p => p.GetProperty("PolicyName").ToString().Contains("Sleep", StringComparison.Ordinal))
            .SelectMany(p => p.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            .Select(s => s.GetProperty("Action").ToString() + " on " + s.GetProperty("Resource").ToString())
            .ToList();
        Assert.Equal(2, actions.Count);
        Assert.Contains(actions, a =>
            a.StartsWith("[\"rds:StopDBInstance\",\"rds:StartDBInstance\"] on", StringComparison.Ordinal)
            && a.Contains(":db:", StringComparison.Ordinal)
        );
        Assert.Contains(actions, a =>
            a.StartsWith("ecs:UpdateService on", StringComparison.Ordinal) && !a.EndsWith("on *", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData(20, 8, "MON-FRI", "Asia/Seoul", "SleepSchedule Sleep: SleepHour: 8 must be after the wake hour (20)")]
    [InlineData(8, 20, "weekdays", "Asia/Seoul", "SleepSchedule Sleep: Days: 'weekdays' is not a day-of-week range")]
    [InlineData(8, 20, "MON-FRI", "Korea/Seoul", "SleepSchedule Sleep: TimeZone: 'Korea/Seoul' is not an IANA time zone")]
    public void Refuses_hours_days_or_a_zone_that_are_not_ones(int wake, int sleep, string days, string zone, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Synth(wake, sleep, days, zone));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8, 20, "MON-FRI", 60)]
    [InlineData(9, 18, "MON,WED,FRI", 27)]
    [InlineData(0, 24, "SUN-SAT", 168)]
    public void Counts_the_hours_awake_a_week(int wake, int sleep, string days, int hours) =>
        Assert.Equal(hours, SleepSchedule.AwakeHoursPerWeek(wake, sleep, days));
}
