// Deploy outcomes reach each environment's topic from the services' own events: the EventBridge rules' patterns
// match the events ECS and CodeDeploy send (their documented shapes, checks/fixtures/events, with this stack's names)
// and not other services' or other states; the topic's policy, evaluated by the real IAM engine, lets EventBridge
// publish for the stack's own rules only. Runs on the committed configuration's cdk.out and every example's (Fargate and Lambda).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApp, root } from './lib/app-model.mjs';
import { roleMay } from './lib/iam-model.mjs';
import { matches } from './lib/event-pattern.mjs';

const app = loadApp();
/** A recorded event with this stack's values written into its {placeholders}. */
const sample = (name, values) => {
  const fill = (value) =>
    typeof value === 'string' ? value.replace(/\{(\w+)\}/g, (m, key) => values[key] ?? m)
    : Array.isArray(value) ? value.map(fill)
    : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]))
    : value;
  return fill(JSON.parse(readFileSync(join(root, 'checks', 'fixtures', 'events', `${name}.json`), 'utf8')));
};
const environments = app.stacks.filter((s) => s.environment !== 'shared');

test('the matcher is a judge: it tells a matching event from one that differs in a value or lacks a field', () => {
  const pattern = { source: ['aws.ecs'], detail: { eventName: ['A', 'B'] }, resources: ['x'] };
  assert.equal(matches(pattern, { source: 'aws.ecs', detail: { eventName: 'B' }, resources: ['y', 'x'] }), true);
  assert.equal(matches(pattern, { source: 'aws.ecs', detail: { eventName: 'C' }, resources: ['x'] }), false);
  assert.equal(matches(pattern, { source: 'aws.ecs', resources: ['x'] }), false);
  assert.throws(() => matches({ detail: { state: [{ prefix: 'S' }] } }, { detail: { state: 'SUCCESS' } }), /only exact values/);
});

/** A template value in a pattern or an event: a reference ({"Ref": ...}, {"Fn::GetAtt": ...}) as one comparable string. */
const token = (value) => (value && typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : value);
const tokenized = (pattern) =>
  Object.fromEntries(
    Object.entries(pattern).map(([k, v]) => [k, Array.isArray(v) ? v.map(token) : typeof v === 'object' ? tokenized(v) : v]),
  );

