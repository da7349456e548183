namespace SchemaSync.Planning;

/// <summary>
/// A plan request whose inputs do not fit the databases (a rename hint naming nothing, an exclusion matching nothing):
/// nothing is planned. The CLI exits 2 and the function answers 400 for it, as for any other bad input.
/// </summary>
public sealed class PlanInputException(string message) : ArgumentException(message);
