namespace MigrationFunction.Handling;

/// <summary>
/// The plan-only function's entry point (<c>MigrationFunction::MigrationFunction.Handling.PlanOnlyHandler::Handle</c>):
/// the same request/response contract as <see cref="Handler"/>, but apply answers 403 and status writes nothing. Its
/// database user may only read and its role cannot write revisions, so the refusal here is not the only guard.
/// </summary>
public sealed class PlanOnlyHandler
{
    private readonly Handler _handler;

    /// <summary>Lambda's constructor: services from the environment.</summary>
    public PlanOnlyHandler()
        : this(FunctionServices.FromEnvironment) { }

    /// <summary>With explicit services (tests).</summary>
    public PlanOnlyHandler(Func<FunctionServices> services) => _handler = new Handler(services, planOnly: true);

    /// <summary>Handles one invocation.</summary>
    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}
