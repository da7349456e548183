// The construct library's metadata in cdk.out's manifest (what scripts/report and scripts/diagram read), held to the
// contract's schemas: infra:reachability (closed codes, never prose) and infra:secrets (references, never values),
// the latter also against the templates themselves: every secret a container or function is given is recorded, and
// nothing else. Runs on the committed configuration's cdk.out and on every example's (CDK_OUT).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadApp } from '../scripts/lib/report.mjs';
import { resourcesOf } from '../scripts/lib/template.mjs';
import { schemaValidator } from './lib/schemas.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const cdkOut = process.env.CDK_OUT ? resolve(process.env.CDK_OUT) : join(root, 'cdk.out');
const validate = schemaValidator();
const app = loadApp(cdkOut);

test('every infra:reachability record is typed: closed codes, as contract/reachability.schema.json says', () => {
  const records = app.flatMap((s) => s.reachability);
  assert.ok(records.length >= 2, `${records.length} reachability records`);
  for (const record of records) assert.deepEqual(validate('reachability', record), [], JSON.stringify(record));
  // Prose where a code belongs is refused.
  assert.notDeepEqual(
    validate('reachability', { workload: 'the web function (Lambda)', needs: [{ service: 's3', metBy: 'S3 gateway endpoint' }] }),
    [],
  );
});

/** The secret variables a stack's templates give the app: ECS container secrets, and the Lambda function's APP_SECRETS. */
function secretVariables(template) {
  const ecs = resourcesOf(template, 'AWS::ECS::TaskDefinition').flatMap((t) =>
    t.Properties.ContainerDefinitions.flatMap((c) => (c.Secrets ?? []).map((s) => s.Name)),
  );
  const lambda = resourcesOf(template, 'AWS::Lambda::Function').flatMap((f) => {
    const references = f.Properties.Environment?.Variables?.APP_SECRETS;
    return references ? Object.keys(JSON.parse(references)) : [];
  });
  return [...ecs, ...lambda].sort();
}

test('every infra:secrets record is typed and names exactly the secrets the templates give the app', () => {
  for (const stack of app) {
    for (const record of stack.secrets) assert.deepEqual(validate('secrets', record), [], JSON.stringify(record));
    const recorded = stack.secrets.flatMap((r) => r.secrets.map((s) => s.variable)).sort();
    assert.deepEqual(recorded, secretVariables(stack.template), stack.id);
  }
  // A value where a reference belongs is refused: there is no "value" field.
  assert.notDeepEqual(
    validate('secrets', { workload: 'web-service', secrets: [{ variable: 'X', store: 'ssm', name: '/x', value: 'hunter2' }] }),
    [],
  );
});

test('every infra:schedule record is typed: the hours a week the environment is awake', () => {
  for (const stack of app.filter((s) => s.schedule))
    assert.deepEqual(validate('schedule', stack.schedule), [], JSON.stringify(stack.schedule));
  assert.notDeepEqual(validate('schedule', { awakeHoursPerWeek: 200 }), []);
});
