// Checks every synthesized template in cdk.out (run scripts/synth first) against CloudFormation's resource schemas,
// offline, with the validator bundled in aws-cdk-lib. The compliance rule packs are compliance.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
// Pinned through package-lock.json as aws-cdk-lib's own dependency; not published on its own at this version.
const { SchemaValidator, TemplateFile } = createRequire(require.resolve('aws-cdk-lib/package.json'))('@aws/cloudformation-validate');

const cdkOut = resolve(process.env.CDK_OUT ?? 'cdk.out');
if (!existsSync(join(cdkOut, 'manifest.json'))) {
  throw new Error(`${cdkOut}/manifest.json not found: run scripts/synth first`);
}
const manifest = JSON.parse(readFileSync(join(cdkOut, 'manifest.json'), 'utf8'));
const stacks = Object.entries(manifest.artifacts)
  .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
  .map(([id, artifact]) => ({
    id,
    file: join(cdkOut, artifact.properties.templateFile),
    region: artifact.environment.split('/').pop(),
  }));

test('cdk.out holds at least the shared stack and one environment', () => {
  assert.ok(stacks.length >= 2, `found ${stacks.map((s) => s.id).join(', ')}`);
});

const validator = new SchemaValidator();
const schemaErrors = (file, region) =>
  validator.validate(new TemplateFile(file), region).filter((d) => d.severity === 'ERROR' || d.severity === 'FATAL');

test('schema check reports a misspelt resource property', () => {
  const errors = schemaErrors(new URL('fixtures/unknown-property.template.json', import.meta.url).pathname, 'eu-west-1');
  assert.ok(
    errors.some((d) => d.message.includes('ImageTagMutabilty')),
    JSON.stringify(errors.map((d) => d.message)),
  );
});

for (const stack of stacks) {
  test(`${stack.id}: every resource matches its CloudFormation schema`, () => {
    const errors = schemaErrors(stack.file, stack.region);
    assert.deepEqual(
      errors.map((d) => `${d.ruleId}: ${d.message}`),
      [],
    );
  });
}
