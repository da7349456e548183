// Runs a CI script as the workflows run it, with a stand-in aws, gh and npx on PATH (checks/lib/standin.mjs: it records
// every call and refuses any argument it was not told to expect). Returns the exit status, output, the calls made, and
// what the script wrote to the step summary and outputs.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './app-model.mjs';

const standin = join(root, 'checks', 'lib', 'standin.mjs');

export function runCi(command, rules, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of ['aws', 'gh', 'npx']) {
    writeFileSync(join(bin, tool), `#!/bin/sh\nexec node ${standin} ${tool} "$@"\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  writeFileSync(join(dir, 'rules.json'), JSON.stringify(rules));
  writeFileSync(join(dir, 'calls.log'), '');
  const result = spawnSync('bash', ['-c', command], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      STANDIN_LOG: join(dir, 'calls.log'),
      STANDIN_RULES: join(dir, 'rules.json'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_OUTPUT: join(dir, 'output'),
      TMPDIR: dir,
      ...env,
    },
  });
  const read = (f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  const calls = read('calls.log')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls,
    summary: read('summary.md'),
    output: read('output'),
  };
}
