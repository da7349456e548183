using System.Text.RegularExpressions;
using Constructs;
using Infra.Constructs.Validation;
using Codes = Infra.Contract.ReachabilityCodes;

namespace Infra.Constructs.Network;

/// <summary>
/// The one rule for whether a workload placed in private subnets reaches the AWS services it needs, used by the
/// constructs themselves (so consumers get it) and by the app's config binder.
/// </summary>
public static partial class Reachability
{
    /// <summary>
    /// A Fargate task pulls its image (<c>ecr.api</c>, <c>ecr.dkr</c>, layers from S3) and writes its logs (<c>logs</c>);
    /// with ECS Exec it also opens the <c>ssmmessages</c> channel.
    /// </summary>
    public static IReadOnlyList<string> FargateTask(bool executeCommand) =>
        ["ecr.api", "ecr.dkr", "logs", NetworkReach.S3, .. executeCommand ? new[] { "ssmmessages" } : []];

    /// <summary>
    /// A Lambda function needs nothing for its code, logs or credentials (the Lambda service delivers them), only the
    /// services its own code calls, which the construct declares.
    /// </summary>
    public static IReadOnlyList<string> LambdaFunction(params string[] calls) => calls;

    /// <summary>The construct metadata type under which <see cref="Record"/> writes a decision (cdk.out's manifest carries it).</summary>
    public const string MetadataType = Codes.MetadataType;

    /// <summary>The library's own workloads, as <see cref="Record"/> names them (contract/reachability.json).</summary>
    public static class Workloads
    {
        /// <summary>The Fargate service's tasks.</summary>
        public const string WebService = Codes.WebService;

        /// <summary>The app on Lambda.</summary>
        public const string WebFunction = Codes.WebFunction;

        /// <summary>The schema migration functions.</summary>
        public const string SchemaMigration = Codes.SchemaMigration;

        /// <summary>The deploy-time database user bootstrap.</summary>
        public const string DatabaseUserBootstrap = Codes.DatabaseUserBootstrap;
    }

    /// <summary>
    /// What meets <paramref name="service"/> from subnets that reach <paramref name="reach"/>, as a code:
    /// <c>s3-gateway</c>, <c>interface-endpoint:&lt;service&gt;</c>, <c>nat-gateway</c> or <c>none</c>. An endpoint wins
    /// over a NAT gateway, as in the VPC itself: the S3 gateway endpoint's prefix-list route is more specific than the
    /// NAT's default route, and an interface endpoint's private DNS answers the service's name with its own addresses.
    /// </summary>
    public static string MetBy(string service, NetworkReach reach)
    {
        ArgumentNullException.ThrowIfNull(reach);
        var endpoint =
            service == NetworkReach.S3
                ? (reach.S3Gateway ? Codes.S3Gateway : null)
                : (reach.InterfaceEndpoints.Contains(service) ? Codes.InterfaceEndpointPrefix + service : null);
        return endpoint ?? (reach.NatGateway ? Codes.NatGateway : Codes.NotReached);
    }

    /// <summary>
    /// Writes the decision for <paramref name="workload"/> (a code such as <see cref="Workloads.WebService"/>) on
    /// <paramref name="construct"/> as metadata (contract/reachability.schema.json), so what reads cdk.out
    /// (scripts/report, scripts/diagram) shows it without a rule of its own.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// When <paramref name="workload"/> is not a code (lower-case letters, digits, hyphens).
    /// </exception>
    public static void Record(IConstruct construct, string workload, IReadOnlyList<string> needs, NetworkReach reach)
    {
        ArgumentNullException.ThrowIfNull(construct);
        ArgumentNullException.ThrowIfNull(needs);
        if (workload is null || !WorkloadCode().IsMatch(workload))
        {
            var problem =
                $"Reachability.Record: workload: '{workload}' is not a code (lower-case letters, digits and hyphens, such as web-service)";
            throw new ArgumentException(problem, nameof(workload));
        }
        construct.Node.AddMetadata(
            MetadataType,
            new Dictionary<string, object>
            {
                ["workload"] = workload,
                ["needs"] = needs
                    .Select(n => (object)new Dictionary<string, object> { ["service"] = n, ["metBy"] = MetBy(n, reach) })
                    .ToArray(),
            }
        );
    }

    /// <summary>
    /// The problem, if any, with placing <paramref name="workload"/> (needing <paramref name="needs"/>) in private
    /// subnets that reach <paramref name="reach"/> (null: a VPC whose reach nobody declared).
    /// </summary>
    public static PropProblem? FindProblem(string prop, string workload, IReadOnlyList<string> needs, NetworkReach? reach)
    {
        ArgumentNullException.ThrowIfNull(needs);
        if (needs.Count == 0)
            return null;
        if (reach is null)
            return new(
                prop,
                $"{workload} runs in private subnets of a VPC this library did not create: declare what they reach (a NetworkReach: "
                    + $"NAT gateway, S3 gateway endpoint, interface endpoints); it needs {string.Join(", ", needs)}"
            );
        var missing = needs.Where(n => !reach.Reaches(n)).ToList();
        return missing.Count == 0
            ? null
            : new(
                prop,
                $"{workload} in private subnets could not reach "
                    + $"{string.Join(", ", missing)}: there is no NAT gateway and no endpoint for {(missing.Count == 1 ? "it" : "them")}; "
                    + "add the interface endpoints (S3: the gateway endpoint) or place it in public subnets"
            );
    }

    [GeneratedRegex(Codes.WorkloadPattern)]
    private static partial Regex WorkloadCode();
}
