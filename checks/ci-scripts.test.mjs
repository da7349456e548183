// The CI scripts (scripts/ci/) run as the workflows run them, with a stand-in aws, gh and npx on PATH
// (checks/lib/standin.mjs: it records every call and refuses any argument it was not told to expect).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { runCi } from './lib/run-ci.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const SHA = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';
const HASH = 'f'.repeat(64);
const REPO = 'infra/app';
const releaseHazards = JSON.parse(readFileSync(join(root, 'contract/hazards.json'), 'utf8'))
  .hazards.filter((h) => h.release)
  .map((h) => h.name);

const invoke = (fn, payload, body, invokeOut = '{"StatusCode": 200}') => ({
  tool: 'aws',
  args: [
    'lambda',
    'invoke',
    '--function-name',
    fn,
    '--cli-binary-format',
    'raw-in-base64-out',
    '--cli-read-timeout',
    '0',
    '--cli-connect-timeout',
    '10',
    '--payload',
    { json: payload },
    { file: true },
  ],
  body,
  stdout: invokeOut,
});
const digestOf = (tag, digest) => ({
  tool: 'aws',
  args: [
    'ecr',
    'describe-images',
    '--repository-name',
    REPO,
    '--image-ids',
    `imageTag=${tag}`,
    '--query',
    'imageDetails[0].imageDigest',
    '--output',
    'text',
  ],
  stdout: `${digest}\n`,
});
// check-image asks for the same digest; a missing tag fails the call.
const describeImage = (tag, exit = 0) =>
  exit === 0
    ? digestOf(tag, 'sha256:abc')
    : { ...digestOf(tag, ''), stdout: '', stderr: 'An error occurred (ImageNotFoundException)\n', exit };
const errorLine = (r) => r.stderr.split('\n').filter((l) => l.startsWith('::error::'));
const plan = (extra = {}) => ({
  statusCode: 200,
  planHash: HASH,
  statements: [{ sql: 'ALTER TABLE app.items ADD COLUMN price numeric', hazards: ['AcquiresAccessExclusiveLock'] }],
  unsupported: [],
  ...extra,
});
const applyPayload = { action: 'apply', expectedPlanHash: HASH, allowHazards: releaseHazards, requestedBy: 'octocat run 7' };

test('check-image: passes for a tag in the repository, stops with one line for a missing one', () => {
  const ok = runCi(`scripts/ci/check-image ${REPO} ${SHA}`, [describeImage(SHA)]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.calls.length, 1);
  const missing = runCi(`scripts/ci/check-image ${REPO} ${SHA}`, [describeImage(SHA, 254)]);
  assert.equal(missing.status, 1);
  assert.deepEqual(errorLine(missing), [
    `::error::image tag ${SHA} is not in repository ${REPO}: build and push it first (image-build.yml)`,
  ]);
  const mutable = runCi(`scripts/ci/check-image ${REPO} latest`, []);
  assert.equal(mutable.status, 1);
  assert.match(errorLine(mutable)[0], /'latest' is not a git SHA/);
});

test('plan-schema: posts statements and hazards, sets the plan hash', () => {
  const r = runCi('scripts/ci/plan-schema infra-prod-schema-sync-plan', [
    invoke('infra-prod-schema-sync-plan', { action: 'plan' }, plan()),
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.summary, new RegExp(`## Schema plan ${HASH}`));
  assert.match(r.summary, /- `AcquiresAccessExclusiveLock` ALTER TABLE app.items ADD COLUMN price numeric/);
  assert.equal(r.output.trim(), `plan_hash=${HASH}`);
});

for (const [name, body, invokeOut, expected] of [
  ['an answer with no statusCode', { planHash: HASH }, undefined, /answered without a statusCode/],
  ['a FunctionError', { errorMessage: 'boom' }, '{"StatusCode": 200, "FunctionError": "Unhandled"}', /raised Unhandled/],
  ['a non-2xx status', { statusCode: 500, error: 'rolled back' }, undefined, /answered 500: rolled back/],
  ['a 4xx status', { statusCode: 422, error: 'refused' }, undefined, /answered 422: refused/],
  ['a body that is not JSON', 'Task timed out', undefined, /not JSON/],
  ['a plan with unsupported changes', plan({ unsupported: ['table app.m: partitioning changes'] }), undefined, /cannot make: table app.m/],
]) {
  test(`plan-schema fails the step on ${name}`, () => {
    const r = runCi('scripts/ci/plan-schema infra-prod-schema-sync-plan', [
      invoke('infra-prod-schema-sync-plan', { action: 'plan' }, body, invokeOut),
    ]);
    assert.equal(r.status, 1);
    const lines = errorLine(r);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], expected);
    assert.equal(r.output, '');
  });
}

