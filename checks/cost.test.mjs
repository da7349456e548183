// The cost model (scripts/lib/cost.mjs) against hand-computed cases, one per priced item (us-east-1) and a whole
// environment in ap-northeast-2 (the committed region); the price file itself (every price with its source and date);
// and "not priced" where a region or a type is unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRICES, stackCost, DEFAULT_LOAD } from '../scripts/lib/cost.mjs';

const template = (resources) => ({ Resources: Object.fromEntries(resources.map((r, i) => [`R${i}`, r])) });
const items = (cost) => Object.fromEntries(cost.lines.map((l) => [l.item, l.monthlyUsd]));

test("every price names its source page and that page's date", () => {
  for (const [region, table] of Object.entries(PRICES.regions)) {
    for (const [key, price] of Object.entries(table)) {
      assert.ok(typeof price.usd === 'number' && price.usd > 0, `${region} ${key}: no price`);
      assert.match(price.source ?? '', /^https:\/\//, `${region} ${key}: no source page`);
      assert.match(price.date ?? '', /^\d{4}-\d{2}-\d{2}$/, `${region} ${key}: no date`);
      // A price read from AWS's Price List names the offer file of its own region.
      if (price.source.includes('/offers/v1.0/aws/'))
        assert.match(price.source, new RegExp(`/current/${region}/index\\.json$`), `${region} ${key}: offer file of another region`);
    }
  }
});

test('load balancer: hours, assumed LCUs and one public IPv4 address per AZ', () => {
  const cost = stackCost(
    template([{ Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['a', 'b'] } }]),
    'us-east-1',
  );
  // 730 x 0.0225 = 16.425; 730 x 0.008 = 5.84; 2 x 730 x 0.005 = 7.30
  assert.deepEqual(items(cost), {
    'load balancer hours': 16.43,
    'load balancer LCU-hours (1 LCU assumed)': 5.84,
    'public IPv4 of the load balancer (2 AZs)': 7.3,
  });
  assert.equal(cost.monthlyUsd, 29.57);
});

test('Fargate: vCPU and GB hours by architecture at the desired count (Fn::If(HasImage, n, 0) is n), and task IPv4', () => {
  const cost = stackCost(
    template([
      { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '256', Memory: '512', RuntimePlatform: { CpuArchitecture: 'ARM64' } } },
      {
        Type: 'AWS::ECS::Service',
        Properties: {
          DesiredCount: { 'Fn::If': ['HasImage', 2, 0] },
          NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } },
        },
      },
    ]),
    'us-east-1',
  );
  // 2 x 0.25 x 730 x 0.03238 = 11.8187; 2 x 0.5 x 730 x 0.00356 = 2.5988; 2 x 730 x 0.005 = 7.30
  assert.deepEqual(items(cost), {
    'Fargate vCPU-hours (2 x 0.25 vCPU, arm64)': 11.82,
    'Fargate GB-hours (2 x 0.5 GB, arm64)': 2.6,
    'public IPv4 of the tasks (2)': 7.3,
  });
  const x86 = stackCost(
    template([
      { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '1024', Memory: '2048' } },
      { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 1 } },
    ]),
    'us-east-1',
  );
  // 730 x 0.04048 = 29.5504; 2 x 730 x 0.004445 = 6.4897
  assert.deepEqual(items(x86), { 'Fargate vCPU-hours (1 x 1 vCPU, x86_64)': 29.55, 'Fargate GB-hours (1 x 2 GB, x86_64)': 6.49 });
});

