using System.Globalization;
using Npgsql;
using SchemaSync.Connections;
using SchemaSync.Diffing;
using SchemaSync.Inspection;
using SchemaSync.Model;
using SchemaSync.Planning;

namespace SchemaSync.Applying;

/// <summary>
/// Applies a plan to the target with the engine's safety: refused hazards stop it before anything runs; a session
/// advisory lock keeps two applies apart; the target's schema hash must still be the plan's; every transactional
/// statement runs in one transaction under lock and statement timeouts; afterwards the target is inspected again
/// and must equal the source, else everything rolls back. CONCURRENTLY statements run after the commit.
/// </summary>
public static class PlanApplier
{
    /// <summary>Advisory lock key: "schema_sync" as a 64-bit number, the same for every apply on any database.</summary>
    public const long AdvisoryLockKey = 0x736368656d615f73;

    /// <summary>Hazards of <paramref name="plan"/> that <paramref name="allowed"/> does not cover, with the statements that carry
    /// them.</summary>
    public static IReadOnlyList<(PlannedStatement Statement, IReadOnlyList<Hazard> Disallowed)> RefusedStatements(
        Plan plan,
        IReadOnlyCollection<Hazard> allowed
    )
    {
        ArgumentNullException.ThrowIfNull(plan);
        return
        [
            .. plan
                .Statements.Select(s => (Statement: s, Disallowed: (IReadOnlyList<Hazard>)[.. s.Hazards.Where(h => !allowed.Contains(h))]))
                .Where(x => x.Disallowed.Count > 0),
        ];
    }