test('apply-schema: applies exactly the reviewed hash with the release hazards from hazards.json', () => {
  const r = runCi(`scripts/ci/apply-schema infra-prod-schema-sync ${HASH} 'octocat run 7'`, [
    invoke('infra-prod-schema-sync', applyPayload, { statusCode: 200, planHash: HASH, revision: 's3://b/revisions/x/' }),
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.summary, /Schema revision: s3:\/\/b\/revisions\/x\//);
  assert.ok(!releaseHazards.includes('DeletesData'));
});

test('apply-schema fails when the plan hash changed between plan and apply, or the function refuses', () => {
  const changed = runCi(`scripts/ci/apply-schema infra-prod-schema-sync ${HASH} 'octocat run 7'`, [
    invoke('infra-prod-schema-sync', applyPayload, { statusCode: 200, planHash: 'e'.repeat(64) }),
  ]);
  assert.equal(changed.status, 1);
  assert.match(errorLine(changed)[0], /plan hash changed between plan and apply/);
  const refused = runCi(`scripts/ci/apply-schema infra-prod-schema-sync ${HASH} 'octocat run 7'`, [
    invoke('infra-prod-schema-sync', applyPayload, { statusCode: 409, error: 'the plan is not the reviewed one' }),
  ]);
  assert.equal(refused.status, 1);
  assert.match(errorLine(refused)[0], /answered 409: the plan is not the reviewed one/);
});

test('apply-schema: an approved extra hazard is added to the release list; '
  + 'DeletesData and unknown names are refused before any call', () => {
  const extra = runCi(`scripts/ci/apply-schema infra-prod-schema-sync ${HASH} 'octocat run 7' RewritesTable`, [
    invoke(
      'infra-prod-schema-sync',
      { ...applyPayload, allowHazards: [...releaseHazards, 'RewritesTable'].sort() },
      { statusCode: 200, planHash: HASH },
    ),
  ]);
  assert.equal(extra.status, 0, extra.stderr);
  assert.match(extra.summary, /beyond the release list, as approved: RewritesTable/);
  const deletes = runCi(`scripts/ci/apply-schema infra-prod-schema-sync ${HASH} 'octocat run 7' RewritesTable,DeletesData`, []);
  assert.equal(deletes.status, 1);
  assert.equal(deletes.calls.length, 0);
  assert.match(errorLine(deletes)[0], /DeletesData is never applied by a release/);
  const unknown = runCi(`scripts/ci/apply-schema infra-prod-schema-sync ${HASH} 'octocat run 7' Everything`, []);
  assert.equal(unknown.status, 1);
  assert.match(errorLine(unknown)[0], /extra hazard 'Everything' is not one of DeletesData, RewritesTable/);
});

const batchGet = (manifest) => ({
  tool: 'aws',
  args: [
    'ecr',
    'batch-get-image',
    '--repository-name',
    REPO,
    '--image-ids',
    `imageTag=${SHA}`,
    '--query',
    'images[0].imageManifest',
    '--output',
    'text',
  ],
  stdout: `${manifest}\n`,
});
const putImage = (exit = 0) => ({
  tool: 'aws',
  args: ['ecr', 'put-image', '--repository-name', REPO, '--image-tag', `prod-${SHA}`, '--image-manifest', '{"m":1}'],
  exit,
  stderr: exit ? 'ImageAlreadyExistsException\n' : '',
});

test('promote-image: re-tags the image as prod-<sha>; a re-run on the same digest passes; a missing image or another digest fails', () => {
  const ok = runCi(`scripts/ci/promote-image ${REPO} ${SHA}`, [batchGet('{"m":1}'), putImage()]);
  assert.equal(ok.status, 0, ok.stderr);
  const rerun = runCi(`scripts/ci/promote-image ${REPO} ${SHA}`, [
    batchGet('{"m":1}'),
    putImage(254),
    digestOf(SHA, 'sha256:1'),
    digestOf(`prod-${SHA}`, 'sha256:1'),
  ]);
  assert.equal(rerun.status, 0, rerun.stderr);
  const other = runCi(`scripts/ci/promote-image ${REPO} ${SHA}`, [
    batchGet('{"m":1}'),
    putImage(254),
    digestOf(SHA, 'sha256:1'),
    digestOf(`prod-${SHA}`, 'sha256:2'),
  ]);
  assert.equal(other.status, 1);
  assert.match(errorLine(other)[0], /already names another image/);
  const missing = runCi(`scripts/ci/promote-image ${REPO} ${SHA}`, [batchGet('None')]);
  assert.equal(missing.status, 1);
  assert.match(errorLine(missing)[0], new RegExp(`image tag ${SHA} is not in repository`));
});

const cdkDeploy = (stacks, extra, exit = 0) => ({
  tool: 'npx',
  args: ['--no-install', 'cdk', 'deploy', '--app', 'cdk.out', '--require-approval', 'never', '--exclusively', ...stacks, ...extra],
  exit,
});

test('deploy: sets ImageTag on environment stacks only, keeps the image with --previous-parameters, fails on a failed deploy', () => {
  const dev = runCi(`scripts/ci/deploy --image-tag ${SHA} infra-dev`, [
    cdkDeploy(['infra-dev'], ['--parameters', `infra-dev:ImageTag=${SHA}`]),
  ]);
  assert.equal(dev.status, 0, dev.stderr);
  const prod = runCi(`scripts/ci/deploy --image-tag ${SHA} infra-shared infra-prod`, [
    cdkDeploy(['infra-shared', 'infra-prod'], ['--parameters', `infra-prod:ImageTag=${SHA}`]),
  ]);
  assert.equal(prod.status, 0, prod.stderr);
  const infra = runCi('scripts/ci/deploy --keep-image infra-dev', [cdkDeploy(['infra-dev'], ['--previous-parameters'])]);
  assert.equal(infra.status, 0, infra.stderr);
  // A Fargate stack has no deployment group: the failure is the deploy's own.
  const failed = runCi(`scripts/ci/deploy --image-tag ${SHA} infra-dev`, [
    cdkDeploy(['infra-dev'], ['--parameters', `infra-dev:ImageTag=${SHA}`], 1),
    deploymentGroupOf('infra-dev', 'None'),
  ]);
  assert.equal(failed.status, 1);
  assert.equal(errorLine(failed)[0], '::error::cdk deploy infra-dev failed (exit 1)');
});

const deploymentGroupOf = (stack, group) => ({
  tool: 'aws',
  args: [
    'cloudformation',
    'describe-stack-resources',
    '--stack-name',
    stack,
    '--query',
    "StackResources[?ResourceType=='AWS::CodeDeploy::DeploymentGroup'].PhysicalResourceId | [0]",
    '--output',
    'text',
  ],
  stdout: `${group}\n`,
});

test('deploy: a Lambda release that CodeDeploy rolled back fails with one line naming the deployment and the alarm', () => {
  const rolledBack = runCi(`scripts/ci/deploy --image-tag ${SHA} infra-dev`, [
    cdkDeploy(['infra-dev'], ['--parameters', `infra-dev:ImageTag=${SHA}`], 1),
    deploymentGroupOf('infra-dev', 'infra-dev-FunctionDeployment-1A2B'),
    {
      tool: 'aws',
      args: [
        'cloudformation',
        'describe-stack-resources',
        '--stack-name',
        'infra-dev',
        '--query',
        "StackResources[?ResourceType=='AWS::CodeDeploy::Application'].PhysicalResourceId | [0]",
        '--output',
        'text',
      ],
      stdout: 'infra-dev-FunctionDeploymentApplication-3C4D\n',
    },
    {
      tool: 'aws',
      args: [
        'deploy',
        'list-deployments',
        '--application-name',
        'infra-dev-FunctionDeploymentApplication-3C4D',
        '--deployment-group-name',
        'infra-dev-FunctionDeployment-1A2B',
        '--max-items',
        '1',
        '--query',
        'deployments[0]',
        '--output',
        'text',
      ],
      stdout: 'd-EXAMPLE11\n',
    },
    {
      tool: 'aws',
      args: [
        'deploy',
        'get-deployment',
        '--deployment-id',
        'd-EXAMPLE11',
        '--query',
        '[deploymentInfo.status, deploymentInfo.errorInformation.message]',
        '--output',
        'text',
      ],
      stdout: 'Stopped\tThe deployment was stopped because alarm infra-dev-FunctionServerErrors went into ALARM\n',
    },
  ]);
  assert.equal(rolledBack.status, 1);
  assert.deepEqual(errorLine(rolledBack), [
    '::error::cdk deploy infra-dev failed (exit 1); infra-dev: the Lambda release d-EXAMPLE11 was rolled back by CodeDeploy '
      + '(Stopped: The deployment was stopped because alarm infra-dev-FunctionServerErrors went into ALARM)',
  ]);
  // A successful release asks nothing more: CloudFormation completed only after CodeDeploy shifted the alias.
  const released = runCi(`scripts/ci/deploy --image-tag ${SHA} infra-dev`, [
    cdkDeploy(['infra-dev'], ['--parameters', `infra-dev:ImageTag=${SHA}`]),
  ]);
  assert.equal(released.status, 0, released.stderr);
  assert.equal(released.calls.length, 1);
});

test('diff-comment: posts the diff; a failed diff is posted with its error and fails the job', () => {
  const diff = (exit, stdout) => ({
    tool: 'npx',
    args: ['--no-install', 'cdk', 'diff', '--app', 'cdk.out', '--no-change-set', 'infra-dev'],
    exit,
    stdout,
  });
  const comment = { tool: 'gh', args: ['pr', 'comment', '12', '--edit-last', '--create-if-none', '--body-file', { file: true }] };
  const ok = runCi('scripts/ci/diff-comment 12 infra-dev', [diff(0, 'Stack infra-dev\nThere were no differences\n'), comment]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.calls.length, 2);
  const failed = runCi('scripts/ci/diff-comment 12 infra-dev', [
    diff(1, 'Error: Need to perform AWS calls for account 111122223333\n'),
    comment,
  ]);
  assert.equal(failed.status, 1);
  assert.equal(failed.calls.length, 2, 'the failure is posted before the job fails');
  assert.match(errorLine(failed)[0], /cdk diff failed \(exit 1\): Error: Need to perform AWS calls/);
});

test('check-config: fails naming the first example value, passes once they are replaced', () => {
  const committed = runCi('scripts/ci/check-config', []);
  assert.equal(committed.status, 1);
  assert.match(errorLine(committed)[0], /cdk.json still holds an example value: infra\.\S+=(acme|111122223333)/);
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const real = readFileSync(join(root, 'cdk.json'), 'utf8')
    .replaceAll('111122223333', '210987654321')
    .replaceAll('acme', 'example-co')
    .replaceAll('app.example.com', 'app.example-co.dev')
    .replaceAll('Z0EXAMPLE0000000000', 'Z04581231JN1K8YDL7Z2Q');
  writeFileSync(join(dir, 'cdk.json'), real);
  const replaced = runCi(`scripts/ci/check-config ${join(dir, 'cdk.json')}`, []);
  assert.equal(replaced.status, 0, replaced.stderr);
});

test('nothing in the workflows or scripts hides a failure', () => {
  const files = [
    ...readdirSync(join(root, '.github', 'workflows')).map((f) => join('.github', 'workflows', f)),
    ...readdirSync(join(root, 'scripts', 'ci')).map((f) => join('scripts', 'ci', f)),
    ...readdirSync(join(root, 'scripts'))
      .filter((f) => !['ci', 'lib'].includes(f))
      .map((f) => join('scripts', f)),
  ];
  const hiding = [/\|\|\s*true\b/, /\|\|\s*:(\s|$)/, /\bset \+e\b/, /continue-on-error/, /if:\s*always\(\)/];
  const found = files
    .flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ f, i, line })),
    )
    .filter(({ line }) => !line.trim().startsWith('#') && hiding.some((h) => h.test(line)))
    .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`);
  assert.deepEqual(found, []);
  // Every CI script runs in strict mode (lib.sh: set -euo pipefail), so no exit status goes unchecked.
  const ciScripts = readdirSync(join(root, 'scripts', 'ci')).filter((f) => f !== 'lib.sh');
  assert.ok(ciScripts.length >= 7);
  for (const f of ciScripts)
    assert.match(
      readFileSync(join(root, 'scripts', 'ci', f), 'utf8'),
      /^source "\$\(dirname "\$0"\)\/lib\.sh"$/m,
      `${f} does not source lib.sh`,
    );
  assert.match(readFileSync(join(root, 'scripts', 'ci', 'lib.sh'), 'utf8'), /^set -euo pipefail$/m);
  // The scan itself can fail.
  assert.ok(hiding.some((h) => h.test('aws ecr put-image ... || true')));
});

const readWorkflow = (name) =>
  createRequire(import.meta.url)('yaml').parse(readFileSync(join(root, '.github', 'workflows', name), 'utf8'));

/** release.yml's jobs in order, each reusable workflow's one job in place of its caller; the env of both files. */
async function releaseWorkflow() {
  const workflow = readWorkflow('release.yml');
  for (const [id, job] of Object.entries(workflow.jobs).filter(([, j]) => j.uses?.startsWith('./'))) {
    const called = readWorkflow(job.uses.split('/').pop());
    const [inner] = Object.values(called.jobs);
    workflow.jobs[id] = { ...inner, needs: job.needs, if: job.if };
    workflow.env = { ...workflow.env, ...called.env };
  }
  const order = [];
  const done = new Set();
  while (order.length < Object.keys(workflow.jobs).length) {
    const next = Object.entries(workflow.jobs).find(([id, job]) => !done.has(id) && [job.needs ?? []].flat().every((n) => done.has(n)));
    assert.ok(next, 'the jobs form a chain');
    done.add(next[0]);
    order.push(next);
  }
  return { workflow, order };
}

/** Whether a job or step with this `if` runs, given the workflow's inputs and which jobs succeeded so far: the
 * expression evaluated as GitHub would for a run nobody cancels. */
function runsWhen(condition, inputs, succeeded = new Set()) {
  if (!condition) return true;
  const expression = condition
    .replace(/^\$\{\{\s*|\s*\}\}$/g, '')
    .replaceAll('!cancelled()', 'true')
    .replace(/needs\.([a-z_]+)\.result == 'success'/g, (_, job) => String(succeeded.has(job)))
    .replace(/inputs\.([a-z_]+)/g, (_, name) => {
      assert.ok(name in inputs, `the condition ${condition} reads input ${name}`);
      return String(inputs[name]);
    });
  assert.match(expression, /^[a-z!&|() ]+$/, `not evaluated: ${condition}`);
  return Function(`return (${expression});`)();
}

async function releaseSteps(rollback, devOnly = false) {
  const { workflow, order } = await releaseWorkflow();
  const inputs = { rollback, dev_only: devOnly };
  const succeeded = new Set();
  const steps = [];
  for (const [id, job] of order) {
    if (!runsWhen(job.if, inputs, succeeded)) continue;
    succeeded.add(id);
    steps.push(
      ...job.steps.filter((s) => s.run?.startsWith('scripts/ci/') && runsWhen(s.if, inputs)).map((s) => ({ job: id, run: s.run.trim() })),
    );
  }
  return { workflow, steps };
}

/** Runs the workflow's script steps in order (check-config aside: it reads the committed example values) with the
 * stand-ins told <rules>, and the workflow's env with the image tag input filled in. */
const runSteps = (steps, env, rules) =>
  runCi(
    steps
      .filter((s) => s.run !== 'scripts/ci/check-config')
      .map((s) => s.run)
      .join(' && '),
    rules,
    Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace('${{ inputs.image_tag }}', SHA)])),
  );

test('a dev-only release (an application repository push) deploys dev and stops: no plan, no prod', async () => {
  const { steps } = await releaseSteps(false, true);
  assert.deepEqual(
    steps.map((s) => `${s.job}: ${s.run.split(' ')[0]}`),
    ['dev: scripts/ci/check-config', 'dev: scripts/ci/check-image', 'dev: scripts/ci/deploy', 'dev: scripts/ci/smoke-check'],
  );
});

test('release.yml calls the scripts in the release order, and the happy path calls aws and cdk in that order', async () => {
  const { workflow, steps } = await releaseSteps(false);
  assert.deepEqual(
    steps.map((s) => `${s.job}: ${s.run.split(' ')[0]}`),
    [
      'dev: scripts/ci/check-config',
      'dev: scripts/ci/check-image',
      'dev: scripts/ci/deploy',
      'dev: scripts/ci/smoke-check',
      'plan: scripts/ci/plan-schema',
      'production: scripts/ci/promote-image',
      'production: scripts/ci/apply-schema',
      'production: scripts/ci/deploy',
      'production: scripts/ci/smoke-check',
      'production: scripts/ci/schema-status',
    ],
  );
  assert.equal(workflow.jobs.production.environment, 'production');

  const env = { ...workflow.env, IMAGE_TAG: SHA, PLAN_HASH: HASH, REQUESTED_BY: 'octocat run 7', EXTRA_HAZARDS: '' };
  const app = await answering('200'); // each environment's health URL, after its deploy
  const r = runSteps(
    steps,
    env,
    [
      describeImage(SHA),
      cdkDeploy(['infra-dev'], ['--parameters', `infra-dev:ImageTag=${SHA}`]),
      healthUrlOf('infra-dev', app.url),
      invoke(env.PLAN_FUNCTION, { action: 'plan' }, plan()),
      batchGet('{"m":1}'),
      putImage(),
      invoke(env.APPLY_FUNCTION, applyPayload, { statusCode: 200, planHash: HASH, revision: 's3://b/r/' }),
      cdkDeploy(['infra-shared', 'infra-prod'], ['--parameters', `infra-prod:ImageTag=${SHA}`]),
      healthUrlOf('infra-prod', app.url),
      invoke(env.APPLY_FUNCTION, { action: 'status' }, statusBody),
    ],
  );
  app.stop();
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.calls.length, 10);
});

// What the applying function's status answers (MigrationFunction's StatusAction, camelCase): the latest revisions.
const statusBody = {
  statusCode: 200,
  message: '2 revision(s)',
  revisions: [
    { id: '20261201T101500Z-9f2c', status: 'applied', hazards: ['AcquiresAccessExclusiveLock'], appliedAt: '2026-12-01T10:15:07Z' },
    { id: '20261120T090000Z-1a2b', status: 'applied', hazards: [], appliedAt: '2026-11-20T09:00:04Z' },
  ],
};

test('a roll back puts an earlier release back on dev and prod in one run: released before, no plan, no schema change', async () => {
  const { workflow, steps } = await releaseSteps(true);
  assert.deepEqual(
    steps.map((s) => `${s.job}: ${s.run.split(' ')[0]}`),
    [
      'dev: scripts/ci/check-config',
      'dev: scripts/ci/check-released',
      'dev: scripts/ci/deploy',
      'dev: scripts/ci/smoke-check',
      'production: scripts/ci/check-released',
      'production: scripts/ci/deploy',
      'production: scripts/ci/smoke-check',
      'production: scripts/ci/schema-status',
    ],
  );
  const env = { ...workflow.env, IMAGE_TAG: SHA };
  const app = await answering('200');
  const released = [digestOf(`prod-${SHA}`, 'sha256:abc'), digestOf(SHA, 'sha256:abc')];
  const r = runSteps(
    steps,
    env,
    [
      ...released,
      cdkDeploy(['infra-dev'], ['--parameters', `infra-dev:ImageTag=${SHA}`]),
      healthUrlOf('infra-dev', app.url),
      ...released,
      cdkDeploy(['infra-shared', 'infra-prod'], ['--parameters', `infra-prod:ImageTag=${SHA}`]),
      healthUrlOf('infra-prod', app.url),
      invoke(env.APPLY_FUNCTION, { action: 'status' }, statusBody),
    ],
  );
  app.stop();
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.calls.length, 9);
  assert.ok(!r.calls.some((c) => c.args.includes('invoke') && JSON.stringify(c.args).includes('apply')), 'no apply');
  assert.match(
    r.summary,
    /Live schema revision: 20261201T101500Z-9f2c, applied 2026-12-01T10:15:07Z \(hazards: AcquiresAccessExclusiveLock\)/,
  );
  assert.match(r.summary, /\| 20261120T090000Z-1a2b \| applied \| 2026-11-20T09:00:04Z \|  \|/);
});

test('check-released: refuses a tag that was never released to prod, or whose prod- tag names another image', () => {
  const never = runCi(`scripts/ci/check-released ${REPO} ${SHA}`, [
    { ...digestOf(`prod-${SHA}`, ''), stdout: '', stderr: 'An error occurred (ImageNotFoundException)\n', exit: 254 },
  ]);
  assert.equal(never.status, 1);
  assert.match(errorLine(never)[0], new RegExp(`image tag ${SHA} was never released to prod \\(no prod-${SHA} in ${REPO}\\)`));
  const moved = runCi(`scripts/ci/check-released ${REPO} ${SHA}`, [digestOf(`prod-${SHA}`, 'sha256:old'), digestOf(SHA, 'sha256:new')]);
  assert.equal(moved.status, 1);
  assert.match(errorLine(moved)[0], /prod-\S+ \(sha256:old\) and \S+ \(sha256:new\) name different images/);
  const notSha = runCi(`scripts/ci/check-released ${REPO} latest`, []);
  assert.match(errorLine(notSha)[0], /image tag 'latest' is not a git SHA/);
});

test('report-delta: cost and release time before -> after per environment, added and removed ones named; posted below the diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'delta-'));
  const env = (name, monthlyUsd, deploySeconds, unpriced = []) => ({
    name,
    stack: `infra-${name}`,
    region: 'us-east-1',
    monthlyUsd,
    deploySeconds,
    lines: [],
    unpriced,
  });
  writeFileSync(
    join(dir, 'base.json'),
    JSON.stringify({ environments: [env('shared', 0, null), env('dev', 29.57, 510), env('old', 3, 90)], accountMonthlyUsd: 32.57 }),
  );
  writeFileSync(
    join(dir, 'head.json'),
    JSON.stringify({
      environments: [env('shared', 0, null), env('dev', 40.1, 90, ['AWS::KMS::Key']), env('prod', 58.22, 120)],
      accountMonthlyUsd: 98.32,
    }),
  );
  const markdown = join(dir, 'delta.md');
  const delta = runCi(`scripts/ci/report-delta ${join(dir, 'base.json')} ${join(dir, 'head.json')}`, [], { REPORT_MARKDOWN: markdown });
  assert.equal(delta.status, 0, delta.stderr);
  assert.equal(delta.calls.length, 0);
  assert.deepEqual(
    readFileSync(markdown, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| ') || l.startsWith('Account')),
    [
      '| environment | monthly cost | release time | not priced |',
      '| dev | $29.57 → $40.10 | 510 s → 90 s | 1 |',
      '| old (removed) | $3.00 → - | 90 s → - | - |',
      '| prod (added) | $58.22 | 120 s | 0 |',
      '| shared | $0.00 | - | 0 |',
      'Account: $32.57 → $98.32 a month, plus what is not priced (see `scripts/report`).',
    ],
  );
  writeFileSync(join(dir, 'bad.json'), '{"not": "a report"}');
  const bad = runCi(`scripts/ci/report-delta ${join(dir, 'bad.json')} ${join(dir, 'head.json')}`, [], { REPORT_MARKDOWN: markdown });
  assert.equal(bad.status, 1);
  assert.match(errorLine(bad)[0], /bad\.json is not a scripts\/report JSON report/);
});

/** A real HTTP server (checks/lib/http-answerer.mjs) in its own process, so it answers while a script runs. */
async function answering(mode) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(root, 'checks', 'lib', 'http-answerer.mjs'), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise((done) => child.stdout.once('data', (d) => done(Number(String(d).trim()))));
  const requests = [];
  child.stderr.on('data', (d) => requests.push(...String(d).trim().split('\n')));
  return { url: `http://127.0.0.1:${port}/health`, requests, stop: () => child.kill() };
}