test('database: instance hours and storage, both doubled by Multi-AZ; backups beyond the free share', () => {
  const single = stackCost(
    template([{ Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t4g.micro', AllocatedStorage: '20' } }]),
    'us-east-1',
  );
  // 730 x 0.016 = 11.68; 20 x 0.115 = 2.30; backups as large as the database: all free
  assert.deepEqual(items(single), {
    'db.t4g.micro hours': 11.68,
    'database storage (20 GB gp3)': 2.3,
    'automated backups beyond the free share (20 GB stored, 20 GB free)': 0,
  });
  const multi = stackCost(
    template([
      {
        Type: 'AWS::RDS::DBInstance',
        Properties: {
          DBInstanceClass: 'db.t4g.small',
          AllocatedStorage: '50',
          MultiAZ: true,
          EnablePerformanceInsights: true,
          PerformanceInsightsRetentionPeriod: 7,
        },
      },
    ]),
    'us-east-1',
    { ...DEFAULT_LOAD, backupGb: 80 },
  );
  // 2 x 730 x 0.032 = 46.72; 2 x 50 x 0.115 = 11.50; (80 - 50) x 0.095 = 2.85 (the free share counts the storage once)
  assert.deepEqual(items(multi), {
    'db.t4g.small hours (Multi-AZ: two instances; Performance Insights: 7 days, free)': 46.72,
    'database storage (50 GB gp3 x 2)': 11.5,
    'automated backups beyond the free share (80 GB stored, 50 GB free)': 2.85,
  });
  assert.equal(multi.monthlyUsd, 61.07);
  // Longer Performance Insights retention is charged, and the file has no price for it: said, not zero.
  const insights = stackCost(
    template([
      {
        Type: 'AWS::RDS::DBInstance',
        Properties: { DBInstanceClass: 'db.t4g.micro', EnablePerformanceInsights: true, PerformanceInsightsRetentionPeriod: 731 },
      },
    ]),
    'us-east-1',
  );
  assert.deepEqual(insights.unpriced, ['Performance Insights beyond the free 7 days (731 days)']);
});

test('stored data: KMS keys, S3 buckets and the image repository at the assumed sizes', () => {
  const cost = stackCost(
    template([
      { Type: 'AWS::KMS::Key', Properties: {} },
      { Type: 'AWS::KMS::Key', Properties: {} },
      { Type: 'AWS::S3::Bucket', Properties: {} },
      { Type: 'AWS::S3::Bucket', Properties: {} },
      { Type: 'AWS::ECR::Repository', Properties: {} },
    ]),
    'ap-northeast-2',
    { ...DEFAULT_LOAD, bucketGb: 40, imageGb: 7 },
  );
  // 2 x 1.00 = 2.00; 40 x 0.025 = 1.00; 7 x 0.10 = 0.70
  assert.deepEqual(items(cost), {
    'KMS keys (2)': 2,
    'S3 storage (2 bucket(s), 40 GB assumed)': 1,
    'image repository storage (7 GB assumed)': 0.7,
  });
  // us-east-1 has no S3 price in the file: said, not zero.
  assert.deepEqual(stackCost(template([{ Type: 'AWS::S3::Bucket', Properties: {} }]), 'us-east-1').unpriced, [
    'S3 storage (1 bucket(s), 1 GB assumed) (no s3GbMonth price for us-east-1)',
  ]);
});

test('a whole environment in ap-northeast-2 (dev as committed: ALB, one public arm64 task, t4g.micro), to the cent', () => {
  const cost = stackCost(
    template([
      { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['a', 'b'] } },
      { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '256', Memory: '512', RuntimePlatform: { CpuArchitecture: 'ARM64' } } },
      {
        Type: 'AWS::ECS::Service',
        Properties: {
          DesiredCount: { 'Fn::If': ['HasImage', 1, 0] },
          NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } },
        },
      },
      { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t4g.micro', AllocatedStorage: '20' } },
      { Type: 'AWS::KMS::Key', Properties: {} },
      { Type: 'AWS::Logs::LogGroup', Properties: {} },
    ]),
    'ap-northeast-2',
  );
  // ALB 730 x 0.0225 = 16.425 -> 16.43; LCU 730 x 0.008 = 5.84; IPv4 2 x 730 x 0.005 = 7.30; vCPU 0.25 x 730 x 0.03725
  // = 6.798 -> 6.80; GB 0.5 x 730 x 0.00409 = 1.493 -> 1.49; task IPv4 3.65; 730 x 0.025 = 18.25; 20 x 0.131 = 2.62;
  // backups 0; KMS 1.00; logs 1 x 0.76. Total 64.14.
  assert.equal(cost.monthlyUsd, 64.14);
  assert.deepEqual(cost.unpriced, []);
});

