using Npgsql;
using SchemaSync.Connections;
using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// A type change PostgreSQL has no cast for (bigint to timestamptz) plans as <c>USING column::new_type</c>, which fails
/// at apply. The target's server is the authority on its casts (its own and extensions'), so this asks it, without
/// reading a row: <c>SELECT NULL::old::new</c> for each changed column the request gives no conversion for, and turns
/// "cannot cast" into an unsupported change that names the column and the <c>--using</c> that would supply one.
/// </summary>
public static class CastCheck
{
    /// <summary>Returns <paramref name="plan"/> with an unsupported entry for each type change without a cast.</summary>
    /// <remarks>The target connection may be passed closed: it is opened when there is something to ask.</remarks>
    public static async Task<Plan> RefuseChangesWithoutCastAsync(
        Plan plan,
        DatabaseModel source,
        DatabaseModel target,
        NpgsqlConnection targetConnection,
        PlanOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetConnection);
        var given = options?.Conversions ?? new Dictionary<string, string>();
        var enums = source.Enums.Concat(target.Enums).Select(e => e.Identity).ToHashSet(StringComparer.Ordinal);
        var refused = new List<string>();
        foreach (var (wanted, current) in ListDiff.Compare(source.Columns, target.Columns).Changed)
        {
            // Enum changes convert through text and are judged by the planner from their labels.
            if (
                wanted.Type == current.Type
                || given.ContainsKey(Backfill.Key(wanted))
                || enums.Contains(wanted.Type)
                || enums.Contains(current.Type)
            )
                continue;
            // Types come from format_type: qualified and quoted as SQL, so they can be written into the probe as they are.
            await targetConnection.OpenWhenClosedAsync(cancellationToken).ConfigureAwait(false);
            await using var probe = new NpgsqlCommand($"SELECT NULL::{current.Type}::{wanted.Type}", targetConnection);
            try
            {
                // Only whether the server can plan it: no value is read.
                await probe.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CannotCoerce)
            {
                refused.Add(
                    $"column {wanted.Identity}: PostgreSQL has no cast from {current.Type} to {wanted.Type}; say how to convert "
                        + $"its values with --using {Backfill.Key(wanted)}=<SQL expression of {wanted.Name}> (\"conversions\" in a request)"
                );
            }
        }
        return plan.WithUnsupported(refused);
    }
}
