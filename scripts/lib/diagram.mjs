// A picture of each environment from the synthesized app (cdk.out): the network and its subnets, the service or
// function and its endpoint, the database, the VPC endpoints, the migration functions and what they reach. Not every
// CloudFormation resource: what a reader needs to see how a request and a migration travel. What a private workload
// reaches, and through what, is drawn from the library's recorded decisions (infra:reachability), not worked out here.
import { desiredCount, resourcesOf, serviceName } from './template.mjs';
import { wayOut } from './reachability.mjs';

const resources = (stack, type) => resourcesOf(stack.template, type);
const quote = (text) => `"${text.replaceAll('"', '\\"')}"`;

// The node of each workload the library records a decision for (its code, contract/reachability.json).
const WORKLOADS = { 'web-service': 'tasks', 'web-function': 'fn', 'schema-migration': 'migrate', 'database-user-bootstrap': 'users' };
const workloadNode = (workload) => WORKLOADS[workload];

// The node that meets a need, from its code.
function meetsNode(metBy) {
  const { way, service } = wayOut(metBy);
  if (way === 's3-gateway') return 's3gw';
  if (way === 'nat-gateway') return 'nat';
  if (way === 'interface-endpoint') return quote(`ep_${service}`);
  return null; // "none": synth refuses such a placement, so no template carries it
}

