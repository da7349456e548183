// The monthly cost of one synthesized stack at list prices (scripts/lib/prices.json), line by line. A resource type
// this model does not know, or a price the file lacks for the region, is listed as not priced: never a silent zero.
import { readFileSync } from 'node:fs';
import { desiredCount, resourcesOf, serviceName } from './template.mjs';

export const PRICES = JSON.parse(readFileSync(new URL('prices.json', import.meta.url), 'utf8'));

// The assumed load of the app, where a price depends on traffic (documented in docs/report.md; flags change it).
// Stored data is assumed too: objects in an environment's buckets, images in the shared repository, and automated
// backups per database (null: as large as the allocated storage, all of it inside RDS's free share). The release time
// takes an assumed task start (ENI, image pull, containers up to the first health check; AWS publishes no figure).
export const DEFAULT_LOAD = {
  requestsPerMonth: 1_000_000,
  averageDurationMs: 200,
  logGbPerMonth: 1,
  albLcu: 1,
  bucketGb: 1,
  imageGb: 2,
  backupGb: null,
  taskStartSeconds: 60,
};

// Types that cost nothing themselves (their use is priced elsewhere: a log group's ingestion, a function's requests).
const FREE = new Set([
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::DomainName',
  'AWS::ApiGatewayV2::ApiMapping',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::Budgets::Budget', // an account's first two budgets are free (one per environment: dev and prod)
  'AWS::CDK::Metadata',
  'AWS::CloudWatch::Dashboard', // an account's first three dashboards are free (one per environment here)
  'AWS::CertificateManager::Certificate', // public ACM certificates are free
  'AWS::Chatbot::SlackChannelConfiguration', // AWS's chat integration has no charge of its own
  'AWS::Route53::RecordSet', // records in an existing zone; alias queries to a load balancer or API are free
  'AWS::CodeDeploy::Application',
  'AWS::CodeDeploy::DeploymentGroup',
  'AWS::EC2::FlowLog',
  'AWS::Events::Rule', // rules on AWS services' own events and schedules are free; their SNS messages are a topic's ordinary use
  // Filters are free; the metric each feeds is billed pro rata by the hours it receives data (an apply: one hour, cents).
  'AWS::Logs::MetricFilter',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::Route',
  'AWS::EC2::RouteTable',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::Subnet',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::VPC',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::ECS::Cluster',
  'AWS::Scheduler::Schedule', // a few invocations a day, inside the monthly free 14 million
  'AWS::ECS::TaskDefinition',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::IAM::OIDCProvider',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::KMS::Alias',
  'AWS::Lambda::Alias',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Version',
  'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBSubnetGroup',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
]);

const cents = (usd) => Math.round(usd * 100) / 100;

