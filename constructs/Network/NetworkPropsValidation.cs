using System.Net;
using System.Net.Sockets;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Network;

/// <summary>Checks <see cref="NetworkProps"/> before any resource is created, naming the prop and echoing the bad value.</summary>
public static class NetworkPropsValidation
{
    /// <summary>AZ count range: RDS subnet groups and ALBs need two AZs; no region has more than six.</summary>
    public const int MinAzs = 2;

    /// <inheritdoc cref="MinAzs"/>
    public const int MaxAzsLimit = 6;

    /// <summary>Subnets per AZ: one public and one private.</summary>
    public const int SubnetsPerAz = 2;

    /// <summary>Service short names accepted by <see cref="NetworkProps.InterfaceEndpoints"/>.</summary>
    public static readonly IReadOnlySet<string> KnownInterfaceEndpoints = new HashSet<string>(StringComparer.Ordinal)
    {
        "ecr.api",
        "ecr.dkr",
        "logs",
        "monitoring",
        "secretsmanager",
        "ssm",
        "ssmmessages",
        "ec2messages",
        "sts",
        "kms",
        "sqs",
        "sns",
        "events",
        "lambda",
        "rds",
        "ecs",
        "ecs-agent",
        "ecs-telemetry",
        "xray",
    };

    /// <summary>Returns the first problem with <paramref name="props"/>, or null when they are valid.</summary>
    public static PropProblem? FindProblem(NetworkProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (!TryParseCidr(props.Cidr, out var prefix))
            return new(nameof(props.Cidr), HostBitsSet(props.Cidr) ?? $"'{props.Cidr}' is not an IPv4 CIDR block such as 10.0.0.0/16");
        if (prefix is < 16 or > 28)
            return new(nameof(props.Cidr), $"'{props.Cidr}' has prefix /{prefix}; a VPC's prefix must be between /16 and /28");
        if (props.MaxAzs is < MinAzs or > MaxAzsLimit)
            return new(nameof(props.MaxAzs), $"{props.MaxAzs} is out of range; expected {MinAzs} to {MaxAzsLimit}");
        if (props.NatGateways < 0 || props.NatGateways > props.MaxAzs)
            return new(nameof(props.NatGateways), $"{props.NatGateways} is out of range; expected 0 to MaxAzs ({props.MaxAzs})");
        if (props.SubnetCidrMask <= prefix || props.SubnetCidrMask > 28)
            return new(nameof(props.SubnetCidrMask), $"/{props.SubnetCidrMask} must be longer than the VPC's /{prefix} and at most /28");
        var subnets = props.MaxAzs * SubnetsPerAz;
        var fits = 1L << (props.SubnetCidrMask - prefix);
        if (subnets > fits)
            return new(
                nameof(props.Cidr),
                $"'{props.Cidr}' is too small: {subnets} subnets of /{props.SubnetCidrMask} ({props.MaxAzs} AZs x {SubnetsPerAz}) "
                    + $"need at least /{props.SubnetCidrMask - CeilLog2(subnets)}"
            );
        foreach (var name in props.InterfaceEndpoints)
        {
            if (!KnownInterfaceEndpoints.Contains(name))
                return new(
                    nameof(props.InterfaceEndpoints),
                    $"'{name}' is not a known interface endpoint; expected one of "
                        + $"{string.Join(", ", KnownInterfaceEndpoints.Order(StringComparer.Ordinal))}"
                );
        }
        var duplicate = props.InterfaceEndpoints.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return new(nameof(props.InterfaceEndpoints), $"'{duplicate.Key}' is listed more than once");
        return null;
    }

    /// <summary>Parses <c>a.b.c.d/n</c> with a network address (no host bits set).</summary>
    public static bool TryParseCidr(string? cidr, out int prefix)
    {
        prefix = TryParseBlock(cidr, out var bits, out var length) && (bits & HostMask(length)) == 0 ? length : -1;
        return prefix >= 0;
    }

    /// <summary>For a block written with host bits set (10.40.0.0/8), the block it would be: the usual slip.</summary>
    internal static string? HostBitsSet(string? cidr)
    {
        if (!TryParseBlock(cidr, out var bits, out var length) || (bits & HostMask(length)) == 0)
            return null;
        var address = cidr!.Split('/')[0];
        var start = new IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(bits & ~HostMask(length)));
        // The shortest VPC prefix (/16 to /28) at which the address as written is the block's start, if any.
        var longer = Enumerable
            .Range(Math.Max(length + 1, 16), 28 - Math.Max(length + 1, 16) + 1)
            .Where(l => (bits & HostMask(l)) == 0)
            .Select(l => $" (or {address}/{l})")
            .FirstOrDefault();
        return $"'{cidr}' has host bits set: a /{length} block starts at {start}/{length}{longer}";
    }

    /// <summary>An IPv4 address and prefix length, host bits or not.</summary>
    private static bool TryParseBlock(string? cidr, out uint bits, out int length)
    {
        bits = 0;
        length = -1;
        var parts = cidr?.Split('/') ?? [];
        if (
            parts.Length != 2
            || !int.TryParse(
                parts[1],
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out length
            )
            || length > 32
            || !IPAddress.TryParse(parts[0], out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            || parts[0].Count(c => c == '.') != 3
        )
            return false;
        bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        return true;
    }

    private static uint HostMask(int length) => length == 32 ? 0u : uint.MaxValue >> length;

    private static int CeilLog2(int value)
    {
        var log = 0;
        while ((1 << log) < value)
            log++;
        return log;
    }
}
