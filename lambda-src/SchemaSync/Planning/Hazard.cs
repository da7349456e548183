namespace SchemaSync.Planning;

/// <summary>What a statement may do to a live database. Apply refuses any hazard the request does not allow.</summary>
public enum Hazard
{
    /// <summary>Drops a table, column, schema, type or enum value (rows or values are gone), or a standalone sequence (its current value is
    /// gone).</summary>
    DeletesData,

    /// <summary>Rewrites every row of a table (type change, SET LOGGED, a column filled per row) under an ACCESS EXCLUSIVE lock: reads and
    /// writes wait.</summary>
    RewritesTable,

    /// <summary>Converts existing values to a type that may reject them or hold less: the apply fails (and rolls back) if a value does not
    /// convert; text longer than a new limit is cut, a timestamp's time of day is dropped, numbers are rounded.</summary>
    LossyConversion,

    /// <summary>Gives existing rows a value nobody chose: the type's zero value for a NOT NULL column added without a default or a
    /// backfill, or the source's default for rows holding NULL in a column that becomes NOT NULL.</summary>
    InventsValues,

    /// <summary>Takes an ACCESS EXCLUSIVE lock on an existing table: even reads wait for it (bounded by lock_timeout).</summary>
    AcquiresAccessExclusiveLock,

    /// <summary>Reads a whole table under lock to check existing rows (SET NOT NULL, VALIDATE CONSTRAINT); fails if a row violates
    /// it.</summary>
    ValidatesData,

    /// <summary>Builds an index on an existing table; writes are blocked unless it is built CONCURRENTLY.</summary>
    IndexBuild,

    /// <summary>Drops an index: queries that used it slow down.</summary>
    IndexDropped,

    /// <summary>Replaces code the application runs (function, trigger, policy): behaviour changes at commit.</summary>
    ChangesBehaviour,
}
