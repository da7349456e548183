using Amazon.CDK;
using Infra.App.Config;

namespace Infra.App.Stacks;

/// <summary>Composes the stacks for a configuration: one shared stack, one stack per selected environment.</summary>
public static class InfraApp
{
    /// <summary>Adds the shared stack and the <paramref name="selected"/> environments' stacks to <paramref name="app"/>.</summary>
    public static (SharedStack Shared, IReadOnlyList<EnvironmentStack> Environments) Compose(Amazon.CDK.App app, InfraConfig config, IReadOnlyList<EnvironmentConfig> selected)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(selected);
        var awsEnvironment = new Amazon.CDK.Environment { Account = config.Account, Region = config.Region };

        var shared = new SharedStack(app, SharedStackName(config), config, new StackProps
        {
            StackName = SharedStackName(config),
            Env = awsEnvironment,
            Description = $"{config.Project}: account-level network shared by every environment",
            // The shared VPC carries production's database; protect it whenever any environment is protected.
            TerminationProtection = config.Environments.Any(e => e.TerminationProtection),
        });
        Tags.Of(shared).Add("project", config.Project);
        Tags.Of(shared).Add("environment", "shared");

        var stacks = selected.Select(environment =>
        {
            var name = EnvironmentStackName(config, environment);
            var stack = new EnvironmentStack(app, name, environment, shared, new StackProps
            {
                StackName = name,
                Env = awsEnvironment,
                Description = $"{config.Project}: the {environment.Name} environment",
                TerminationProtection = environment.TerminationProtection,
            });
            Tags.Of(stack).Add("project", config.Project);
            Tags.Of(stack).Add("environment", environment.Name);
            return stack;
        }).ToList();
        return (shared, stacks);
    }

    /// <summary>Name (and construct id) of the shared stack.</summary>
    public static string SharedStackName(InfraConfig config) => $"{config.Project}-shared";

    /// <summary>Name (and construct id) of an environment's stack.</summary>
    public static string EnvironmentStackName(InfraConfig config, EnvironmentConfig environment) => $"{config.Project}-{environment.Name}";
}
