namespace MigrationFunction.Database;

/// <summary>Where and as whom the function connects: host, port, database and the IAM database user.</summary>
public sealed record DatabaseEndpoint(string Host, int Port, string Database, string User);
