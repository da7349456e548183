using System.Text.RegularExpressions;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.Route53;
using Constructs;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Service;

/// <summary>
/// The certificate of an endpoint's custom domain: the given ACM certificate, or (with a hosted zone and no ARN) one
/// created in the stack and validated through DNS records CloudFormation writes into that zone. With a zone, the
/// domain's alias record points at the endpoint. Names are written fully qualified (trailing dot), so the zone is
/// referred to by id alone.
/// </summary>
internal sealed partial class PublicDomain
{
    private readonly Construct _scope;
    private readonly IHostedZone? _zone;

    /// <summary>The domain, as configured.</summary>
    public string Name { get; }

    /// <summary>The certificate the endpoint presents.</summary>
    public ICertificate Certificate { get; }

    /// <param name="scope">Where the certificate, zone reference and record live.</param>
    /// <param name="domainName">The domain (<c>app.example.com</c>); null for none.</param>
    /// <param name="certificateArn">An existing certificate for it, or null.</param>
    /// <param name="hostedZoneId">The Route 53 zone holding the domain, or null.</param>
    public static PublicDomain? Of(Construct scope, string? domainName, string? certificateArn, string? hostedZoneId) =>
        domainName is null ? null : new PublicDomain(scope, domainName, certificateArn, hostedZoneId);

    private PublicDomain(Construct scope, string domainName, string? certificateArn, string? hostedZoneId)
    {
        _scope = scope;
        Name = domainName;
        _zone = hostedZoneId is null ? null : HostedZone.FromHostedZoneId(scope, "Zone", hostedZoneId);
        Certificate = certificateArn is not null
            ? Amazon.CDK.AWS.CertificateManager.Certificate.FromCertificateArn(scope, "Certificate", certificateArn)
            : new Certificate(
                scope,
                "Certificate",
                new CertificateProps { DomainName = domainName, Validation = CertificateValidation.FromDns(_zone) }
            );
    }

    /// <summary>
    /// The first problem with a domain's settings: a name or zone id that is not one, a zone without a domain, a domain
    /// with neither a certificate nor a zone to make one in, and (<paramref name="certificateNeedsDomain"/>: an API's
    /// custom domain) a certificate without a domain.
    /// </summary>
    public static PropProblem? FindProblem(string? domainName, string? certificateArn, string? hostedZoneId, bool certificateNeedsDomain)
    {
        if (domainName is not null && !DomainName().IsMatch(domainName))
            return new("DomainName", $"'{domainName}' is not a lower-case domain name such as app.example.com");
        if (hostedZoneId is not null && !ZoneId().IsMatch(hostedZoneId))
            return new("HostedZoneId", $"'{hostedZoneId}' is not a Route 53 hosted zone id (Z followed by letters and digits)");
        if (hostedZoneId is not null && domainName is null)
            return new("HostedZoneId", "a hosted zone needs DomainName (the name to create in it)");
        if (domainName is not null && certificateArn is null && hostedZoneId is null)
            return new("DomainName", $"'{domainName}' needs CertificateArn, or HostedZoneId to create a DNS-validated certificate");
        return certificateNeedsDomain && certificateArn is not null && domainName is null
            ? new("CertificateArn", "a certificate needs DomainName (the custom domain it is for)")
            : null;
    }

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$")]
    private static partial Regex DomainName();

    [GeneratedRegex("^Z[A-Z0-9]{1,31}$")]
    private static partial Regex ZoneId();

    /// <summary>The domain's alias (A) record to <paramref name="target"/>, when the zone is known.</summary>
    public ARecord? PointAt(IAliasRecordTarget target) =>
        _zone is null
            ? null
            : new ARecord(
                _scope,
                "DomainRecord",
                new ARecordProps
                {
                    Zone = _zone,
                    RecordName = Name + ".",
                    Target = RecordTarget.FromAlias(target),
                }
            );
}
