// The README's Quick start, command by command, run here where it can be and otherwise held to what it names:
// scripts/configure prints the line quoted (on a copy of the configuration), check-config the refusal quoted, the
// bootstrap commands name the committed templates with the qualifiers cdk.json gives each level, the deploy names the
// stacks synth makes, the variables are ones the workflows read, and the release inputs are release.yml's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/app-model.mjs';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
const blocks = (lang) => [...quickStart.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const commands = blocks('bash').flatMap((b) => b.replace(/\\\n\s*/g, '').split('\n').map((l) => l.trim()).filter(Boolean));
const printed = blocks('text').join('\n');
const infra = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')).context.infra;
const words = (command) => command.split(/\s+/);

test('the Quick start shows commands and what they print', () => {
  assert.ok(commands.length >= 6, commands.join('\n'));
  assert.ok(printed.length > 0);
});

test('scripts/configure prints the line the Quick start quotes', () => {
  const configure = commands.find((c) => c.startsWith('scripts/configure '));
  assert.ok(configure, 'the Quick start runs scripts/configure');
  const dir = mkdtempSync(join(tmpdir(), 'quick-start-'));
  try {
    for (const file of ['cdk.json', 'cdk.context.json']) copyFileSync(join(root, file), join(dir, file));
    const run = spawnSync('node', [join(root, 'scripts/lib/configure-cli.mjs'), ...words(configure).slice(1), '--no-synth'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(printed.includes(run.stdout.trim()), `the Quick start does not quote what configure printed: ${run.stdout}`);
    assert.ok(existsSync(join(root, 'scripts/configure')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check-config refuses the committed example values with the message the Quick start quotes', () => {
  const run = spawnSync(join(root, 'scripts/ci/check-config'), [], { cwd: root, encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  const quoted = quickStart.match(/`(cdk\.json still holds an example value: )\.\.\.`/);
  assert.ok(quoted, 'the Quick start quotes check-config');
  assert.ok(run.stdout.concat(run.stderr).includes(quoted[1]), run.stdout + run.stderr);
});

test('each bootstrap command names a committed template and the qualifier cdk.json gives that level', () => {
  const bootstraps = commands.filter((c) => c.startsWith('npx cdk bootstrap '));
  assert.deepEqual(bootstraps.length, Object.keys(infra.trustLevels).length);
  for (const command of bootstraps) {
    const args = words(command);
    const template = args[args.indexOf('--template') + 1];
    const level = template.match(/^bootstrap\/(.+)\.template\.json$/)[1];
    assert.ok(existsSync(join(root, template)), template);
    assert.equal(args[args.indexOf('--qualifier') + 1], infra.trustLevels[level].qualifier, command);
  }
});

test('the first deploy names every stack synth makes', () => {
  const deploy = commands.find((c) => c.includes('npx cdk deploy '));
  const stacks = readdirSync(join(root, 'cdk.out')).filter((f) => f.endsWith('.template.json')).map((f) => f.replace('.template.json', ''));
  const named = words(deploy).slice(words(deploy).indexOf('--exclusively') + 1);
  assert.deepEqual([...named].sort(), [...stacks].sort());
});

test('the variables set are the ones the workflows read, and the release inputs are release.yml\'s', () => {
  const workflows = readdirSync(join(root, '.github/workflows')).map((f) => readFileSync(join(root, '.github/workflows', f), 'utf8'));
  for (const command of commands.flatMap((c) => c.split('&&')).map((c) => c.trim()).filter((c) => c.startsWith('gh variable set'))) {
    const name = words(command)[3];
    assert.ok(workflows.some((w) => w.includes(`vars.${name}`)), `no workflow reads vars.${name}`);
  }
  const release = createRequire(import.meta.url)('yaml').parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8'));
  const inputs = Object.keys(release.on.workflow_dispatch.inputs);
  for (const command of commands.filter((c) => c.startsWith('gh workflow run release.yml'))) {
    for (const [, name] of command.matchAll(/-f (\w+)=/g)) assert.ok(inputs.includes(name), `${name} is not an input of release.yml`);
  }
});