/** The DOT source of <name>'s environment, given every stack of the app (loadApp). */
export function environmentDiagram(app, name) {
  const shared = app.find((s) => s.name === 'shared');
  const env = app.find((s) => s.name === name);
  if (!shared || !env) throw new Error(`diagram: no stacks for 'shared' and '${name}' in cdk.out`);
  const subnets = (kind) =>
    resources(shared, 'AWS::EC2::Subnet').filter((s) =>
      (s.Properties.Tags ?? []).some((t) => t.Key === 'aws-cdk:subnet-name' && t.Value === kind),
    ).length;
  const endpoints = resources(shared, 'AWS::EC2::VPCEndpoint');
  const interfaces = endpoints
    .filter((e) => e.Properties.VpcEndpointType === 'Interface')
    .map((e) => serviceName(e.Properties.ServiceName))
    .sort();
  const s3Gateway = endpoints.some((e) => e.Properties.VpcEndpointType === 'Gateway');
  const nat = resources(shared, 'AWS::EC2::NatGateway').length;
  const [db] = resources(env, 'AWS::RDS::DBInstance');
  const [service] = resources(env, 'AWS::ECS::Service');
  const publicTasks = service?.Properties.NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp === 'ENABLED';
  const webFunction = resources(env, 'AWS::Lambda::Function').find((f) => f.Properties.PackageType === 'Image');
  const migration = env.reachability.some((r) => workloadNode(r.workload) === 'migrate');
  const bootstrap = env.reachability.some((r) => workloadNode(r.workload) === 'users');
  const source = migration
    ? app.find((s) => s.name !== name && s.name !== 'shared' && resources(s, 'AWS::RDS::DBInstance').length > 0)
    : undefined;

  const lines = [
    `digraph ${quote(name)} {`,
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.35, ranksep=0.5];',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    `  label=${quote(`${name} (${env.region})`)}; labelloc=t;`,
    '  internet [label="Internet", shape=ellipse, fillcolor="#eeeeee"];',
    '  ecr [label="ECR image repository", shape=cylinder, fillcolor="#eeeeee"];',
    '  s3 [label="S3 (revisions, responses)", shape=cylinder, fillcolor="#eeeeee"];',
    '  subgraph cluster_vpc {',
    `    label=${quote(`VPC, ${nat === 0 ? 'no NAT gateway' : `${nat} NAT gateway(s)`}`)}; style=rounded; color="#888888";`,
    '    subgraph cluster_public {',
    `      label=${quote(`public subnets (${subnets('Public')})`)}; style=filled; fillcolor="#eef6ff"; color="#99bbdd";`,
  ];
  if (service) lines.push(`      alb [label="Application Load Balancer"];`);
  if (service && publicTasks)
    lines.push(`      tasks [label=${quote(`Fargate tasks (${desiredCount(service.Properties.DesiredCount)})`)}];`);
  if (nat > 0) lines.push(`      nat [label=${quote(`NAT gateway${nat > 1 ? ` (${nat})` : ''}`)}, shape=component, fillcolor="#f5f5f5"];`);
  lines.push(
    '    }',
    '    subgraph cluster_private {',
    `      label=${quote(`private subnets (${subnets('Private')})`)}; style=filled; fillcolor="#f3fbef"; color="#99cc88";`,
  );
  if (service && !publicTasks)
    lines.push(`      tasks [label=${quote(`Fargate tasks (${desiredCount(service.Properties.DesiredCount)})`)}];`);
  if (webFunction) lines.push(`      fn [label=${quote(`Lambda (image, ${webFunction.Properties.MemorySize} MB) via alias live`)}];`);
  if (db)
    lines.push(
      `      db [label=${quote(`PostgreSQL ${db.Properties.DBInstanceClass}${db.Properties.MultiAZ ? ', Multi-AZ' : ''}`)}, `
        + 'shape=cylinder, fillcolor="#fff7e0"];',
    );
  if (migration) lines.push('      migrate [label="schema-sync functions (plan, apply)"];');
  if (bootstrap) lines.push('      users [label="database user bootstrap"];');
  // The migration source's database shares the VPC's private subnets (one network per account).
  if (migration && source)
    lines.push(`      source_db [label=${quote(`${source.name} database (read)`)}, shape=cylinder, fillcolor="#fff7e0"];`);
  lines.push('    }');
  if (s3Gateway) lines.push('    s3gw [label="S3 gateway endpoint", shape=component, fillcolor="#f5f5f5"];');
  for (const e of interfaces)
    lines.push(`    ${quote(`ep_${e}`)} [label=${quote(`${e} endpoint`)}, shape=component, fillcolor="#f5f5f5"];`);
  lines.push('  }');
  if (webFunction) lines.push('  api [label="HTTP API", shape=ellipse, fillcolor="#eef6ff"];');

  const drawn = new Set();
  const edge = (from, to, label) => {
    // decorate: each label is underlined and tied to its edge by a line, so none reads as another edge's.
    const text = `  ${from} -> ${to}${label ? ` [label=${quote(label)}, decorate=true]` : ''};`;
    if (!drawn.has(text)) lines.push(text);
    drawn.add(text);
  };
  if (service) {
    edge('internet', 'alb', 'HTTP(S)');
    edge('alb', 'tasks');
    if (db) edge('tasks', 'db', 'IAM token, TLS');
    if (publicTasks) edge('tasks', 'ecr', 'image (public IPv4)');
  }
  if (webFunction) {
    edge('internet', 'api', 'HTTPS');
    edge('api', 'fn');
    if (db) edge('fn', 'db', 'IAM token, TLS');
    edge('ecr', 'fn', 'image at deploy');
  }
  if (migration) {
    if (db) edge('migrate', 'db', 'apply (schema_sync)');
    if (source) edge('migrate', 'source_db', 'plan (schema_plan)');
  }
  if (bootstrap && db) edge('users', 'db', 'users, grants');
  // The secrets each workload reads when it starts (references in the template; values never).
  if (env.secrets.length > 0)
    lines.push('  secrets [label="Parameter Store / Secrets Manager", shape=cylinder, fillcolor="#eeeeee"];');
  for (const record of env.secrets) {
    const from = workloadNode(record.workload);
    if (from) edge(from, 'secrets', record.secrets.map((s) => s.variable).join(', '));
  }
  // Each private workload to what meets its needs, one edge per way out; a NAT gateway's edge names what it carries
  // (an endpoint carries only its own service).
  const carried = new Map(); // each way out, with the services it carries for any workload
  for (const record of env.reachability) {
    const from = workloadNode(record.workload);
    const byWay = new Map();
    for (const need of record.needs) {
      const way = meetsNode(need.metBy);
      if (way) byWay.set(way, [...(byWay.get(way) ?? []), need.service]);
    }
    for (const [way, services] of [...byWay].sort(([a], [b]) => a.localeCompare(b))) {
      if (from) edge(from, way, way === 'nat' ? services.join(', ') : undefined);
      carried.set(way, new Set([...(carried.get(way) ?? []), ...services]));
    }
  }
  if (carried.has('s3gw')) edge('s3gw', 's3');
  if (carried.has(quote('ep_ecr.dkr'))) edge(quote('ep_ecr.dkr'), 'ecr');
  if (carried.get('nat')?.has('ecr.dkr')) edge('nat', 'ecr', 'image');
  if (carried.has('nat')) edge('nat', 'internet', 'AWS public endpoints');
  lines.push('}');
  return lines.join('\n') + '\n';
}
