using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.Lambda;
using Infra.Constructs.Database;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Database;

public class DatabaseUsersBootstrapTests
{
    private static Template Synth(string codeKey = "migration.zip")
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network");
        var database = new PostgresDatabase(
            stack,
            "Database",
            new PostgresDatabaseProps { Vpc = network.Vpc, Subnets = network.PrivateSubnets }
        );
        _ = new DatabaseUsersBootstrap(
            stack,
            "Users",
            new DatabaseUsersBootstrapProps
            {
                Database = database,
                Vpc = network.Vpc,
                Subnets = network.PrivateSubnets,
                // Stands in for the published lambda-src/MigrationFunction package.
                Code = Code.FromBucket(Amazon.CDK.AWS.S3.Bucket.FromBucketName(stack, "CodeBucket", "stand-in-code"), codeKey),
            }
        );
        return Template.FromStack(stack);
    }

    [Fact]
    public void Runs_the_bootstrap_handler_as_a_custom_resource_with_the_database_coordinates()
    {
        var template = Synth();

        var resource = Assert.Single(template.Resources("Custom::DatabaseUsers").Values).Properties().ToJson();
        Assert.Equal("dbadmin", resource.GetProperty("MasterUser").GetString());
        Assert.Equal("app", resource.GetProperty("DatabaseName").GetString());
        Assert.Equal("5432", resource.GetProperty("Port").GetString());
        Assert.Equal(16, resource.GetProperty("ScriptHash").GetString()!.Length);
        Assert.Contains("Fn::GetAtt", resource.GetProperty("Host").ToString(), StringComparison.Ordinal);
        template.HasResourceProperties(
            "AWS::Lambda::Function",
            new Dictionary<string, object>
            {
                ["Handler"] = "MigrationFunction::MigrationFunction.Bootstrap.BootstrapHandler::Handle",
                ["Runtime"] = "dotnet10",
            }
        );
    }

    [Fact]
    public void A_new_runner_package_runs_the_script_again_and_the_function_runs_that_package()
    {
        static (string Package, string FunctionKey) Read(Template template)
        {
            var resource = Assert.Single(template.Resources("Custom::DatabaseUsers").Values).Properties().ToJson();
            var function = Assert.Single(template.Resources("AWS::Lambda::Function").Values).Properties().ToJson();
            return (resource.GetProperty("Package").GetString()!, function.GetProperty("Code").GetProperty("S3Key").GetString()!);
        }

        var before = Read(Synth("migration-1.zip"));
        var after = Read(Synth("migration-2.zip"));

        // The same package the function runs is what the custom resource names: a new one changes both.
        Assert.Equal(before.FunctionKey, before.Package);
        Assert.Equal(after.FunctionKey, after.Package);
        Assert.NotEqual(before.Package, after.Package);
    }

    [Fact]
    public void Connects_only_as_the_master_user_and_reaches_only_the_database_and_https()
    {
        var template = Synth();

        var policy = template
            .Resources("AWS::IAM::Policy")
            .Single(p => p.Key.StartsWith("UsersRole", StringComparison.Ordinal))
            .Value.Properties()
            .ToJson()
            .ToString();
        Assert.Contains("rds-db:connect", policy, StringComparison.Ordinal);
        Assert.Contains("/dbadmin", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("/app\"", policy, StringComparison.Ordinal);
        var egress = Assert.Single(template.Resources("AWS::EC2::SecurityGroupEgress").Values).Properties().ToJson();
        Assert.Equal(5432, egress.GetProperty("FromPort").GetInt32());
        var group = template
            .Resources("AWS::EC2::SecurityGroup")
            .Single(g => g.Key.StartsWith("UsersSecurityGroup", StringComparison.Ordinal))
            .Value.Properties()
            .ToJson();
        Assert.Equal(443, Assert.Single(group.GetProperty("SecurityGroupEgress").EnumerateArray()).GetProperty("FromPort").GetInt32());
    }
}
