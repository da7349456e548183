using System.Text.Json;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Infra.Constructs.Database;
using Infra.Constructs.Migration;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Migration;

public class SchemaMigrationFunctionTests
{
    private static (Template Template, SchemaMigrationFunction Function) Synth(
        Func<SchemaMigrationFunctionProps, SchemaMigrationFunctionProps>? adjust = null,
        Action<Amazon.CDK.Stack, SchemaMigrationFunction>? more = null
    )
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network");
        PostgresDatabase Db(string id) => new(stack, id, new PostgresDatabaseProps { Vpc = network.Vpc, Subnets = network.PrivateSubnets });
        var props = new SchemaMigrationFunctionProps
        {
            Vpc = network.Vpc,
            Subnets = network.PrivateSubnets,
            Source = Db("Dev"),
            Target = Db("Prod"),
            // Stands in for the published .NET package (DotNetCode is tested on its own).
            Code = Code.FromBucket(Amazon.CDK.AWS.S3.Bucket.FromBucketName(stack, "CodeBucket", "stand-in-code"), "migration.zip"),
        };
        var function = new SchemaMigrationFunction(stack, "Migration", adjust?.Invoke(props) ?? props);
        more?.Invoke(stack, function);
        return (Template.FromStack(stack), function);
    }

    private static JsonElement Single(Template template, string type) =>
        Assert.Single(template.Resources(type).Values).Properties().ToJson();

    private static JsonElement FunctionWithHandler(Template template, string handler) =>
        Assert.Single(template.Resources("AWS::Lambda::Function").Values.Select(f => f.Properties().ToJson()), f =>
            f.GetProperty("Handler").GetString() == handler
        );

    [Fact]
    public void Runs_dotnet10_on_arm64_in_private_subnets_with_one_reserved_execution_and_no_retries()
    {
        var (template, _) = Synth();

        var function = FunctionWithHandler(template, SchemaMigrationFunction.ApplyHandler);
        Assert.Equal("dotnet10", function.GetProperty("Runtime").GetString());
        Assert.Equal("arm64", function.GetProperty("Architectures")[0].GetString());
        Assert.Equal("MigrationFunction::MigrationFunction.Handling.Handler::Handle", function.GetProperty("Handler").GetString());
        Assert.Equal(1, function.GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Equal(900, function.GetProperty("Timeout").GetInt32());
        Assert.All(function.GetProperty("VpcConfig").GetProperty("SubnetIds").EnumerateArray(), s =>
            Assert.Contains("Private", s.GetProperty("Ref").GetString(), StringComparison.Ordinal)
        );
        Assert.All(template.Resources("AWS::Lambda::EventInvokeConfig").Values, c =>
            Assert.Equal(0, c.Properties().ToJson().GetProperty("MaximumRetryAttempts").GetInt32())
        );
        var environment = function.GetProperty("Environment").GetProperty("Variables");
        Assert.Equal("schema_sync", environment.GetProperty("DB_USER").GetString());
        Assert.Equal("revisions/", environment.GetProperty("REVISIONS_PREFIX").GetString());
    }

    [Fact]
    public void Reaches_only_both_databases_and_https()
    {
        var (template, _) = Synth();

        var group = template
            .Resources("AWS::EC2::SecurityGroup")
            .Single(g => g.Key.StartsWith("MigrationSecurityGroup", StringComparison.Ordinal))
            .Value.Properties()
            .ToJson();
        var inline = group.GetProperty("SecurityGroupEgress").EnumerateArray().ToList();
        var egress = template.Resources("AWS::EC2::SecurityGroupEgress").Values.Select(e => e.Properties().ToJson()).ToList();
        Assert.Equal(2, egress.Count(e => e.GetProperty("FromPort").GetInt32() == 5432));
        Assert.All(egress, e => Assert.True(e.TryGetProperty("DestinationSecurityGroupId", out _)));
        var https = Assert.Single(inline);
        Assert.Equal(443, https.GetProperty("FromPort").GetInt32());
        Assert.Equal("0.0.0.0/0", https.GetProperty("CidrIp").GetString());
        var ingress = template.Resources("AWS::EC2::SecurityGroupIngress").Values.Select(i => i.Properties().ToJson()).ToList();
        Assert.Equal(2, ingress.Count(i => i.GetProperty("FromPort").GetInt32() == 5432));
    }

    [Fact]
    public void Narrows_https_to_the_s3_prefix_list_when_given()
    {
        var (template, _) = Synth(p => p with { S3PrefixListId = "pl-78a54011" });

        var all = System.Text.Json.JsonSerializer.Serialize(template.ToJSON());
        Assert.Contains("\"DestinationPrefixListId\":\"pl-78a54011\"", all, StringComparison.Ordinal);
        Assert.DoesNotContain("\"CidrIp\":\"0.0.0.0/0\"", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Applies_as_schema_sync_on_the_target_reads_the_source_as_schema_plan_and_writes_only_its_prefix()
    {
        var (template, _) = Synth();

        var statements = template.PolicyStatements("MigrationRole");
        var connect = statements
            .Where(s => s.GetProperty("Action").ToString().Contains("rds-db:connect", StringComparison.Ordinal))
            .SelectMany(s =>
                s.GetProperty("Resource").ValueKind == JsonValueKind.Array
                    ? s.GetProperty("Resource").EnumerateArray().ToList()
                    : [s.GetProperty("Resource")]
            )
            .Select(r => r.ToString())
            .ToList();
        Assert.Equal(2, connect.Count);
        Assert.Contains(connect, r =>
            r.Contains("\"Prod", StringComparison.Ordinal) && r.EndsWith("/schema_sync\"]]}", StringComparison.Ordinal)
        );
        Assert.Contains(connect, r =>
            r.Contains("\"Dev", StringComparison.Ordinal) && r.EndsWith("/schema_plan\"]]}", StringComparison.Ordinal)
        );
        var environment = FunctionWithHandler(template, SchemaMigrationFunction.ApplyHandler)
            .GetProperty("Environment")
            .GetProperty("Variables");
        Assert.Equal("schema_plan", environment.GetProperty("SOURCE_DB_USER").GetString());
        var s3 = statements.Where(s => s.GetProperty("Action").ToString().Contains("s3:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(s3);
        Assert.All(s3, s => Assert.Contains("/revisions/*", s.GetProperty("Resource").ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(statements, s => s.GetProperty("Action").ToString().Contains("s3:Delete", StringComparison.Ordinal));
        Assert.All(
            template
                .Resources("AWS::IAM::Role")
                .Values.Select(r => r.Properties().ToJson())
                .Where(r => r.GetProperty("AssumeRolePolicyDocument").ToString().Contains("lambda", StringComparison.Ordinal)),
            r => Assert.False(r.TryGetProperty("ManagedPolicyArns", out _))
        );
    }

    [Fact]
    public void Plans_in_a_second_function_that_reads_as_schema_plan_and_cannot_write_revisions()
    {
        var (template, function) = Synth();

        var plan = FunctionWithHandler(template, SchemaMigrationFunction.PlanHandler);
        Assert.Equal("schema_plan", plan.GetProperty("Environment").GetProperty("Variables").GetProperty("DB_USER").GetString());
        Assert.Equal(2, plan.GetProperty("ReservedConcurrentExecutions").GetInt32());
        var statements = template.PolicyStatements("MigrationPlanRole");
        var connect = statements
            .Where(s => s.GetProperty("Action").ToString().Contains("rds-db:connect", StringComparison.Ordinal))
            .Select(s => s.GetProperty("Resource").ToString())
            .ToList();
        Assert.Equal(2, connect.Sum(r => r.Split("/schema_plan").Length - 1));
        Assert.DoesNotContain(connect, r => r.Contains("schema_sync", StringComparison.Ordinal));
        var s3 = string.Join(
            " ",
            statements.Select(s => s.GetProperty("Action").ToString()).Where(a => a.Contains("s3:", StringComparison.Ordinal))
        );
        Assert.Contains("s3:GetObject", s3, StringComparison.Ordinal);
        Assert.DoesNotContain("s3:PutObject", s3, StringComparison.Ordinal);
        Assert.DoesNotContain("s3:Delete", s3, StringComparison.Ordinal);
        Assert.NotSame(function.Function, function.PlanFunction);
    }

    [Fact]
    public void Grants_plan_and_apply_separately_on_the_unqualified_functions_only()
    {
        var (template, _) = Synth(
            more: (stack, function) =>
            {
                function.GrantInvokePlan(new Role(stack, "Planner", new RoleProps { AssumedBy = new AccountRootPrincipal() }));
                function.GrantInvoke(new Role(stack, "Applier", new RoleProps { AssumedBy = new AccountRootPrincipal() }));
            }
        );

        var planner = template.PolicyStatements("Planner").Single().GetProperty("Resource").ToString();
        var applier = template.PolicyStatements("Applier").Single().GetProperty("Resource").ToString();
        Assert.Contains("MigrationPlan", planner, StringComparison.Ordinal);
        Assert.DoesNotContain("MigrationPlan", applier, StringComparison.Ordinal);
        Assert.DoesNotContain(":*", planner + applier, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_revisions_in_a_versioned_encrypted_private_retained_bucket()
    {
        var (template, _) = Synth(p => p with { RevisionsInfrequentAccessAfterDays = 60 });

        template.HasResource(
            "AWS::S3::Bucket",
            new Dictionary<string, object>
            {
                ["DeletionPolicy"] = "Retain",
                ["Properties"] = Match.ObjectLike(
                    new Dictionary<string, object>
                    {
                        ["VersioningConfiguration"] = new Dictionary<string, object> { ["Status"] = "Enabled" },
                        ["PublicAccessBlockConfiguration"] = Match.ObjectLike(
                            new Dictionary<string, object> { ["BlockPublicAcls"] = true, ["RestrictPublicBuckets"] = true }
                        ),
                        ["BucketEncryption"] = Match.AnyValue(),
                    }
                ),
            }
        );
        var bucket = Single(template, "AWS::S3::Bucket");
        Assert.Equal(
            60,
            bucket
                .GetProperty("LifecycleConfiguration")
                .GetProperty("Rules")[0]
                .GetProperty("Transitions")[0]
                .GetProperty("TransitionInDays")
                .GetInt32()
        );
        Assert.Contains("aws:SecureTransport", Single(template, "AWS::S3::BucketPolicy").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1024, 15, 90, null, "ReservedConcurrency: 0 must be at least 1")]
    [InlineData(1, 64, 15, 90, null, "MemorySizeMiB: 64 is out of range")]
    [InlineData(1, 1024, 16, 90, null, "TimeoutMinutes: 16 is out of range")]
    [InlineData(1, 1024, 15, 10, null, "RevisionsInfrequentAccessAfterDays: 10 must be at least 30")]
    [InlineData(1, 1024, 15, 90, "s3", "S3PrefixListId: 's3' is not a prefix list id")]
    [InlineData(1, 1024, 15, 90, "schema_sync", "PlanDatabaseUser: 'schema_sync' is also DatabaseUser")]
    public void Fails_when_a_prop_is_invalid(int concurrency, int memory, int timeout, int days, string? prefixList, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Synth(p =>
                p with
                {
                    ReservedConcurrency = concurrency,
                    MemorySizeMiB = memory,
                    TimeoutMinutes = timeout,
                    RevisionsInfrequentAccessAfterDays = days,
                    S3PrefixListId = prefixList == "schema_sync" ? null : prefixList,
                    PlanDatabaseUser = prefixList == "schema_sync" ? "schema_sync" : DatabaseUsers.SchemaPlan,
                }
            )
        );

        Assert.Contains($"SchemaMigrationFunction Migration: {expected}", error.Message, StringComparison.Ordinal);
    }
}
