using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Infra.App.Tests;

/// <summary>The app as the CDK CLI runs it: a separate process that reads its context from CDK_CONTEXT_JSON.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly string _outDir = Directory.CreateTempSubdirectory("infra-synth-").FullName;

    public void Dispose() => Directory.Delete(_outDir, recursive: true);

    [Fact]
    public void Synthesizes_every_environment_with_exit_code_zero()
    {
        var (exitCode, _, stderr) = RunApp(RepoFiles.CdkJson()["context"]!.AsObject());

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["infra-dev.template.json", "infra-prod.template.json", "infra-shared.template.json"],
            Directory.GetFiles(_outDir, "*.template.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
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

    private (int ExitCode, string Stdout, string Stderr) RunApp(JsonObject context)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Infra.App.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CDK_CONTEXT_JSON"] = context.ToJsonString();
        start.Environment["CDK_OUTDIR"] = _outDir;
        start.Environment["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1";
        start.Environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
