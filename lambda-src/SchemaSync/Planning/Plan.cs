using System.Security.Cryptography;
using System.Text;

namespace SchemaSync.Planning;

/// <summary>
/// The ordered statements that make the target's schema equal the source's, with the schema hashes they were
/// planned from. <see cref="Unsupported"/> lists changes no statement can make safely; apply refuses such a plan.
/// </summary>
public sealed record Plan(
    string SourceHash,
    string TargetHash,
    IReadOnlyList<PlannedStatement> Statements,
    IReadOnlyList<string> Unsupported
)
{
    /// <summary>True when the schemas are already equal.</summary>
    public bool IsEmpty => Statements.Count == 0 && Unsupported.Count == 0;

    /// <summary>Every hazard of the plan, once each, sorted.</summary>
    public IReadOnlyList<Hazard> Hazards => [.. Statements.SelectMany(s => s.Hazards).Distinct().Order()];

    /// <summary>This plan with <paramref name="reasons"/> added to its unsupported changes (kept sorted), as the checks that
    /// ask the target after planning report them.</summary>
    public Plan WithUnsupported(IReadOnlyCollection<string> reasons) =>
        reasons.Count == 0 ? this : this with { Unsupported = [.. Unsupported.Concat(reasons).Order(StringComparer.Ordinal)] };

    /// <summary>SHA-256 (hex) over both schema hashes and every statement with its hazards: what a reviewer approved.</summary>
    public string Hash
    {
        get
        {
            var text = new StringBuilder().Append(SourceHash).Append('\n').Append(TargetHash).Append('\n');
            foreach (var statement in Statements)
                text.Append(statement.Transactional ? "T " : "N ")
                    .Append(string.Join(',', statement.Hazards))
                    .Append(' ')
                    .Append(statement.Sql)
                    .Append('\n');
            foreach (var reason in Unsupported)
                text.Append("U ").Append(reason).Append('\n');
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }
}
