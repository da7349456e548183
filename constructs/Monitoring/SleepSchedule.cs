using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Scheduler;
using Constructs;
using Infra.Constructs.Database;
using Infra.Constructs.Service;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Monitoring;

/// <summary>When an environment is awake; the rest of the week it sleeps.</summary>
public sealed record SleepScheduleProps
{
    /// <summary>The hour (0-23, local time) the environment wakes on <see cref="Days"/>.</summary>
    public required int WakeHour { get; init; }

    /// <summary>The hour (1-24, local time, after <see cref="WakeHour"/>) it goes to sleep on <see cref="Days"/>.</summary>
    public required int SleepHour { get; init; }

    /// <summary>The days it wakes, as EventBridge Scheduler's cron day-of-week field (<c>MON-FRI</c>).</summary>
    /// <remarks>Default: MON-FRI.</remarks>
    public string Days { get; init; } = "MON-FRI";

    /// <summary>The IANA time zone of the hours (<c>Asia/Seoul</c>).</summary>
    public required string TimeZone { get; init; }

    /// <summary>The app on Fargate, scaled to zero tasks asleep and back to its desired count awake.</summary>
    public WebService? Service { get; init; }

    /// <summary>The tasks the service runs awake.</summary>
    /// <remarks>Default: 1.</remarks>
    public int DesiredCount { get; init; } = 1;

    /// <summary>The database, stopped asleep and started awake.</summary>
    public required PostgresDatabase Database { get; init; }
}

/// <summary>
/// An environment that sleeps outside working hours (dev): EventBridge Scheduler stops the database and scales the
/// service to zero at <see cref="SleepScheduleProps.SleepHour"/>, and starts them again at
/// <see cref="SleepScheduleProps.WakeHour"/>, on <see cref="SleepScheduleProps.Days"/>. RDS starts a stopped instance
/// again after seven days by itself; the daily sleep schedule stops it again. The schedules' role may do exactly these
/// calls on exactly these resources.
/// </summary>
public sealed partial class SleepSchedule : Construct
{
    /// <summary>The metadata type the report reads (contract/schedule.schema.json).</summary>
    public const string MetadataType = "infra:schedule";

    /// <summary>Creates the two schedules per resource and their role.</summary>
    /// <exception cref="ArgumentException">When an hour, the days or the time zone is not one.</exception>
    public SleepSchedule(Construct scope, string id, SleepScheduleProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        PropProblem.ThrowIfAny(FindProblem(props.WakeHour, props.SleepHour, props.Days, props.TimeZone), nameof(SleepSchedule), id);
        var role = new Role(
            this,
            "Role",
            new RoleProps
            {
                AssumedBy = new ServicePrincipal(
                    "scheduler.amazonaws.com",
                    new ServicePrincipalOpts
                    {
                        Conditions = new Dictionary<string, object>
                        {
                            ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Stack.Of(this).Account },
                        },
                    }
                ),
                Description = "Environment sleep schedule: stops and starts the database, scales the service",
            }
        );
        var stack = Stack.Of(this);
        var instance = props.Database.Instance.Ref;
        var instanceArn = $"arn:{stack.Partition}:rds:{stack.Region}:{stack.Account}:db:{instance}";
        role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps { Actions = ["rds:StopDBInstance", "rds:StartDBInstance"], Resources = [instanceArn] }
            )
        );
        var sleep = $"cron(0 {props.SleepHour % 24} ? * {props.Days} *)";
        var wake = $"cron(0 {props.WakeHour} ? * {props.Days} *)";
        Node.AddMetadata(
            MetadataType,
            new Dictionary<string, object> { ["awakeHoursPerWeek"] = AwakeHoursPerWeek(props.WakeHour, props.SleepHour, props.Days) }
        );
        Schedule(
            "DatabaseSleeps",
            sleep,
            "rds:stopDBInstance",
            new Dictionary<string, object> { ["DbInstanceIdentifier"] = instance },
            props,
            role
        );
        Schedule(
            "DatabaseWakes",
            wake,
            "rds:startDBInstance",
            new Dictionary<string, object> { ["DbInstanceIdentifier"] = instance },
            props,
            role
        );
        if (props.Service is { } service)
        {
            role.AddToPolicy(
                new PolicyStatement(new PolicyStatementProps { Actions = ["ecs:UpdateService"], Resources = [service.Service.ServiceArn] })
            );
            Dictionary<string, object> Scale(int count) =>
                new()
                {
                    ["Cluster"] = service.Service.Cluster.ClusterName,
                    ["Service"] = service.Service.ServiceName,
                    ["DesiredCount"] = count,
                };
            Schedule("ServiceSleeps", sleep, "ecs:updateService", Scale(0), props, role);
            Schedule("ServiceWakes", wake, "ecs:updateService", Scale(props.DesiredCount), props, role);
        }
    }

    /// <summary>Hours awake a week, for the report's saving.</summary>
    public static int AwakeHoursPerWeek(int wakeHour, int sleepHour, string days) => (sleepHour - wakeHour) * DayCount(days);

    /// <summary>The first problem with a schedule's hours, days and time zone (<see cref="SleepScheduleProps"/>' names), or null.</summary>
    public static PropProblem? FindProblem(int wakeHour, int sleepHour, string days, string timeZone) =>
        wakeHour is < 0 or > 23 ? new(nameof(SleepScheduleProps.WakeHour), $"{wakeHour} is out of range; expected 0 to 23")
        : sleepHour <= wakeHour || sleepHour > 24
            ? new(nameof(SleepScheduleProps.SleepHour), $"{sleepHour} must be after the wake hour ({wakeHour}) and at most 24")
        : !DaysField().IsMatch(days ?? "")
            ? new(nameof(SleepScheduleProps.Days), $"'{days}' is not a day-of-week range or list such as MON-FRI")
        : !(timeZone ?? "").Contains('/', StringComparison.Ordinal) && timeZone != "UTC"
        || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone!, out _)
            ? new(nameof(SleepScheduleProps.TimeZone), $"'{timeZone}' is not an IANA time zone")
        : null;

    private static readonly string[] Week = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static int DayCount(string days) =>
        days.Split(',').Sum(part => part.Split('-') is [var from, var to] ? Array.IndexOf(Week, to) - Array.IndexOf(Week, from) + 1 : 1);

    private void Schedule(
        string id,
        string expression,
        string call,
        Dictionary<string, object> input,
        SleepScheduleProps props,
        IRole role
    ) =>
        _ = new CfnSchedule(
            this,
            id,
            new CfnScheduleProps
            {
                ScheduleExpression = expression,
                ScheduleExpressionTimezone = props.TimeZone,
                FlexibleTimeWindow = new CfnSchedule.FlexibleTimeWindowProperty { Mode = "OFF" },
                Target = new CfnSchedule.TargetProperty
                {
                    Arn = $"arn:{Stack.Of(this).Partition}:scheduler:::aws-sdk:{call}",
                    RoleArn = role.RoleArn,
                    Input = Stack.Of(this).ToJsonString(input),
                },
            }
        );

    [GeneratedRegex(
        "^(SUN|MON|TUE|WED|THU|FRI|SAT)(-(SUN|MON|TUE|WED|THU|FRI|SAT))?(,(SUN|MON|TUE|WED|THU|FRI|SAT)(-(SUN|MON|TUE|WED|THU|FRI|SAT))?)*$"
    )]
    private static partial Regex DaysField();
}
