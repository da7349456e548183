namespace Infra.Contract;

/// <summary>
/// What the constructs and the migration function package (lambda-src/MigrationFunction) must agree on, defined once
/// in the contract assembly both reference (internal, visible to the two of them), so a name cannot change on one
/// side only. <c>FunctionContractTests</c> checks that each handler names a real method and that the
/// environment a construct writes is what the function reads.
/// </summary>
internal static class FunctionContract
{
    /// <summary>The schema-sync function that plans and applies (the production job's).</summary>
    public const string ApplyHandler = "MigrationFunction::MigrationFunction.Handling.Handler::Handle";

    /// <summary>The plan-only function (pull requests, the plan job).</summary>
    public const string PlanHandler = "MigrationFunction::MigrationFunction.Handling.PlanOnlyHandler::Handle";

    /// <summary>The deploy-time user bootstrap (a custom resource's service token).</summary>
    public const string BootstrapHandler = "MigrationFunction::MigrationFunction.Bootstrap.BootstrapHandler::Handle";

    /// <summary>Where applied revisions are kept in the revisions bucket.</summary>
    public const string RevisionsPrefix = "revisions/";

    /// <summary>
    /// A database name the user script may be written for: a plain lower-case identifier (it is substituted into the SQL).
    /// </summary>
    public const string DatabaseNamePattern = "^[a-z][a-z0-9_]{0,62}$";

    /// <summary>The custom resource type of the user bootstrap.</summary>
    public const string BootstrapResourceType = "Custom::DatabaseUsers";
}

/// <summary>The migration functions' environment variables (set by SchemaMigrationFunction, read by FunctionSettings).</summary>
internal static class FunctionEnvironment
{
    public const string SourceHost = "SOURCE_DB_HOST";
    public const string SourcePort = "SOURCE_DB_PORT";
    public const string SourceName = "SOURCE_DB_NAME";
    public const string TargetHost = "TARGET_DB_HOST";
    public const string TargetPort = "TARGET_DB_PORT";
    public const string TargetName = "TARGET_DB_NAME";
    public const string User = "DB_USER";

    /// <summary>The user the functions read the source (DEV) as: read access suffices, so not the applying user.</summary>
    public const string SourceUser = "SOURCE_DB_USER";
    public const string ApplyUser = "APPLY_DB_USER";
    public const string RevisionsBucket = "REVISIONS_BUCKET";
    public const string RevisionsPrefix = "REVISIONS_PREFIX";

    /// <summary>The user bootstrap's: seconds it may work before it must answer CloudFormation (less than its Lambda timeout).</summary>
    public const string ResponseDeadlineSeconds = "RESPONSE_DEADLINE_SECONDS";
}

/// <summary>The user bootstrap custom resource's properties (set by DatabaseUsersBootstrap, read by BootstrapHandler).</summary>
internal static class BootstrapProperties
{
    public const string Host = "Host";
    public const string Port = "Port";
    public const string DatabaseName = "DatabaseName";
    public const string MasterUser = "MasterUser";
    public const string ScriptHash = "ScriptHash";
    public const string Package = "Package";
}
