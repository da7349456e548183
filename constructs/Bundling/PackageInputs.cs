using System.Diagnostics;
using System.Text.Json;

namespace Infra.Constructs.Bundling;

/// <summary>
/// Asks MSBuild what goes into a project's package: runs the <c>ListPackageInputs</c> target of
/// <c>PackageInputs.targets</c> (embedded in this assembly, imported through <c>CustomAfterMicrosoftCommonTargets</c>
/// so the function's projects need no change) and reads its result, with the configuration the publish uses.
/// Evaluation only: nothing is built. The answer is kept in the project's <c>obj/</c> folder and reused while it holds
/// (<see cref="PackageInputsCache"/>): asking MSBuild costs a process start and an evaluation, about half a second;
/// the fingerprint costs a few milliseconds.
/// </summary>
internal static class PackageInputs
{
    private static readonly Lazy<string> TargetsFile = new(() =>
    {
        using var stream = typeof(PackageInputs).Assembly.GetManifestResourceStream("Infra.Constructs.Bundling.PackageInputs.targets")!;
        var path = Path.Combine(Path.GetTempPath(), $"infra-package-inputs-{Environment.ProcessId}.targets");
        using (var file = File.Create(path))
            stream.CopyTo(file);
        return path;
    });

    /// <summary>The full paths of the project's inputs (some may not exist: optional lock files).</summary>
    public static IReadOnlyList<string> Of(string projectFile, string configuration)
    {
        var cache = new PackageInputsCache(projectFile, configuration);
        if (cache.TryRead() is { } kept)
            return kept;
        var inputs = AskMSBuild(projectFile, configuration);
        cache.Write(inputs);
        return inputs;
    }

    private static IReadOnlyList<string> AskMSBuild(string projectFile, string configuration)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (
            var argument in new[]
            {
                "msbuild",
                projectFile,
                "-t:ListPackageInputs",
                "-getTargetResult:ListPackageInputs",
                $"-p:Configuration={configuration}",
                $"-p:CustomAfterMicrosoftCommonTargets={TargetsFile.Value}",
                "-nologo",
            }
        )
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("DotNetCode: could not start the .NET SDK (dotnet)");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"DotNetCode: listing the inputs of {projectFile} failed ({process.ExitCode}): {stdout}{stderr.Result}"
            );
        using var result = JsonDocument.Parse(stdout);
        return
        [
            .. result
                .RootElement.GetProperty("TargetResults")
                .GetProperty("ListPackageInputs")
                .GetProperty("Items")
                .EnumerateArray()
                .Select(item => item.GetProperty("Identity").GetString()!),
        ];
    }
}
