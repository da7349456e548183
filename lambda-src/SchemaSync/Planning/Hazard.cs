namespace SchemaSync.Planning;

/// <summary>What a statement may do to a live database. Apply refuses any hazard the request does not allow.</summary>
public enum Hazard
{
    /// <summary>Drops a table, column, schema, sequence, type or enum value, or converts data lossily: rows or values are gone.</summary>
    DeletesData,

    /// <summary>Rewrites every row of a table (type change, SET LOGGED) under an ACCESS EXCLUSIVE lock: reads and writes wait.</summary>
    RewritesTable,

    /// <summary>Takes an ACCESS EXCLUSIVE lock on an existing table: even reads wait for it (bounded by lock_timeout).</summary>
    AcquiresAccessExclusiveLock,

    /// <summary>Reads a whole table under lock to check existing rows (SET NOT NULL, VALIDATE CONSTRAINT); fails if a row violates it.</summary>
    ValidatesData,

    /// <summary>Builds an index on an existing table; writes are blocked unless it is built CONCURRENTLY.</summary>
    IndexBuild,

    /// <summary>Drops an index: queries that used it slow down.</summary>
    IndexDropped,

    /// <summary>Replaces code the application runs (function, trigger, policy): behaviour changes at commit.</summary>
    ChangesBehaviour,
}
