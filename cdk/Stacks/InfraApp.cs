using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Infra.App.Config;
using Infra.Constructs.Bundling;
using Infra.Constructs.Validation;

namespace Infra.App.Stacks;

/// <summary>Composes the stacks for a configuration: one shared stack, one stack per selected environment.</summary>
public static class InfraApp
{
    /// <summary>
    /// Adds the shared stack and the <paramref name="selected"/> environments' stacks to <paramref name="app"/>; a
    /// selected migration target brings its source environment along. <paramref name="repositoryRoot"/> locates the
    /// migration function's project.
    /// </summary>
    public static (SharedStack Shared, IReadOnlyList<EnvironmentStack> Environments) Compose(
        Amazon.CDK.App app,
        InfraConfig config,
        IReadOnlyList<EnvironmentConfig> selected,
        string repositoryRoot
    ) => Compose(app, config, selected, MigrationFunctionPackage(repositoryRoot));

    /// <summary>
    /// As above, with the migration function's <paramref name="package"/> already asked for
    /// (<see cref="MigrationFunctionPackage"/>: its hash is computed in the background meanwhile).
    /// </summary>
    public static (SharedStack Shared, IReadOnlyList<EnvironmentStack> Environments) Compose(
        Amazon.CDK.App app,
        InfraConfig config,
        IReadOnlyList<EnvironmentConfig> selected,
        DotNetPackage package
    )
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(selected);
        var awsEnvironment = new Amazon.CDK.Environment { Account = config.Account, Region = config.Region };

        var shared = new SharedStack(
            app,
            SharedStackName(config),
            config,
            new StackProps
            {
                StackName = SharedStackName(config),
                Env = awsEnvironment,
                Description = $"{config.Project}: account-level network shared by every environment",
                // The shared VPC carries production's database; protect it whenever any environment is protected.
                TerminationProtection = config.Environments.Any(e => e.TerminationProtection),
                // The VPC and the CI roles carry production: only approved production jobs may change them.
                Synthesizer = config.TrustLevels.Production.Synthesizer(),
            }
        );
        config.TrustLevels.Production.Apply(shared);
        Tags.Of(shared).Add("project", config.Project);
        Tags.Of(shared).Add(EnvironmentStack.EnvironmentTag, "shared");

        var names = selected.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (config.Migration is { } migration && names.Contains(migration.Target))
            names.Add(migration.Source);
        // Config order, but a migration's source before its target.
        var ordered = config
            .Environments.Where(e => names.Contains(e.Name))
            .OrderBy(e => e.Name == config.Migration?.Target ? 1 : 0)
            .ToList();

        // The package's hash is asked of MSBuild once; each stack gets its own asset of it.
        var stacks = ordered
            .Select(environment =>
            {
                var name = EnvironmentStackName(config, environment);
                var stack = new EnvironmentStack(
                    app,
                    name,
                    environment,
                    shared,
                    package.Code(),
                    new StackProps
                    {
                        StackName = name,
                        Env = awsEnvironment,
                        Description = $"{config.Project}: the {environment.Name} environment",
                        TerminationProtection = environment.TerminationProtection,
                        Synthesizer = config.LevelOf(environment).Synthesizer(),
                    }
                );
                config.LevelOf(environment).Apply(stack);
                Tags.Of(stack).Add("project", config.Project);
                Tags.Of(stack).Add(EnvironmentStack.EnvironmentTag, environment.Name);
                return stack;
            })
            .ToList();

        if (config.Migration is { } sync && stacks.FirstOrDefault(s => s.Config.Name == sync.Target) is { } target)
        {
            var source = stacks.Single(s => s.Config.Name == sync.Source);
            target.AddSchemaMigration(source, shared, package.Code(), sync);
        }
        // Once every resource exists: the compliance waivers that hold for a whole resource type.
        foreach (var stack in stacks.Prepend<Stack>(shared))
            ComplianceWaivers.ApplyTo(stack);
        return (shared, stacks);
    }

    /// <summary>
    /// The lambda-src/MigrationFunction package (migration function and user bootstrap runner), published at synth
    /// with the local SDK. One asset per stack (an asset belongs to one stack); equal hashes bundle once.
    /// </summary>
    public static DotNetPackage MigrationFunctionPackage(string repositoryRoot) =>
        DotNetCode.Package(
            new DotNetCodeProps
            {
                ProjectFile = Path.Combine(repositoryRoot, "lambda-src", "MigrationFunction", "MigrationFunction.csproj"),
                SourceDirectory = Path.Combine(repositoryRoot, "lambda-src"),
            }
        );

    /// <summary>Name (and construct id) of the shared stack.</summary>
    public static string SharedStackName(InfraConfig config) => $"{config.Project}-shared";

    /// <summary>Name (and construct id) of an environment's stack.</summary>
    public static string EnvironmentStackName(InfraConfig config, EnvironmentConfig environment) => $"{config.Project}-{environment.Name}";
}
