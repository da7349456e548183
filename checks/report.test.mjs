// The environment report (scripts/report): release times against worked examples, the library's reachability
// decisions read from the manifest, and the JSON form (the README's copies: report-readme.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadApp, releaseTime, report } from '../scripts/lib/report.mjs';
import { plainHttpListeners } from '../scripts/lib/template.mjs';
import { schemaValidator } from './lib/schemas.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const cdkOut = process.env.CDK_OUT ? resolve(process.env.CDK_OUT) : join(root, 'cdk.out');
const validate = schemaValidator();

const fargate = ({ desired = 1, min, max, interval, healthy, drain, stop } = {}) => ({
  Resources: {
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: { DesiredCount: desired, DeploymentConfiguration: { MinimumHealthyPercent: min, MaximumPercent: max } },
    },
    Targets: {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: {
        HealthCheckIntervalSeconds: interval,
        HealthyThresholdCount: healthy,
        TargetGroupAttributes: drain === undefined ? [] : [{ Key: 'deregistration_delay.timeout_seconds', Value: String(drain) }],
      },
    },
    Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'App', StopTimeout: stop }] } },
  },
});
const lambda = (config) => ({
  Resources: { Deployment: { Type: 'AWS::CodeDeploy::DeploymentGroup', Properties: { DeploymentConfigName: config } } },
});

test('Fargate: task start, health checks, deregistration and stop per wave, as configured and with AWS defaults', () => {
  // 60 + 10 + 2 x 10 + 30 + 30 = 150 s; AWS: 60 + 30 + 5 x 30 + 300 + 30 = 570 s.
  const release = releaseTime(fargate({ interval: 10, healthy: 2, drain: 30, stop: 30 }));
  assert.deepEqual([release.seconds, release.defaultSeconds], [150, 570]);
  assert.equal(releaseTime(fargate()).seconds, 570, 'a template that leaves every setting out gets AWS defaults');
  // The assumed task start is the caller's: 20 + 10 + 20 + 30 + 30 = 110 s.
  assert.equal(releaseTime(fargate({ interval: 10, healthy: 2, drain: 30, stop: 30 }), 20).seconds, 110);
});

test('Fargate: tasks are replaced in waves the deployment bounds allow; Fn::If(HasImage, n, 0) counts n', () => {
  // 4 tasks, up to 150 %: 2 new at a time, 2 waves of 150 s.
  assert.equal(
    releaseTime(fargate({ desired: { 'Fn::If': ['HasImage', 4, 0] }, min: 100, max: 150, interval: 10, healthy: 2, drain: 30, stop: 30 }))
      .seconds,
    300,
  );
  // 3 tasks, 200 %: all at once.
  assert.equal(releaseTime(fargate({ desired: 3, min: 100, max: 200, interval: 10, healthy: 2, drain: 30, stop: 30 })).seconds, 150);
  // 4 tasks, 50 % .. 100 %: 2 stopped at a time, 2 waves.
  assert.equal(releaseTime(fargate({ desired: 4, min: 50, max: 100, interval: 10, healthy: 2, drain: 30, stop: 30 })).seconds, 300);
});

test("Lambda: the CodeDeploy schedule, with CDK's default canary beside it; an unknown configuration fails", () => {
  assert.equal(releaseTime(lambda('CodeDeployDefault.LambdaAllAtOnce')).seconds, 0);
  assert.equal(releaseTime(lambda('CodeDeployDefault.LambdaCanary10Percent5Minutes')).seconds, 300);
  assert.equal(releaseTime(lambda('CodeDeployDefault.LambdaLinear10PercentEvery1Minute')).seconds, 540);
  assert.equal(releaseTime(lambda('CodeDeployDefault.LambdaLinear10PercentEvery3Minutes')).defaultSeconds, 300);
  assert.throws(() => releaseTime(lambda('Custom.Rollout')), /Custom.Rollout is not in LAMBDA_ROLLOUTS/);
  assert.equal(releaseTime({ Resources: {} }), null);
});

test('the committed environments: dev 150 s, prod 180 s, both 570 s with AWS defaults, every line priced; '
  + "the library's reachability decisions", () => {
  const data = report(cdkOut);
  const byName = Object.fromEntries(data.environments.map((e) => [e.name, e]));
  assert.deepEqual(
    data.environments.map((e) => e.name),
    ['shared', 'dev', 'prod'],
  );
  assert.deepEqual(
    [byName.dev.deploySeconds, byName.dev.defaultDeploySeconds, byName.prod.deploySeconds, byName.prod.defaultDeploySeconds],
    [150, 570, 180, 570],
  );
  // The committed region's prices cover everything the committed stacks hold.
  assert.deepEqual(
    data.environments.map((e) => [e.name, e.unpriced]),
    [
      ['shared', []],
      ['dev', []],
      ['prod', []],
    ],
  );
  assert.equal(byName.shared.deploySeconds, null);
  const prodReach = byName.prod.reachability.find((r) => r.workload === 'schema-migration');
  assert.deepEqual(prodReach.needs, [{ service: 's3', metBy: 's3-gateway' }]);
});

test('the JSON form validates against its schema (scripts/lib/report.schema.json); the account total adds the environments', () => {
  const data = JSON.parse(JSON.stringify(report(cdkOut)));
  assert.deepEqual(validate('report', data), []);
  assert.equal(data.accountMonthlyUsd, Math.round(data.environments.reduce((sum, e) => sum + e.monthlyUsd, 0) * 100) / 100);
  // The validator finds what it is there to find.
  const broken = { ...data, environments: [{ ...data.environments[0], monthlyUsd: '10', platform: 'kubernetes' }], load: undefined };
  assert.deepEqual(validate('report', JSON.parse(JSON.stringify(broken))), [
    "/: must have required property 'load'",
    '/environments/0/platform: must be equal to one of the allowed values',
    '/environments/0/monthlyUsd: must be number',
  ]);
});

test('plain HTTP to the internet is found where it is: dev forwards port 80 (scripts/synth warns), prod only redirects', () => {
  const byName = Object.fromEntries(loadApp(cdkOut).map((s) => [s.name, s]));
  assert.deepEqual(plainHttpListeners(byName.dev.template), [80]);
  assert.deepEqual(plainHttpListeners(byName.prod.template), []);
  assert.ok(Object.values(byName.prod.template.Resources).some((r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener'));
});

test('the report says what each environment notifies about and to whom, from its template', () => {
  const byName = Object.fromEntries(report(cdkOut).environments.map((e) => [e.name, e.notifications]));
  // The migration target (prod) also tells of every schema apply and of a drift found by the daily check.
  const schema = { dev: [], prod: ['schema applies (applied, refused, failed)', 'schema drift (rate(1 day))'] };
  for (const name of ['dev', 'prod']) {
    const rest = ['ECS deployments (completed, failed)', 'budget (spent share, forecast)'];
    assert.deepEqual(byName[name].about.slice(1), [...schema[name], ...rest]);
    assert.match(byName[name].about[0], /^alarms \(\d+\)$/);
    assert.deepEqual(byName[name].to, [], 'the committed configuration subscribes nobody');
  }
  assert.deepEqual(byName.shared, { about: [], to: [] });
});
