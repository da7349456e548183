using System.Text.Json.Nodes;
using Infra.TestSupport;

namespace Infra.App.Tests;

/// <summary>The app as the CDK CLI runs it: a separate process that reads its context from CDK_CONTEXT_JSON.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly string _outDir = Directory.CreateTempSubdirectory("infra-synth-").FullName;

    public void Dispose() => Directory.Delete(_outDir, recursive: true);

    [Fact]
    public void Synthesizes_every_environment_with_exit_code_zero()
    {
        var context = RepoFiles.CdkJson()["context"]!.AsObject();
        context["aws:cdk:bundling-stacks"] = new JsonArray();
        var (exitCode, _, stderr) = RunApp(context);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(
            ["infra-dev.template.json", "infra-prod.template.json", "infra-shared.template.json"],
            Directory.GetFiles(_outDir, "*.template.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public void Fails_bad_configuration_with_one_line_and_no_stack_trace()
    {
        var context = RepoFiles.CdkJson()["context"]!.AsObject();
        context["infra"]!["environments"]!["prod"]!["region"] = "mars-north-1";

        var (exitCode, stdout, stderr) = RunApp(context);

        Assert.Equal(1, exitCode);
        Assert.Equal("Invalid configuration: infra.environments.prod.region: 'mars-north-1' is not a known AWS region", stderr.Trim());
        Assert.Empty(stdout.Trim());
        Assert.Empty(Directory.GetFiles(_outDir, "*.template.json"));
    }

    [Fact]
    public void Names_the_availability_zone_entry_a_new_region_needs()
    {
        var context = RepoFiles.CdkJson()["context"]!.AsObject();
        foreach (var environment in new[] { "dev", "prod" })
            context["infra"]!["environments"]![environment]!["region"] = "eu-west-1";

        var (exitCode, _, stderr) = RunApp(context);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "Invalid configuration: cdk.context.json: no availability zones for account 111122223333 in eu-west-1; add "
                + "\"availability-zones:account=111122223333:region=eu-west-1\": [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"] "
                + "(the zones your account has there, from `aws ec2 describe-availability-zones`; network.maxAzs takes the first ones)",
            stderr.Trim()
        );
        Assert.Empty(Directory.GetFiles(_outDir, "*.template.json"));
    }

    // As the CLI hands it over: cdk.json's context and the committed lookups of cdk.context.json.
    private ProcessResult RunApp(JsonObject context)
    {
        var lookups = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "cdk.context.json")))!;
        foreach (var (key, value) in lookups)
            context.TryAdd(key, value?.DeepClone());
        return ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Infra.App.dll")],
            new Dictionary<string, string>
            {
                ["CDK_CONTEXT_JSON"] = context.ToJsonString(),
                ["CDK_OUTDIR"] = _outDir,
                ["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1",
                ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20",
            }
        );
    }
}