for (const stack of environments) {
  // The templates as written: a Lambda environment's release resources (and its rule) exist only with an image, a
  // condition the synthesized defaults leave false, so the raw template is read, not the resolved one.
  const resources = Object.values(stack.template.Resources);
  // The rules on the services' events (a scheduled rule, the drift check, is tested below).
  const rules = resources.filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern);
  const service = Object.entries(stack.template.Resources).find(([, r]) => r.Type === 'AWS::ECS::Service');
  const group = resources.find((r) => r.Type === 'AWS::CodeDeploy::DeploymentGroup');

  test(`${stack.name}: every deploy outcome of its platform reaches the topic, and nothing else does`, () => {
    const topic = resources.find((r) => r.Type === 'AWS::SNS::TopicPolicy').Properties.Topics[0];
    assert.ok(rules.length > 0, 'no deploy notification rule');
    for (const rule of rules) assert.deepEqual(rule.Properties.Targets.map((t) => t.Arn), [topic]);
    const values = { account: app.account, region: app.region };
    const delivered = (event) => rules.some((r) => matches(tokenized(r.Properties.EventPattern), event));
    if (service) {
      const completed = sample('ecs-deployment-completed', { ...values, service: token({ Ref: service[0] }) });
      assert.equal(delivered(completed), true, 'a completed deployment');
      const failed = { ...completed, detail: { ...completed.detail, eventName: 'SERVICE_DEPLOYMENT_FAILED', eventType: 'ERROR' } };
      assert.equal(delivered(failed), true, 'a failed deployment (the circuit breaker or an alarm rolls it back)');
      assert.equal(delivered({ ...completed, detail: { ...completed.detail, eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS' } }), false);
      assert.equal(delivered({ ...completed, resources: ['arn:aws:ecs:eu-west-1:111122223333:service/other/other'] }), false);
    }
    if (group) {
      const rule = rules.find((r) => r.Properties.EventPattern.source.includes('aws.codedeploy'));
      assert.equal(rule.Condition, group.Condition, 'the rule exists exactly when the deployment group does');
      const success = sample('codedeploy-deployment-success', {
        ...values,
        application: token(group.Properties.ApplicationName),
        deploymentGroup: token({ Ref: Object.keys(stack.template.Resources).find((k) => stack.template.Resources[k] === group) }),
      });
      assert.equal(delivered(success), true, 'a succeeded release');
      for (const state of ['FAILURE', 'STOP']) assert.equal(delivered({ ...success, detail: { ...success.detail, state } }), true, state);
      assert.equal(delivered({ ...success, detail: { ...success.detail, state: 'START' } }), false);
      assert.equal(delivered({ ...success, detail: { ...success.detail, application: 'another-app' } }), false);
    }
    assert.equal(Boolean(service) + Boolean(group), 1, 'one platform per environment');
  });

  test(`${stack.name}: EventBridge may publish to the topic for this stack's rules only`, () => {
    const publish = (account, rule) =>
      app.topicPublish(stack.name, 'events.amazonaws.com', account, `arn:aws:events:${app.region}:${account}:rule/${rule}`);
    assert.equal(publish(app.account, `${stack.name}-DeployNotificationsEcsDeployments-1ABCDEFGHIJK`), 'Allowed');
    assert.notEqual(publish(app.account, 'infra-other-SomeRule-1ABCDEFGHIJK'), 'Allowed');
    assert.notEqual(publish('999999999999', `${stack.name}-DeployNotificationsEcsDeployments-1ABCDEFGHIJK`), 'Allowed');
  });
}

const withSlack = environments.filter((s) =>
  Object.values(s.template.Resources).some((r) => r.Type === 'AWS::Chatbot::SlackChannelConfiguration'),
);
for (const stack of withSlack) {
  test(`${stack.name}: the Slack channel gets the topic and can do nothing but read (guardrail), its role nothing at all`, () => {
    const channel = app.find(stack.name, 'AWS::Chatbot::SlackChannelConfiguration').properties;
    const [topic] = app.find(stack.name, 'AWS::SNS::TopicPolicy').properties.Topics;
    assert.deepEqual(channel.SnsTopicArns, [topic]);
    assert.deepEqual(channel.GuardrailPolicies, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    const role = [...app.model.roles.values()].find((r) => r.arn === channel.IamRoleArn);
    assert.ok(role, 'the channel role is one of the stack roles');
    assert.deepEqual(role.trust.Statement.map((s) => s.Principal), [{ Service: 'chatbot.amazonaws.com' }]);
    assert.deepEqual([role.policies, role.awsManaged], [[], []], 'no policy attached, inline or managed');
  });
}

// Schema drift: a daily rule runs the plan-only function's drift action once, asynchronously; a drift fails that
// invocation, and Lambda hands the failure to the function's destination, the topic, which its role may publish to.
for (const stack of environments) {
  const schedules = Object.values(stack.template.Resources).filter(
    (r) => r.Type === 'AWS::Events::Rule' && r.Properties.ScheduleExpression,
  );
  const driftRules = schedules.filter((r) => r.Properties.Targets.some((t) => JSON.parse(t.Input ?? '{}').action === 'drift'));
  if (driftRules.length === 0) continue;
  test(`${stack.name}: a schema drift reaches the topic through the plan-only function's failure destination`, () => {
    const [rule] = driftRules;
    assert.equal(driftRules.length, 1);
    assert.match(rule.Properties.ScheduleExpression, /^(rate|cron)\(.+\)$/);
    const [target] = rule.Properties.Targets;
    assert.deepEqual(target.RetryPolicy, { MaximumRetryAttempts: 0 }, 'one invocation per check');
    const functionId = target.Arn['Fn::GetAtt'][0];
    const fn = stack.template.Resources[functionId];
    assert.match(fn.Properties.Handler, /PlanOnlyHandler/, 'the plan-only function runs the check');
    const invokeConfig = Object.values(stack.template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::EventInvokeConfig' && r.Properties.FunctionName.Ref === functionId,
    );
    const topicArn = app.find(stack.name, 'AWS::SNS::Topic').arn();
    const topicId = Object.entries(stack.template.Resources).find(([, r]) => r.Type === 'AWS::SNS::Topic')[0];
    assert.deepEqual(invokeConfig.Properties.DestinationConfig.OnFailure.Destination, { Ref: topicId });
    assert.equal(invokeConfig.Properties.MaximumRetryAttempts, 0);
    // The function's role may publish to the topic and encrypt with its key (the real IAM engine, the resolved ARNs).
    const roleName = app.model.resolved.find((t) => t.name === stack.name).resources[fn.Properties.Role['Fn::GetAtt'][0]].name();
    const role = app.role(roleName);
    assert.ok(roleMay(app.model, role, 'sns:Publish', topicArn), `${roleName} may not publish to the topic`);
    const key = app.find(stack.name, 'AWS::KMS::Key');
    const keyAccess = { resourcePolicy: key.properties.KeyPolicy };
    assert.ok(roleMay(app.model, role, 'kms:GenerateDataKey', key.arn(), keyAccess), `${roleName} may not encrypt with the topic's key`);
    assert.ok(!roleMay(app.model, role, 'sns:Publish', topicArn.replace(/[^:]+$/, 'another-topic')), 'only this topic');
  });
}
