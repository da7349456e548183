// Checks every synthesized template in cdk.out (run scripts/synth first):
//  - CloudFormation resource-schema validation, offline, with the validator bundled in aws-cdk-lib;
//  - cdk-nag's AwsSolutions pack. Suppressions are honoured only where they are written on the resource
//    itself (Metadata.cdk_nag.rules_to_suppress), each with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const cdk = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks } = require('cdk-nag');
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

// The checker itself: it must find what it is there to find, and honour a suppression written on the resource.
test('cdk-nag check reports an unencrypted, non-TLS bucket', () => {
  const rules = nagFindings(new URL('fixtures/unencrypted-bucket.template.json', import.meta.url).pathname)
    .filter((f) => f.severity === 'error')
    .map((f) => f.rule);
  assert.ok(rules.includes('AwsSolutions-S10'), `found ${rules.join(', ')}`);
});

test('cdk-nag check honours suppressions written on the resource', () => {
  const findings = nagFindings(new URL('fixtures/suppressed-bucket.template.json', import.meta.url).pathname);
  const rules = findings.filter((f) => f.severity === 'error').map((f) => f.rule);
  assert.ok(!rules.includes('AwsSolutions-S10') && !rules.includes('AwsSolutions-S1'), `found ${rules.join(', ')}`);
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

  test(`${stack.id}: no unsuppressed cdk-nag AwsSolutions error`, () => {
    const findings = nagFindings(stack.file);
    for (const f of findings.filter((v) => v.severity !== 'error')) {
      console.log(`# ${f.severity} ${stack.id} ${f.rule} at ${f.path}`);
    }
    assert.deepEqual(
      findings.filter((v) => v.severity === 'error').map((f) => `${f.rule} at ${f.path}: ${f.description}`),
      [],
    );
  });
}

/**
 * Our C# constructs write suppressions in cdk-nag's template format (Metadata.cdk_nag.rules_to_suppress on the
 * resource itself, as NagSuppressions did for .NET). cdk-nag 3 reads acknowledgements from Validations instead:
 * carry each one over, refusing any without a reason a reviewer can read.
 */
function acknowledgeWrittenSuppressions(included, templateFile) {
  const { Resources: resources = {} } = JSON.parse(readFileSync(templateFile, 'utf8'));
  const patterns = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) {
      assert.ok(
        typeof rule.reason === 'string' && rule.reason.trim().length >= 20,
        `${logicalId}: suppression of ${rule.id} needs a reason of at least 20 characters`,
      );
      // appliesTo narrows a rule to named findings, which cdk-nag 3 addresses as "Rule[Finding]"; a {regex} entry
      // (cdk-nag's form for findings that name a generated value) is matched against the findings after the run.
      const named = (rule.appliesTo ?? []).filter((finding) => typeof finding === 'string');
      for (const { regex } of (rule.appliesTo ?? []).filter((finding) => typeof finding === 'object')) {
        const [, body, flags] = /^\/(.*)\/([a-z]*)$/.exec(regex) ?? assert.fail(`${logicalId}: ${regex} is not a /regex/`);
        patterns.push({ logicalId, id: rule.id, pattern: new RegExp(body, flags) });
      }
      const ids = rule.appliesTo?.length ? named.map((finding) => `${rule.id}[${finding}]`) : [rule.id];
      for (const id of ids) {
        cdk.Validations.of(included.getResource(logicalId)).acknowledge({ id, reason: rule.reason });
      }
    }
  }
  return patterns;
}

/** Whether a finding ("Rule[Finding]" at a construct path) is one a {regex} suppression on its resource names. */
const matchesPattern = (patterns, rule, path) =>
  patterns.some(
    ({ logicalId, id, pattern }) =>
      path.endsWith(`/${logicalId}`) && rule.startsWith(`${id}[`) && pattern.test(rule.slice(id.length + 1, -1)),
  );

/** Runs cdk-nag (a CDK policy-validation plugin since 3.x) over one template; returns its findings. */
function nagFindings(templateFile) {
  const outdir = mkdtempSync(join(tmpdir(), 'nag-'));
  try {
    const app = new cdk.App({ outdir });
    // The included template already carries the bootstrap-version parameter and rule.
    const synthesizer = new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false });
    const included = new CfnInclude(new cdk.Stack(app, 'Checked', { synthesizer }), 'Template', { templateFile });
    const patterns = acknowledgeWrittenSuppressions(included, templateFile);
    cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    try {
      app.synth();
    } catch (error) {
      if (!String(error).includes('Validation failed')) throw error;
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    return report.pluginReports
      .filter((plugin) => plugin.pluginName === 'AwsSolutions')
      .flatMap((plugin) => plugin.violations)
      .flatMap((v) =>
        v.violatingConstructs.map((c) => ({
          rule: v.ruleName,
          severity: v.severity,
          description: v.description.split('\n')[0],
          path: c.constructPath,
        })),
      )
      .filter((f) => !matchesPattern(patterns, f.rule, f.path));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