/** { lines: [{ item, quantity, unitUsd, monthlyUsd }], unpriced: [reason], monthlyUsd } for one template in one region. */
export function stackCost(template, region, load = DEFAULT_LOAD, prices = PRICES) {
  const table = prices.regions[region] ?? {};
  const hours = prices.hoursPerMonth;
  const lines = [];
  const unpriced = [];
  const line = (item, priceKey, quantity) => {
    const price = table[priceKey];
    if (!price) {
      unpriced.push(`${item} (no ${priceKey} price for ${region})`);
      return;
    }
    lines.push({ item, quantity, unitUsd: price.usd, monthlyUsd: cents(quantity * price.usd) });
  };
  const resources = Object.values(template.Resources ?? {});
  const byType = (type) => resourcesOf(template, type);
  const handled = new Set(FREE);

  for (const lb of byType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    line('load balancer hours', 'albHour', hours);
    line(`load balancer LCU-hours (${load.albLcu} LCU assumed)`, 'albLcuHour', load.albLcu * hours);
    if (lb.Properties.Scheme !== 'internal')
      line(
        `public IPv4 of the load balancer (${(lb.Properties.Subnets ?? []).length} AZs)`,
        'publicIpv4Hour',
        (lb.Properties.Subnets ?? []).length * hours,
      );
  }
  handled.add('AWS::ElasticLoadBalancingV2::LoadBalancer');

  const task = byType('AWS::ECS::TaskDefinition')[0]?.Properties;
  for (const service of byType('AWS::ECS::Service')) {
    const tasks = desiredCount(service.Properties.DesiredCount);
    const arch = task?.RuntimePlatform?.CpuArchitecture === 'ARM64' ? 'arm64' : 'x86_64';
    const vcpu = Number(task?.Cpu ?? 256) / 1024;
    const gb = Number(task?.Memory ?? 512) / 1024;
    line(`Fargate vCPU-hours (${tasks} x ${vcpu} vCPU, ${arch})`, `fargateVcpuHour:${arch}`, tasks * vcpu * hours);
    line(`Fargate GB-hours (${tasks} x ${gb} GB, ${arch})`, `fargateGbHour:${arch}`, tasks * gb * hours);
    if (service.Properties.NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp === 'ENABLED')
      line(`public IPv4 of the tasks (${tasks})`, 'publicIpv4Hour', tasks * hours);
  }
  handled.add('AWS::ECS::Service');

  for (const fn of byType('AWS::Lambda::Function')) {
    // Only the app's function (an image) takes the assumed traffic; the others run on deploys and releases.
    if (fn.Properties.PackageType !== 'Image') continue;
    const arch = (fn.Properties.Architectures ?? ['x86_64'])[0];
    const gbSeconds = (((load.requestsPerMonth * load.averageDurationMs) / 1000) * (fn.Properties.MemorySize ?? 128)) / 1024;
    line(`Lambda requests (${load.requestsPerMonth} assumed)`, 'lambdaRequestMillion', load.requestsPerMonth / 1_000_000);
    line(
      `Lambda GB-seconds (${load.averageDurationMs} ms average, ${fn.Properties.MemorySize ?? 128} MB, ${arch})`,
      `lambdaGbSecond:${arch}`,
      gbSeconds,
    );
  }
  handled.add('AWS::Lambda::Function');
  if (byType('AWS::ApiGatewayV2::Api').length > 0)
    line(`HTTP API requests (${load.requestsPerMonth} assumed)`, 'httpApiRequestMillion', load.requestsPerMonth / 1_000_000);

  for (const db of byType('AWS::RDS::DBInstance')) {
    const p = db.Properties;
    const copies = p.MultiAZ === true || p.MultiAZ === 'true' ? 2 : 1;
    const allocated = Number(p.AllocatedStorage ?? 20);
    const insights = p.EnablePerformanceInsights ? (p.PerformanceInsightsRetentionPeriod ?? 7) : 0;
    const notes = [
      copies === 2 ? 'Multi-AZ: two instances' : null,
      insights > 0 && insights <= 7 ? 'Performance Insights: 7 days, free' : null,
    ].filter(Boolean);
    line(`${p.DBInstanceClass} hours${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`, `rdsHour:${p.DBInstanceClass}`, copies * hours);
    line(`database storage (${allocated} GB gp3${copies === 2 ? ' x 2' : ''})`, 'rdsGp3GbMonth', copies * allocated);
    // RDS keeps backups as large as the allocated storage free (once, also with Multi-AZ); each GB-month beyond is charged.
    const backups = load.backupGb ?? allocated;
    line(
      `automated backups beyond the free share (${backups} GB stored, ${allocated} GB free)`,
      'rdsBackupGbMonth',
      Math.max(0, backups - allocated),
    );
    if (insights > 7) unpriced.push(`Performance Insights beyond the free 7 days (${insights} days)`);
  }
  handled.add('AWS::RDS::DBInstance');
  // An AWS Backup plan keeps its own recovery point of each database here (priced as a snapshot of its allocated
  // storage); the copy in the other account is billed to that account.
  for (const _ of byType('AWS::Backup::BackupSelection')) {
    const allocated = Math.max(...byType('AWS::RDS::DBInstance').map((db) => Number(db.Properties.AllocatedStorage)));
    line(`AWS Backup recovery points here (${allocated} GB; the copy is billed to its account)`, 'rdsBackupGbMonth', allocated);
  }
  ['AWS::Backup::BackupSelection', 'AWS::Backup::BackupPlan', 'AWS::Backup::BackupVault'].forEach((type) => handled.add(type));

  for (const endpoint of byType('AWS::EC2::VPCEndpoint')) {
    if (endpoint.Properties.VpcEndpointType !== 'Interface') continue; // gateway endpoints (S3) are free
    const azs = (endpoint.Properties.SubnetIds ?? []).length;
    line(`interface endpoint ${serviceName(endpoint.Properties.ServiceName)} (${azs} AZs)`, 'interfaceEndpointHour', azs * hours);
  }
  handled.add('AWS::EC2::VPCEndpoint');
  for (const _ of byType('AWS::EC2::NatGateway')) line('NAT gateway hours', 'natHour', hours);
  handled.add('AWS::EC2::NatGateway');
  const addresses = byType('AWS::EC2::EIP').length; // a NAT gateway's address, billed as any public IPv4 address
  if (addresses > 0) line(`public IPv4 of the elastic IPs (${addresses})`, 'publicIpv4Hour', addresses * hours);
  handled.add('AWS::EC2::EIP');
  const keys = byType('AWS::KMS::Key').length;
  if (keys > 0) line(`KMS keys (${keys})`, 'kmsKeyMonth', keys);
  handled.add('AWS::KMS::Key');
  const buckets = byType('AWS::S3::Bucket').length;
  if (buckets > 0) line(`S3 storage (${buckets} bucket(s), ${load.bucketGb} GB assumed)`, 's3GbMonth', load.bucketGb);
  handled.add('AWS::S3::Bucket');
  for (const _ of byType('AWS::ECR::Repository')) line(`image repository storage (${load.imageGb} GB assumed)`, 'ecrGbMonth', load.imageGb);
  handled.add('AWS::ECR::Repository');
  const alarms = byType('AWS::CloudWatch::Alarm').length;
  if (alarms > 0) line(`CloudWatch alarms (${alarms})`, 'alarmMonth', alarms);
  handled.add('AWS::CloudWatch::Alarm');
  if (byType('AWS::Logs::LogGroup').length > 0)
    line(`log ingestion (${load.logGbPerMonth} GB assumed)`, 'logsIngestGb', load.logGbPerMonth);
  handled.add('AWS::Logs::LogGroup');

  for (const type of [...new Set(resources.map((r) => r.Type))].sort()) {
    if (!handled.has(type) && !type.startsWith('Custom::')) unpriced.push(`${type} (not in the cost model)`);
  }
  return { lines, unpriced, monthlyUsd: cents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0)) };
}
