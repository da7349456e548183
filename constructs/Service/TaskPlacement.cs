namespace Infra.Constructs.Service;

/// <summary>Where the tasks run.</summary>
public enum TaskPlacement
{
    /// <summary>Public subnets with a public IP: tasks reach ECR and CloudWatch Logs directly, no NAT or endpoint needed (cheapest).
    /// Inbound traffic still comes only from the load balancer.</summary>
    Public,

    /// <summary>Private subnets: tasks need NAT or the ecr.api, ecr.dkr and logs interface endpoints to pull their image.</summary>
    Private,
}
