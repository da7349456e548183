using System.Text.Json;
using Amazon.CDK;
using Infra.App.Config;
using Infra.App.Stacks;

// Configuration errors end the app with one line naming the key and the bad value, never a stack trace.
try
{
    // The function package's inputs are asked of MSBuild (a process of its own) while the jsii runtime starts below.
    var package = InfraApp.MigrationFunctionPackage(RepositoryRoot());
    var app = new Amazon.CDK.App();
    // -c configFile=<path> synthesizes another configuration (for example examples/dev-on-lambda.json) instead of cdk.json's.
    var config = ConfigBinder.Bind(
        app.Node.TryGetContext("configFile") is string file ? File.ReadAllText(file) : ReadContextJson(app, ConfigBinder.ContextKey)
    );
    AvailabilityZoneContext.Require(config, app.Node.TryGetContext);
    var selected = EnvironmentSelection.Select(config, app.Node.TryGetContext(EnvironmentSelection.ContextKey)?.ToString());
    InfraApp.Compose(app, config, selected, package);
    app.Synth();
    return 0;
}
catch (ConfigException e)
{
    Console.Error.WriteLine($"Invalid configuration: {e.Message}");
    return 1;
}
catch (ConfigProblemsException e)
{
    // One line per problem, every independent one found in this synth.
    foreach (var problem in e.Problems)
        Console.Error.WriteLine($"Invalid configuration: {problem.Message}");
    return 1;
}

// The CDK CLI runs the app from the folder holding cdk.json; tests run it from below it.
static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Infra.sln")))
            return dir.FullName;
    }
    return Directory.GetCurrentDirectory();
}

// jsii hands context values over as dictionaries and lists; JSON is the one shape the binder reads.
static string ReadContextJson(Amazon.CDK.App app, string key) =>
    app.Node.TryGetContext(key) is { } value
        ? JsonSerializer.Serialize(value)
        : throw new ConfigException(key, "missing from the cdk.json context");