const healthUrlOf = (stack, url) => ({
  tool: 'aws',
  args: [
    'cloudformation',
    'describe-stacks',
    '--stack-name',
    stack,
    '--query',
    "Stacks[0].Outputs[?OutputKey=='HealthUrl'].OutputValue | [0]",
    '--output',
    'text',
  ],
  stdout: `${url}\n`,
});
const quick = { SMOKE_ATTEMPTS: '3', SMOKE_INTERVAL: '0', SMOKE_TIMEOUT: '1' };

test('smoke-check: passes when the health URL answers 2xx, after retries if it must', async () => {
  const server = await answering('500,200');
  try {
    const run = runCi('scripts/ci/smoke-check infra-dev', [healthUrlOf('infra-dev', server.url)], quick);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.summary, /smoke check: http:\/\/127\.0\.0\.1:\d+\/health answered 200 \(attempt 2 of 3\)/);
    await new Promise((done) => setTimeout(done, 50));
    assert.deepEqual(server.requests, ['GET /health', 'GET /health']);
  } finally {
    server.stop();
  }
});

test('smoke-check: fails naming the URL and the last answer: a 500, or no answer at all', async () => {
  for (const [mode, last] of [['500', /last answer: HTTP 500$/], ['silent', /last answer: no answer \(curl: \(28\) .*timed out/]]) {
    const server = await answering(mode);
    try {
      const run = runCi('scripts/ci/smoke-check infra-prod', [healthUrlOf('infra-prod', server.url)], quick);
      assert.equal(run.status, 1);
      const [line] = errorLine(run);
      assert.match(line, new RegExp(`smoke check: ${server.url.replaceAll('.', '\\.')} did not answer 2xx in 3 attempts`));
      assert.match(line.trim(), last);
      await new Promise((done) => setTimeout(done, 50));
      assert.equal(server.requests.length, 3, `${mode}: every attempt reached the server`);
    } finally {
      server.stop();
    }
  }
});

test('smoke-check: a stack with no health URL (a certificate but no domain) is reported, not failed', () => {
  const run = runCi('scripts/ci/smoke-check infra-prod', [healthUrlOf('infra-prod', 'None')], quick);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.summary, /infra-prod has no HealthUrl output/);
});

