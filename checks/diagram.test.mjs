// The committed pictures of the environments (docs/diagrams) are what scripts/diagram draws from this synth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadApp } from '../scripts/lib/report.mjs';
import { environmentDiagram } from '../scripts/lib/diagram.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const app = loadApp(join(root, 'cdk.out'));

for (const stack of app.filter((s) => s.name !== 'shared')) {
  test(`${stack.name}: docs/diagrams/${stack.name}.dot is drawn from cdk.out, and rendered`, () => {
    const file = join(root, 'docs', 'diagrams', `${stack.name}.dot`);
    assert.ok(existsSync(file), `missing ${file}: run scripts/diagram and commit the result`);
    assert.equal(
      readFileSync(file, 'utf8'),
      environmentDiagram(app, stack.name),
      `${file} is stale: run scripts/diagram and commit the result`,
    );
    assert.ok(existsSync(file.replace(/\.dot$/, '.png')), 'the PNG rendered from it is missing: run scripts/diagram');
  });
}

test('the picture follows the template: a private database, the migration path to the source database only where the function is', () => {
  const prod = environmentDiagram(app, 'prod');
  const dev = environmentDiagram(app, 'dev');
  assert.match(prod, /db \[label="PostgreSQL db\.t4g\.small, Multi-AZ"/);
  assert.match(prod, /migrate -> source_db \[label="plan \(schema_plan\)", decorate=true\]/);
  // The source's database is drawn where it is: in the VPC's private subnets, beside the target's.
  const privateCluster = prod.slice(prod.indexOf('subgraph cluster_private'), prod.indexOf('}', prod.indexOf('subgraph cluster_private')));
  assert.match(privateCluster, /source_db \[label="dev database \(read\)"/);
  assert.doesNotMatch(dev, /migrate/);
  assert.throws(() => environmentDiagram(app, 'staging'), /no stacks for 'shared' and 'staging'/);
});

test('a private workload is drawn to what the library decided meets each need: '
  + 'an endpoint, or the NAT gateway naming what it carries', () => {
  const subnet = (name) => ({ Type: 'AWS::EC2::Subnet', Properties: { Tags: [{ Key: 'aws-cdk:subnet-name', Value: name }] } });
  const shared = (extra) => ({
    name: 'shared',
    region: 'eu-west-2',
    reachability: [],
    secrets: [],
    template: {
      Resources: {
        A: subnet('Public'),
        B: subnet('Private'),
        S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
        ...extra,
      },
    },
  });
  const service = {
    Type: 'AWS::ECS::Service',
    Properties: { DesiredCount: 1, NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } } },
  };
  const env = (needs) => ({
    name: 'dev',
    region: 'eu-west-2',
    template: { Resources: { Service: service } },
    reachability: [{ workload: 'web-service', needs }],
    secrets: [],
  });

  const viaNat = environmentDiagram(
    [
      shared({ Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} } }),
      env([
        { service: 'ecr.api', metBy: 'nat-gateway' },
        { service: 'ecr.dkr', metBy: 'nat-gateway' },
        { service: 's3', metBy: 's3-gateway' },
      ]),
    ],
    'dev',
  );
  assert.match(viaNat, /nat \[label="NAT gateway"/);
  assert.match(viaNat, /tasks -> nat \[label="ecr\.api, ecr\.dkr", decorate=true\];/);
  assert.match(viaNat, /tasks -> s3gw;\n/);
  assert.match(viaNat, /nat -> ecr \[label="image", decorate=true\];/);

  const viaEndpoints = environmentDiagram(
    [
      shared({
        Dkr: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-west-2.ecr.dkr' },
        },
      }),
      env([
        { service: 'ecr.dkr', metBy: 'interface-endpoint:ecr.dkr' },
        { service: 's3', metBy: 's3-gateway' },
      ]),
    ],
    'dev',
  );
  const withSecrets = environmentDiagram(
    [
      shared({}),
      {
        ...env([{ service: 's3', metBy: 's3-gateway' }]),
        secrets: [
          {
            workload: 'web-service',
            secrets: [
              { variable: 'DB_PASSWORD', store: 'ssm', name: '/prod/db' },
              { variable: 'API_KEY', store: 'secretsmanager', name: 'prod/api' },
            ],
          },
        ],
      },
    ],
    'dev',
  );
  assert.match(withSecrets, /tasks -> secrets \[label="DB_PASSWORD, API_KEY", decorate=true\];/);
  assert.doesNotMatch(viaNat, /secrets/);
  assert.match(viaEndpoints, /tasks -> "ep_ecr\.dkr";\n/);
  assert.match(viaEndpoints, /"ep_ecr\.dkr" -> ecr;/);
  assert.doesNotMatch(viaEndpoints, /nat/);
});
