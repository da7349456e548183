// Holds every synthesized template in cdk.out (run scripts/synth first) to the compliance rule packs: cdk-nag's
// AwsSolutions, NIST 800-53 R5, HIPAA Security and Serverless, and the Control Tower proactive controls (cfn-guard).
// A finding passes only when the resource itself waives it with a reason (docs/compliance.md lists them all);
// warnings count as findings too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { complianceCounts, guardFindings, nagFindings, NAG_PACKS } from './lib/compliance.mjs';
import { complianceTable } from '../scripts/lib/compliance-table.mjs';

const fixture = (name) => new URL(`fixtures/${name}.template.json`, import.meta.url).pathname;

// The checkers themselves: each must find what it is there to find, and honour a waiver written on the resource.
test('cdk-nag packs report an unencrypted, unversioned bucket', () => {
  const rules = nagFindings(fixture('unencrypted-bucket')).map((f) => f.rule);
  for (const rule of ['AwsSolutions-S10', 'NIST.800.53.R5-S3BucketVersioningEnabled', 'HIPAA.Security-S3BucketLoggingEnabled']) {
    assert.ok(rules.includes(rule), `${rule} not in ${rules.join(', ')}`);
  }
});

test('cdk-nag packs honour suppressions written on the resource', () => {
  const rules = nagFindings(fixture('suppressed-bucket')).map((f) => f.rule);
  for (const rule of ['AwsSolutions-S1', 'AwsSolutions-S10', 'NIST.800.53.R5-S3BucketVersioningEnabled']) {
    assert.ok(!rules.includes(rule), `${rule} in ${rules.join(', ')}`);
  }
  assert.ok(rules.includes('HIPAA.Security-S3BucketVersioningEnabled'), 'a suppression waives only the rule it names');
});

test('Control Tower rules report an unversioned bucket and honour Metadata.guard.SuppressedRules', () => {
  const open = guardFindings(fixture('unencrypted-bucket'));
  assert.ok(
    open.some((f) => f.rule === 's3_bucket_versioning_enabled_check' && f.logicalId === 'Bucket' && !f.waived),
    JSON.stringify(open),
  );
  assert.match(open.find((f) => f.rule === 's3_bucket_versioning_enabled_check').control, /^CT\.S3\.PR\.\d+$/);
  const waived = guardFindings(fixture('suppressed-bucket'));
  assert.equal(waived.find((f) => f.rule === 's3_bucket_versioning_enabled_check')?.waived, true, JSON.stringify(waived));
  assert.ok(waived.some((f) => f.rule === 's3_bucket_logging_enabled_check' && !f.waived), 'only the named rule is waived');
});

const cdkOut = resolve(process.env.CDK_OUT ?? 'cdk.out');
if (!existsSync(join(cdkOut, 'manifest.json'))) {
  throw new Error(`${cdkOut}/manifest.json not found: run scripts/synth first`);
}
const manifest = JSON.parse(readFileSync(join(cdkOut, 'manifest.json'), 'utf8'));
const stacks = Object.entries(manifest.artifacts)
  .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
  .map(([id, artifact]) => ({ id, file: join(cdkOut, artifact.properties.templateFile) }));

for (const stack of stacks) {
  const findings = nagFindings(stack.file);
  for (const pack of Object.keys(NAG_PACKS)) {
    test(`${stack.id}: no unwaived cdk-nag ${pack} finding`, () => {
      assert.deepEqual(
        findings.filter((f) => f.pack === pack).map((f) => `${f.severity} ${f.rule} at ${f.logicalId}: ${f.description}`),
        [],
      );
    });
  }

  test(`${stack.id}: no unwaived Control Tower (cfn-guard) finding`, () => {
    assert.deepEqual(
      guardFindings(stack.file)
        .filter((f) => !f.waived)
        .map((f) => `${f.control} ${f.rule} at ${f.logicalId}`),
      [],
    );
  });
}

// A waiver whose reason is a fact of the template is held to it: a function waiving "inside a VPC" has its VpcConfig.
for (const stack of stacks) {
  test(`${stack.id}: every function waiving lambda_inside_vpc_check runs in the VPC`, () => {
    const { Resources: resources } = JSON.parse(readFileSync(stack.file, 'utf8'));
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (!(resource.Metadata?.guard?.SuppressedRules ?? []).includes('lambda_inside_vpc_check')) continue;
      const vpc = resource.Properties?.VpcConfig;
      assert.ok(vpc?.SubnetIds?.length > 0 && vpc?.SecurityGroupIds?.length > 0, `${logicalId} has no VpcConfig`);
    }
  });
}

/**
 * `cdk diff` of the synthesized stack against a copy of it edited by `edit` (the CLI's own judgement of what an
 * update replaces, from its resource database): the change from the edited template to the synthesized one.
 */
function cdkDiffFrom(stack, edit) {
  const dir = mkdtempSync(join(tmpdir(), 'diff-'));
  try {
    const template = JSON.parse(readFileSync(stack.file, 'utf8'));
    edit(template);
    writeFileSync(join(dir, 'before.json'), JSON.stringify(template));
    const args = ['--no-install', 'cdk', 'diff', '--app', cdkOut, '--exclusively', '--template', join(dir, 'before.json'), stack.id];
    // The CLI prints the diff on stderr, or on stdout when CI=true; it exits 0 with or without differences.
    const run = spawnSync('npx', args, { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout + run.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Object Lock arrives on the existing revisions bucket without replacing it (its records would be stranded).
for (const stack of stacks) {
  const { Resources: resources } = JSON.parse(readFileSync(stack.file, 'utf8'));
  const locked = Object.keys(resources).filter((id) => resources[id].Properties?.ObjectLockConfiguration);
  if (locked.length === 0) continue;
  test(`${stack.id}: turning Object Lock on replaces no bucket (cdk diff)`, () => {
    const unlock = (template) => locked.forEach((id) => delete template.Resources[id].Properties.ObjectLockConfiguration);
    const diff = cdkDiffFrom(stack, unlock);
    assert.match(diff, /\[\+\] ObjectLockConfiguration/);
    assert.doesNotMatch(diff, /replace/i, diff);
    // The judge sees a replacement where there is one: the create-time flag Control Tower's rule asks for.
    const withFlag = cdkDiffFrom(stack, (template) => {
      unlock(template);
      locked.forEach((id) => (template.Resources[id].Properties.ObjectLockEnabled = true));
    });
    assert.match(withFlag, /ObjectLockEnabled \(requires replacement\)/, withFlag);
  });
}

if (!process.env.CDK_OUT) {
  test('docs/compliance.md quotes what scripts/compliance prints', () => {
    const table = complianceTable(complianceCounts(stacks.map((stack) => stack.file)));
    const docs = readFileSync(new URL('../docs/compliance.md', import.meta.url), 'utf8');
    assert.ok(docs.includes(table), `docs/compliance.md lacks the table scripts/compliance prints now:\n${table}`);
  });
}