    /// <summary>Applies <paramref name="plan"/> (made from <paramref name="source"/>) to the database of <paramref
    /// name="targetConnectionString"/>.</summary>
    public static async Task<ApplyResult> ApplyAsync(
        string targetConnectionString,
        DatabaseModel source,
        Plan plan,
        ApplyOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        await using var dataSource = NpgsqlDataSource.Create(targetConnectionString);
        return await ApplyAsync(dataSource, source, plan, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies <paramref name="plan"/> through <paramref name="target"/> (which may supply a fresh password, such as an IAM token,
    /// per connection).</summary>
    public static async Task<ApplyResult> ApplyAsync(
        NpgsqlDataSource target,
        DatabaseModel source,
        Plan plan,
        ApplyOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new ApplyOptions();
        if (plan.Unsupported.Count > 0)
            return new(
                ApplyOutcome.Refused,
                "the plan contains changes that cannot be made safely: " + string.Join("; ", plan.Unsupported),
                [],
                null
            );
        var refused = RefusedStatements(plan, options.AllowedHazards);
        if (refused.Count > 0)
        {
            var lines = refused.Select(r => $"[{string.Join(", ", r.Disallowed)}] {FirstLine(r.Statement.Sql)}");
            // Which flag accepts them, so a reviewer who agrees knows what to pass.
            var toAllow = refused.SelectMany(r => r.Disallowed).Distinct().Order().Select(h => h.ToString()).ToList();
            return new(
                ApplyOutcome.Refused,
                $"{refused.Count} statement(s) carry hazards not allowed:\n"
                    + string.Join('\n', lines)
                    + $"\nto apply them, allow {string.Join(", ", toAllow)} (schema-sync: "
                    + string.Join(" ", toAllow.Select(h => $"--allow-hazard {h}"))
                    + "; the function: allowHazards)",
                [],
                null
            );
        }
        if (plan.IsEmpty)
            return new(ApplyOutcome.NoChanges, "the target already matches the source", [], plan.TargetHash);

        await using var connection = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (
            !await ScalarAsync<bool>(connection, null, $"SELECT pg_try_advisory_lock({AdvisoryLockKey})", cancellationToken)
                .ConfigureAwait(false)
        )
            return new(ApplyOutcome.Busy, "another schema-sync apply holds the lock on this database; nothing was changed", [], null);
        try
        {
            var committed = await ApplyTransactionAsync(connection, source, plan, options, cancellationToken).ConfigureAwait(false);
            if (committed.Outcome != ApplyOutcome.Applied)
                return committed;
            return await ApplyConcurrentAsync(connection, plan, committed, options, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (connection.State != System.Data.ConnectionState.Open)
        {
            // The server ended the session (a bound of SessionBounds, a restart) or the network did: an open transaction
            // is rolled back with it, but a loss while COMMIT was in flight leaves its outcome unknown to this side.
            return new(
                ApplyOutcome.Failed,
                $"the connection to the target ended during the apply ({e.Message}); PostgreSQL rolled back the open "
                    + "transaction unless the loss came during its commit: plan again to see where the target stands",
                [],
                null
            );
        }
        finally
        {
            // A session that ended took its advisory lock with it.
            if (connection.State == System.Data.ConnectionState.Open)
                await ScalarAsync<bool>(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None)
                    .ConfigureAwait(false);
        }
    }

    private static async Task<ApplyResult> ApplyTransactionAsync(
        NpgsqlConnection connection,
        DatabaseModel source,
        Plan plan,
        ApplyOptions options,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
                connection,
                transaction,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"SET LOCAL lock_timeout = {(long)options.LockTimeout.TotalMilliseconds}; SET LOCAL statement_timeout = "
                        + $"{(long)options.StatementTimeout.TotalMilliseconds}; SET LOCAL check_function_bodies = off; "
                        // A client that freezes between statements must not keep PROD's locks: unless the connection
                        // carries its own bound (SessionBounds), the session ends after the engine's.
                        + $"SELECT set_config('idle_in_transaction_session_timeout', "
                        + $"'{(long)SessionBounds.IdleInTransaction.TotalMilliseconds}', true) "
                        + $"WHERE current_setting('idle_in_transaction_session_timeout') = '0'"
                ),
                options,
                cancellationToken
            )
            .ConfigureAwait(false);

        var before = await CatalogInspector.InspectAsync(connection, options.Inspection, cancellationToken).ConfigureAwait(false);
        // Each model is hashed once (HashAsync keeps the task): the hashes serialize whole models.
        var beforeHash = await before.HashAsync().ConfigureAwait(false);
        if (beforeHash != plan.TargetHash)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new(
                ApplyOutcome.TargetDrifted,
                $"the target's schema changed since the plan was made (hash {beforeHash[..12]}, planned against "
                    + $"{plan.TargetHash[..12]}); plan again",
                [],
                null
            );
        }

        var transactional = plan.Statements.Where(s => s.Transactional).ToList();
        for (var i = 0; i < transactional.Count; i++)
        {
            try
            {
                await ExecuteAsync(connection, transaction, transactional[i].Sql, options, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                return new(
                    ApplyOutcome.Failed,
                    $"statement {i + 1} of {transactional.Count} failed ({e.SqlState}: {e.MessageText}); rolled back, the target is "
                        + $"unchanged: {FirstLine(transactional[i].Sql)}",
                    [],
                    null
                );
            }
        }

        // Proof: planning again from the changed target must leave exactly the statements deferred past the commit.
        var after = await CatalogInspector.InspectAsync(connection, options.Inspection, cancellationToken).ConfigureAwait(false);
        // Hints, backfills and conversions are spent: the renamed, backfilled and converted objects now exist.
        var remaining = Planner.Create(
            source,
            after,
            options.Plan with
            {
                Renames = new Dictionary<string, string>(),
                Backfills = new Dictionary<string, string>(),
                Conversions = new Dictionary<string, string>(),
            }
        );
        var deferred = plan.Statements.Where(s => !s.Transactional).Select(s => ToPlainIndex(s.Sql));
        if (
            remaining.Unsupported.Count > 0
            || !remaining.Statements.Select(s => ToPlainIndex(s.Sql)).SequenceEqual(deferred, StringComparer.Ordinal)
        )
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            var differences = string.Join('\n', remaining.Statements.Select(s => FirstLine(s.Sql)).Concat(remaining.Unsupported).Take(10));
            return new(
                ApplyOutcome.Failed,
                "verification failed: after the plan the target still differs from the source in "
                    + $"{remaining.Statements.Count + remaining.Unsupported.Count} way(s); rolled back, the target is "
                    + $"unchanged:\n{differences}",
                [],
                null
            );
        }
        // And the hashes must agree (when nothing waits for after the commit): a difference no planner sees still counts.
        if (!deferred.Any() && await after.HashAsync().ConfigureAwait(false) != await source.HashAsync().ConfigureAwait(false))
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            var differences = ModelDiff.Differences(source, after);
            return new(
                ApplyOutcome.Failed,
                "verification failed: after the plan the target's schema hash is not the source's; rolled back, the target is "
                    + $"unchanged. Still different:\n{string.Join('\n', differences.Take(10))}",
                [],
                null
            );
        }

        if (options.BeforeCommit is { } beforeCommit)
        {
            try
            {
                await beforeCommit(connection, transaction, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                return new(
                    ApplyOutcome.Failed,
                    $"recording the revision failed ({e.Message}); rolled back, the target is unchanged",
                    [],
                    null
                );
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new(
            ApplyOutcome.Applied,
            $"applied {transactional.Count} statement(s) in one transaction",
            transactional,
            await after.HashAsync().ConfigureAwait(false),
            after
        );
    }

    private static async Task<ApplyResult> ApplyConcurrentAsync(
        NpgsqlConnection connection,
        Plan plan,
        ApplyResult committed,
        ApplyOptions options,
        CancellationToken cancellationToken
    )
    {
        var applied = committed.Applied.ToList();
        var invalidBefore = await InvalidIndexesAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var statement in plan.Statements.Where(s => !s.Transactional))
        {
            try
            {
                await ExecuteAsync(
                        connection,
                        null,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"SET lock_timeout = {(long)options.LockTimeout.TotalMilliseconds}; SET statement_timeout = "
                                + $"{(long)options.StatementTimeout.TotalMilliseconds}"
                        ),
                        options,
                        cancellationToken
                    )
                    .ConfigureAwait(false);
                await ExecuteAsync(connection, null, statement.Sql, options, cancellationToken).ConfigureAwait(false);
                applied.Add(statement);
            }
            catch (PostgresException e)
            {
                // A failed concurrent build leaves an INVALID index behind: remove it so the schema stays as committed.
                var cleanup = await DropInvalidIndexesAsync(connection, invalidBefore, options, cancellationToken).ConfigureAwait(false);
                return new(
                    ApplyOutcome.PartiallyApplied,
                    $"committed {committed.Applied.Count} statement(s); then {FirstLine(statement.Sql)} failed ({e.SqlState}: "
                        + $"{e.MessageText}); {cleanup}; {applied.Count - committed.Applied.Count} concurrent statement(s) had succeeded "
                        + "before it",
                    applied,
                    null
                );
            }
        }
        var after = await CatalogInspector.InspectAsync(connection, options.Inspection, cancellationToken).ConfigureAwait(false);
        return committed with
        {
            Applied = applied,
            TargetHashAfter = await after.HashAsync().ConfigureAwait(false),
            TargetAfter = after,
            Message = $"applied {applied.Count} statement(s)",
        };
    }

    private static string ToPlainIndex(string sql) => sql.Replace(" INDEX CONCURRENTLY ", " INDEX ", StringComparison.Ordinal);

    /// <summary>Every invalid index in the database, qualified and quoted as SQL names.</summary>
    private static async Task<IReadOnlySet<string>> InvalidIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid",
            connection
        );
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>Drops the invalid indexes a failed concurrent statement left (those not in <paramref name="before"/>).</summary>
    private static async Task<string> DropInvalidIndexesAsync(
        NpgsqlConnection connection,
        IReadOnlySet<string> before,
        ApplyOptions options,
        CancellationToken cancellationToken
    )
    {
        var left = (await InvalidIndexesAsync(connection, cancellationToken).ConfigureAwait(false))
            .Except(before)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var index in left)
            await ExecuteAsync(connection, null, $"DROP INDEX CONCURRENTLY IF EXISTS {index}", options, cancellationToken)
                .ConfigureAwait(false);
        return left.Count == 0 ? "no index to clean up" : $"dropped the invalid index {string.Join(", ", left)} it left";
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        ApplyOptions options,
        CancellationToken cancellationToken
    )
    {
        var clientTimeout = options.StatementTimeout + ClientTimeoutMargin;
        // The server ends a statement at statement_timeout; the client stops waiting a little later (a server gone silent).
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = (int)clientTimeout.TotalSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ScalarAsync<T>(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>How much longer than statement_timeout the client waits for a statement (a server gone silent).</summary>
    private static readonly TimeSpan ClientTimeoutMargin = TimeSpan.FromSeconds(30);

    private static string FirstLine(string sql) => sql.Split('\n')[0];
}
