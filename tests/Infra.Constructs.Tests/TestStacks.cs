using Amazon.CDK;

namespace Infra.Constructs.Tests;

/// <summary>Stacks for construct tests, in a fixed account and region with the AZ context a real synth would have.</summary>
internal static class TestStacks
{
    public const string Account = "123456789012";
    public const string Region = "eu-west-2";
    public static readonly string[] AvailabilityZones = ["eu-west-2a", "eu-west-2b", "eu-west-2c"];

    public static Stack NewStack(string id = "Test")
    {
        var app = new App(
            new AppProps
            {
                Context = new Dictionary<string, object>
                {
                    // Without it, CDK silently uses dummy1a/dummy1b AZs and the tests would not see what a synth sees.
                    [$"availability-zones:account={Account}:region={Region}"] = AvailabilityZones,
                    // Skip asset bundling in unit tests; the template keeps the same asset hash.
                    ["aws:cdk:bundling-stacks"] = Array.Empty<string>(),
                },
            }
        );
        return new Stack(
            app,
            id,
            new StackProps
            {
                Env = new Amazon.CDK.Environment { Account = Account, Region = Region },
            }
        );
    }
}
