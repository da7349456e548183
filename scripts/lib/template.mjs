// Reading a synthesized CloudFormation template: what the report, the cost model and the diagrams share.

/** The resources of <type> in <template>. */
export const resourcesOf = (template, type) => Object.values(template.Resources ?? {}).filter((r) => r.Type === type);

/** A count as deployed once an image is set: Fn::If(HasImage, n, 0) counts n; a missing count is 1. */
export const desiredCount = (value) =>
  typeof value === 'number' ? value : Array.isArray(value?.['Fn::If']) ? desiredCount(value['Fn::If'][1]) : Number(value ?? 1);

/** com.amazonaws.<region>.logs, plain or as CDK writes it (Fn::Join of its parts): the part after the region. */
export const serviceName = (name) => {
  const text = typeof name === 'string' ? name : (name?.['Fn::Join']?.[1] ?? []).filter((part) => typeof part === 'string').join('');
  return text.replace(/^com\.amazonaws\.([a-z0-9-]+\.)?/, '').replace(/^\./, '');
};

/** Ports of a template's listeners that forward plain HTTP from an internet-facing load balancer to the app (a
 * redirect to HTTPS is not one). */
export function plainHttpListeners(template) {
  const resources = template.Resources ?? {};
  const internetFacing = new Set(
    Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && r.Properties?.Scheme !== 'internal')
      .map(([id]) => id),
  );
  return resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener')
    .filter((l) => l.Properties.Protocol === 'HTTP' && internetFacing.has(l.Properties.LoadBalancerArn?.Ref))
    .filter((l) => (l.Properties.DefaultActions ?? []).some((a) => a.Type === 'forward'))
    .map((l) => l.Properties.Port);
}