test("a NAT gateway's elastic IP is a public IPv4 address", () => {
  const cost = stackCost(
    template([
      { Type: 'AWS::EC2::NatGateway', Properties: {} },
      { Type: 'AWS::EC2::EIP', Properties: {} },
    ]),
    'ap-northeast-2',
  );
  // 730 x 0.059 = 43.07; 730 x 0.005 = 3.65
  assert.deepEqual(items(cost), { 'NAT gateway hours': 43.07, 'public IPv4 of the elastic IPs (1)': 3.65 });
});

test('network: an interface endpoint per AZ, a NAT gateway; the S3 gateway endpoint is free', () => {
  const cost = stackCost(
    template([
      {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcEndpointType: 'Interface',
          SubnetIds: ['a', 'b'],
          ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.ecr.api']] },
        },
      },
      { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3' } },
      { Type: 'AWS::EC2::NatGateway', Properties: {} },
    ]),
    'us-east-1',
  );
  // 2 x 730 x 0.01 = 14.60; 730 x 0.045 = 32.85
  assert.deepEqual(items(cost), { 'interface endpoint ecr.api (2 AZs)': 14.6, 'NAT gateway hours': 32.85 });
});

test('Lambda from an image and its HTTP API at the assumed load; the migration functions take no traffic', () => {
  const cost = stackCost(
    template([
      { Type: 'AWS::Lambda::Function', Properties: { PackageType: 'Image', MemorySize: 1024, Architectures: ['arm64'] } },
      { Type: 'AWS::Lambda::Function', Properties: { Handler: 'MigrationFunction::x', MemorySize: 1024 } },
      { Type: 'AWS::ApiGatewayV2::Api', Properties: {} },
    ]),
    'us-east-1',
    { ...DEFAULT_LOAD, requestsPerMonth: 2_000_000 },
  );
  // 2 x 0.20 = 0.40; 2,000,000 x 0.2 s x 1 GB = 400,000 GB-s x 0.0000133334 = 5.33336; 2 x 1.00 = 2.00
  assert.deepEqual(items(cost), {
    'Lambda requests (2000000 assumed)': 0.4,
    'Lambda GB-seconds (200 ms average, 1024 MB, arm64)': 5.33,
    'HTTP API requests (2000000 assumed)': 2,
  });
});

test('alarms and log ingestion', () => {
  const cost = stackCost(
    template([
      { Type: 'AWS::CloudWatch::Alarm', Properties: {} },
      { Type: 'AWS::CloudWatch::Alarm', Properties: {} },
      { Type: 'AWS::Logs::LogGroup', Properties: {} },
    ]),
    'us-east-1',
    { ...DEFAULT_LOAD, logGbPerMonth: 3 },
  );
  assert.deepEqual(items(cost), { 'CloudWatch alarms (2)': 0.2, 'log ingestion (3 GB assumed)': 1.5 });
});

test('an unknown region or type is listed as not priced, never a silent zero', () => {
  const cost = stackCost(
    template([
      { Type: 'AWS::EC2::NatGateway', Properties: {} },
      { Type: 'AWS::Bedrock::Agent', Properties: {} },
    ]),
    'eu-central-2',
  );
  assert.deepEqual(cost.lines, []);
  assert.deepEqual(cost.unpriced, ['NAT gateway hours (no natHour price for eu-central-2)', 'AWS::Bedrock::Agent (not in the cost model)']);
  assert.equal(cost.monthlyUsd, 0);
});