test('image-build starts the dev release of the pushed tag in the infrastructure repository, with the one stored token', () => {
  const job = readWorkflow('image-build.yml').jobs['start-dev-release'];
  assert.equal(job.if, "${{ inputs.release-repository != '' }}");
  assert.deepEqual(job.permissions, {});
  const [step] = job.steps;
  const env = { GH_TOKEN: 'github_pat_x', RELEASE_REPOSITORY: 'acme/infra', IMAGE_TAG: SHA };
  const dispatch = ['workflow', 'run', 'release.yml', '--repo', 'acme/infra', '--ref', 'main'];
  dispatch.push('-f', `image_tag=${SHA}`, '-f', 'dev_only=true');
  const started = runCi(step.run, [{ tool: 'gh', args: dispatch }], env);
  assert.equal(started.status, 0, started.stderr);
  assert.equal(started.calls.length, 1);
  assert.match(started.summary, new RegExp(`started the dev release of ${SHA} in acme/infra`));
  const noToken = runCi(step.run, [], { ...env, GH_TOKEN: '' });
  assert.equal(noToken.status, 1);
  // A workflow step's annotation goes to stdout, where GitHub reads it.
  assert.match(noToken.stdout, /^::error::release-repository is acme\/infra but no release-token secret was passed/);
  assert.equal(noToken.calls.length, 0);
});

