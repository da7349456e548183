using System.Reflection;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.Lambda;
using Infra.Constructs.Database;
using Infra.Constructs.Migration;
using MigrationFunction.Handling;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace MigrationFunction.Tests.Contract;

/// <summary>
/// The constructs and the function package against each other: what a synthesized template tells Lambda and
/// CloudFormation (handlers, environment, custom-resource properties) is what the package has and reads.
/// </summary>
public sealed class FunctionContractTests
{
    private static Template Synth()
    {
        var app = new App(
            new AppProps { Context = new Dictionary<string, object> { ["aws:cdk:bundling-stacks"] = Array.Empty<string>() } }
        );
        var stack = new Stack(
            app,
            "Contract",
            new StackProps
            {
                Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-2" },
            }
        );
        var network = new NetworkConstruct(stack, "Network");
        PostgresDatabase Db(string id) => new(stack, id, new PostgresDatabaseProps { Vpc = network.Vpc, Subnets = network.PrivateSubnets });
        // Stands in for the published package: only the template's side of the contract is read here.
        var code = Code.FromBucket(Amazon.CDK.AWS.S3.Bucket.FromBucketName(stack, "CodeBucket", "stand-in-code"), "migration.zip");
        var prod = Db("Prod");
        _ = new SchemaMigrationFunction(
            stack,
            "Migration",
            new SchemaMigrationFunctionProps
            {
                Vpc = network.Vpc,
                Subnets = network.PrivateSubnets,
                Source = Db("Dev"),
                Target = prod,
                Code = code,
            }
        );
        _ = new DatabaseUsersBootstrap(
            stack,
            "Users",
            new DatabaseUsersBootstrapProps
            {
                Database = prod,
                Vpc = network.Vpc,
                Subnets = network.PrivateSubnets,
                Code = code,
            }
        );
        return Template.FromStack(stack);
    }

    private static IEnumerable<JsonElement> Functions(Template template) =>
        template.FindResources("AWS::Lambda::Function").Values.Select(f => JsonSerializer.SerializeToElement(f).GetProperty("Properties"));

    [Fact]
    public void Every_handler_a_template_names_is_a_public_method_lambda_can_call_in_the_package()
    {
        var handlers = Functions(Synth()).Select(f => f.GetProperty("Handler").GetString()!).ToList();
        Assert.Equal(3, handlers.Count);
        foreach (var handler in handlers)
        {
            var parts = handler.Split("::");
            Assert.Equal(typeof(FunctionSettings).Assembly.GetName().Name, parts[0]);
            var type = typeof(FunctionSettings).Assembly.GetType(parts[1]);
            Assert.True(type is { IsPublic: true }, $"{handler}: no public type {parts[1]} in the package");
            Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
            var method = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance);
            Assert.True(
                method is not null && method.ReturnType == typeof(Task<Stream>),
                $"{handler}: no public Task<Stream> {parts[2]}(Stream)"
            );
        }
    }

    [Fact]
    public void The_environment_a_construct_writes_is_the_one_the_function_reads()
    {
        foreach (
            var function in Functions(Synth())
                .Where(f => f.GetProperty("Handler").GetString()!.Contains(".Handling.", StringComparison.Ordinal))
        )
        {
            var variables = function
                .GetProperty("Environment")
                .GetProperty("Variables")
                .EnumerateObject()
                // A token (a database endpoint, the bucket name) is resolved by CloudFormation; any string stands for it.
                .ToDictionary(v => v.Name, v => v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : $"resolved-{v.Name}");
            variables["AWS_REGION"] = "eu-west-2"; // Lambda's own

            var settings = FunctionSettings.FromEnvironment(name => variables.GetValueOrDefault(name));

            Assert.Equal(5432, settings.Target.Port);
            Assert.Equal(SchemaMigrationFunction.RevisionsPrefix, settings.Prefix);
            Assert.Equal("schema_sync", settings.ApplyUser);
            // Both functions only read the source: they sign in to DEV as the read-only user, never as the applying one.
            Assert.Equal("schema_plan", settings.Source.User);
        }
    }

    [Fact]
    public void The_bootstrap_resource_carries_every_property_the_runner_requires()
    {
        var resource = Assert.Single(Synth().FindResources(Infra.Contract.FunctionContract.BootstrapResourceType).Values);
        var properties = JsonSerializer.SerializeToElement(resource).GetProperty("Properties");
        foreach (
            var required in new[]
            {
                Infra.Contract.BootstrapProperties.Host,
                Infra.Contract.BootstrapProperties.Port,
                Infra.Contract.BootstrapProperties.DatabaseName,
                Infra.Contract.BootstrapProperties.MasterUser,
            }
        )
            Assert.True(properties.TryGetProperty(required, out _), $"the custom resource has no {required}");
        var runner = Assert.Single(Functions(Synth()), f =>
            f.GetProperty("Handler").GetString() == Infra.Contract.FunctionContract.BootstrapHandler
        );
        var deadline = int.Parse(
            runner
                .GetProperty("Environment")
                .GetProperty("Variables")
                .GetProperty(Infra.Contract.FunctionEnvironment.ResponseDeadlineSeconds)
                .GetString()!,
            System.Globalization.CultureInfo.InvariantCulture
        );
        Assert.True(deadline < runner.GetProperty("Timeout").GetInt32(), "the runner must answer before Lambda stops it");
    }
}
