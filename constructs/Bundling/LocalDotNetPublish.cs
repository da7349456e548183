using System.Diagnostics;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;

namespace Infra.Constructs.Bundling;

/// <summary>
/// Bundles with the local .NET SDK (<c>dotnet publish</c>), no Docker engine needed. It must derive from
/// <see cref="DeputyBase"/>: otherwise jsii does not see the implementation and CDK silently falls back to Docker.
/// </summary>
internal sealed class LocalDotNetPublish(DotNetCodeProps props) : DeputyBase, ILocalBundling
{
    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        // An exception here would abort the whole app through jsii; report and decline instead.
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in PublishArguments(props, outputDir))
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode == 0)
                return true;
            Console.Error.WriteLine($"dotnet publish {props.ProjectFile} failed ({process.ExitCode}):\n{stdout.Result}{stderr.Result}");
            return false;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"could not run the local .NET SDK to bundle {props.ProjectFile}: {e.Message}");
            return false;
        }
    }

    /// <summary>The publish command line: framework-dependent (Lambda's dotnet10 runtime provides .NET), no restore prompts.</summary>
    public static IReadOnlyList<string> PublishArguments(DotNetCodeProps props, string outputDir) =>
        [
            "publish",
            props.ProjectFile,
            "-c",
            props.Configuration,
            "-o",
            outputDir,
            "--nologo",
            "-v",
            "quiet",
            "-p:GenerateDocumentationFile=false",
        ];
}