test("budget-guard: fails naming each environment that grows past its budget.maxIncreaseUsd and the lines that grew", async () => {
  const { report } = await import('../scripts/lib/report.mjs');
  const base = report(join(root, 'cdk.out')); // the committed configuration: dev's limit $20, prod's $25
  const grown = (by) => {
    const head = structuredClone(base);
    for (const [name, item, usd] of by) {
      const environment = head.environments.find((e) => e.name === name);
      const line = environment.lines.find((l) => l.item.startsWith(item)) ?? { item, quantity: 1, unitUsd: 0, monthlyUsd: 0 };
      if (!environment.lines.includes(line)) environment.lines.push(line);
      line.monthlyUsd += usd;
      environment.monthlyUsd += usd;
    }
    return head;
  };
  const dir = mkdtempSync(join(tmpdir(), 'budget-'));
  const run = (head) => {
    writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
    writeFileSync(join(dir, 'head.json'), JSON.stringify(head));
    return runCi(`scripts/ci/budget-guard ${join(dir, 'base.json')} ${join(dir, 'head.json')}`, []);
  };
  assert.ok(base.environments.find((e) => e.name === 'prod').budget.maxIncreaseUsd > 0, 'the committed prod has a limit');

  const within = run(grown([['prod', 'db.t4g.small hours', 20], ['dev', 'KMS keys', 19.5]]));
  assert.equal(within.status, 0, within.stderr);
  assert.match(within.summary, /within its budget\.maxIncreaseUsd/);

  const over = run(grown([['prod', 'db.t4g.small hours', 18.25], ['prod', 'NAT gateway hours', 32.85], ['dev', 'KMS keys', 1]]));
  assert.equal(over.status, 1);
  const database = base.environments.find((e) => e.name === 'prod').lines.find((l) => l.item.startsWith('db.t4g.small hours')).item;
  assert.deepEqual(errorLine(over), [
    `::error::budget-guard: prod grows $51.1 a month (limit $25, budget.maxIncreaseUsd): NAT gateway hours +$32.85, ${database} +$18.25`,
  ]);
  assert.equal(over.calls.length, 0);
});
