using Infra.Constructs.Validation;

namespace Infra.Constructs.Database;

/// <summary>
/// How many connections an instance class takes, and whether a workload that scales out (a Lambda function: every
/// instance opens its own pool) fits in them. RDS for PostgreSQL's default is
/// <c>max_connections = LEAST(DBInstanceClassMemory/9531392, 5000)</c> (Amazon RDS User Guide, "Maximum number of
/// database connections"). <c>DBInstanceClassMemory</c> is the class's memory less what the OS and RDS keep, so it is
/// counted here as 85 % of the class's memory (Amazon RDS User Guide, "Hardware specifications for DB instance
/// classes"): observed defaults were 198 on 2 GiB, 413 on 4 GiB and 856 on 8 GiB, i.e. 88 % to 95 %; the bound stays
/// below the real one. When it is not enough, the next step is RDS Proxy (pooled connections), not a larger pool.
/// </summary>
public static class ConnectionBudget
{
    /// <summary>Memory (GiB) of the instance classes this project sizes (without the <c>db.</c> prefix).</summary>
    public static readonly IReadOnlyDictionary<string, double> MemoryGiB = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["t4g.micro"] = 1,
        ["t4g.small"] = 2,
        ["t4g.medium"] = 4,
        ["t4g.large"] = 8,
        ["t4g.xlarge"] = 16,
        ["t4g.2xlarge"] = 32,
        ["t3.micro"] = 1,
        ["t3.small"] = 2,
        ["t3.medium"] = 4,
        ["t3.large"] = 8,
        ["t3.xlarge"] = 16,
        ["t3.2xlarge"] = 32,
        ["m7g.large"] = 8,
        ["m7g.xlarge"] = 16,
        ["m7g.2xlarge"] = 32,
        ["m7g.4xlarge"] = 64,
        ["m6g.large"] = 8,
        ["m6g.xlarge"] = 16,
        ["m6g.2xlarge"] = 32,
        ["m6g.4xlarge"] = 64,
        ["r7g.large"] = 16,
        ["r7g.xlarge"] = 32,
        ["r7g.2xlarge"] = 64,
        ["r6g.large"] = 16,
        ["r6g.xlarge"] = 32,
        ["r6g.2xlarge"] = 64,
    };

    /// <summary>
    /// Connections kept free for everything but the scaled-out workload: PostgreSQL's 3 superuser-reserved and RDS's 2
    /// rds_superuser-reserved slots, the two schema-sync functions (2 each: source and target), the user bootstrap (1),
    /// and 3 for an operator or a tunnel.
    /// </summary>
    public const int Headroom = 3 + 2 + 4 + 1 + 3;

    /// <summary>The default <c>max_connections</c> of <paramref name="instanceClass"/>, or null for a class not in <see
    /// cref="MemoryGiB"/>.</summary>
    public static int? MaxConnections(string instanceClass) =>
        MemoryGiB.TryGetValue(instanceClass, out var gib) ? (int)Math.Min(gib * 0.85 * 1024 * 1024 * 1024 / 9531392, 5000) : null;

    /// <summary>
    /// The problem, if any, with <paramref name="maxConcurrency"/> instances of <paramref name="poolSize"/> connections
    /// each on <paramref name="instanceClass"/>.
    /// </summary>
    public static PropProblem? FindProblem(string prop, string instanceClass, int maxConcurrency, int poolSize)
    {
        if (MaxConnections(instanceClass) is not { } max)
            return new(
                prop,
                $"the database instance class '{instanceClass}' has no known memory, so its connection limit is unknown; use one of "
                    + $"{string.Join(", ", MemoryGiB.Keys)}"
            );
        var needed = maxConcurrency * poolSize + Headroom;
        return needed <= max
            ? null
            : new(
                prop,
                $"{maxConcurrency} instances x {poolSize} connections + {Headroom} reserved = {needed} exceeds max_connections {max} "
                    + $"of {instanceClass}; lower the concurrency or the pool, use a larger class, or put RDS Proxy in front"
            );
    }
}
