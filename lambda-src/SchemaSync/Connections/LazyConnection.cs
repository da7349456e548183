using System.Data;
using Npgsql;

namespace SchemaSync.Connections;

/// <summary>
/// Opening a connection costs a server process and a round of authentication; the plan checks that may need one
/// (a removed enum label, a type change) take it closed and open it only when a plan gives them something to ask.
/// </summary>
public static class LazyConnection
{
    /// <summary>Opens <paramref name="connection"/> unless it is open already.</summary>
    public static async Task OpenWhenClosedAsync(this NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State == ConnectionState.Closed)
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
    }
}
