// scripts/drift with a stand-in aws (checks/lib/standin.mjs, where CloudFormation cannot run): it starts a detection on
// every stack of cdk.out, waits for each, prints each drifted resource's differing properties from the answers AWS
// documents for describe-stack-resource-drifts, and exits 1 when anything drifted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCi } from './lib/run-ci.mjs';

const detect = (stack, id) => ({
  tool: 'aws',
  args: ['cloudformation', 'detect-stack-drift', '--stack-name', stack, '--query', 'StackDriftDetectionId', '--output', 'text'],
  stdout: `${id}\n`,
});
const status = (id, answer) => ({
  tool: 'aws',
  args: [
    'cloudformation', 'describe-stack-drift-detection-status', '--stack-drift-detection-id', id,
    '--query', '[DetectionStatus, StackDriftStatus, DetectionStatusReason]', '--output', 'text',
  ],
  stdout: `${answer}\n`,
});
const resourceDrifts = (stack, drifts) => ({
  tool: 'aws',
  args: [
    'cloudformation', 'describe-stack-resource-drifts', '--stack-name', stack,
    '--stack-resource-drift-status-filters', 'MODIFIED', 'DELETED', '--output', 'json',
  ],
  stdout: JSON.stringify({ StackResourceDrifts: drifts }),
});
// The shape of DescribeStackResourceDrifts' answer (CloudFormation API reference), with this app's names.
const modifiedGroup = {
  StackId: 'arn:aws:cloudformation:ap-northeast-2:111122223333:stack/infra-prod/0',
  LogicalResourceId: 'DatabaseSecurityGroup7319C0F6',
  PhysicalResourceId: 'sg-0123456789abcdef0',
  ResourceType: 'AWS::EC2::SecurityGroup',
  StackResourceDriftStatus: 'MODIFIED',
  PropertyDifferences: [
    {
      PropertyPath: '/SecurityGroupIngress/1',
      ExpectedValue: 'null',
      ActualValue: '{"CidrIp":"0.0.0.0/0","FromPort":5432,"IpProtocol":"tcp","ToPort":5432}',
      DifferenceType: 'ADD',
    },
  ],
  Timestamp: '2026-12-06T09:00:00.000Z',
};

test('prints the drifted resources of each stack and exits 1', () => {
  const run = runCi(
    'scripts/drift --stack infra-dev --stack infra-prod',
    [
      detect('infra-dev', 'dev-1'),
      status('dev-1', 'DETECTION_COMPLETE\tIN_SYNC\tNone'),
      detect('infra-prod', 'prod-1'),
      status('prod-1', 'DETECTION_IN_PROGRESS\tNone\tNone'),
      status('prod-1', 'DETECTION_COMPLETE\tDRIFTED\tNone'),
      resourceDrifts('infra-prod', [modifiedGroup]),
    ],
    { DRIFT_INTERVAL: '0' },
  );
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /^infra-dev: in sync$/m);
  assert.match(run.stdout, /^infra-prod: drifted$/m);
  assert.match(run.stdout, /^ {2}DatabaseSecurityGroup7319C0F6 \(AWS::EC2::SecurityGroup\) MODIFIED$/m);
  assert.match(run.stdout, /^ {4}\/SecurityGroupIngress\/1: expected null, actual \{"CidrIp":"0\.0\.0\.0\/0",/m);
  assert.equal(run.calls.length, 6, 'every stack checked, nothing more');
});

test('checks every stack of cdk.out and exits 0 when all are in sync', () => {
  const stacks = ['infra-shared', 'infra-dev', 'infra-prod'];
  const run = runCi(
    'scripts/drift',
    stacks.flatMap((stack) => [detect(stack, `${stack}-1`), status(`${stack}-1`, 'DETECTION_COMPLETE\tIN_SYNC\tNone')]),
    { DRIFT_INTERVAL: '0' },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split('\n'), stacks.map((s) => `${s}: in sync`));
});

test('a detection that fails or never ends fails the run, saying why', () => {
  const run = runCi(
    'scripts/drift --stack infra-dev --stack infra-prod',
    [
      detect('infra-dev', 'dev-1'),
      status('dev-1', 'DETECTION_FAILED\tUNKNOWN\tFailed to detect drift on resource [Database]'),
      detect('infra-prod', 'prod-1'),
      status('prod-1', 'DETECTION_IN_PROGRESS\tNone\tNone'),
      status('prod-1', 'DETECTION_IN_PROGRESS\tNone\tNone'),
    ],
    { DRIFT_INTERVAL: '0', DRIFT_ATTEMPTS: '2' },
  );
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /^infra-dev: drift detection failed \(DETECTION_FAILED: Failed to detect drift on resource \[Database\]\)$/m);
  assert.match(run.stdout, /^infra-prod: drift detection failed \(DETECTION_FAILED: still in progress after 2 polls\)$/m);
});

test('refuses an unknown option with the usage', () => {
  const run = runCi('scripts/drift --stacks infra-dev', []);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown option '--stacks' \(usage: scripts\/drift/);
  assert.equal(run.calls.length, 0);
});
