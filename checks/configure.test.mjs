// scripts/configure: the answers land in cdk.json (only the keys asked for; every other byte kept), the region's
// zones in cdk.context.json, a re-run with the same answers changes nothing, and a bad answer is one line naming the
// flag. The zone table covers every commercial region the app's configuration accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/app-model.mjs';
import { availabilityZones } from '../scripts/lib/availability-zones.mjs';
import { configureCdkJson } from '../scripts/lib/configure.mjs';

const cli = join(root, 'scripts/lib/configure-cli.mjs');

/** Runs the configure command line in a copy of the repository's cdk.json and cdk.context.json. */
function configureCopy(...args) {
  const dir = mkdtempSync(join(tmpdir(), 'configure-'));
  copyFileSync(join(root, 'cdk.json'), join(dir, 'cdk.json'));
  copyFileSync(join(root, 'cdk.context.json'), join(dir, 'cdk.context.json'));
  const run = (more) => spawnSync('node', [cli, ...more], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const first = run(args);
  const read = (file) => readFileSync(join(dir, file), 'utf8');
  const result = { run: first, cdkJson: read('cdk.json'), context: read('cdk.context.json') };
  result.again = run(args);
  result.cdkJsonAgain = read('cdk.json');
  result.contextAgain = read('cdk.context.json');
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** The lines of `after` that differ from `before` (same line count: the edit replaces values in place). */
const changedLines = (before, after) => {
  const old = before.split('\n');
  return after.split('\n').filter((line, i) => line !== old[i]);
};

test('writes the account, region and repositories into cdk.json and nothing else', () => {
  const answers = ['--account', '210987654321', '--region', 'eu-west-1', '--github', 'me/infra', '--backend', 'me/api'];
  const { run, cdkJson } = configureCopy(...answers);
  assert.equal(run.status, 0, run.stderr);
  const infra = JSON.parse(cdkJson).context.infra;
  for (const env of Object.values(infra.environments)) assert.deepEqual([env.account, env.region], ['210987654321', 'eu-west-1']);
  assert.deepEqual([infra.github.owner, infra.github.repository, infra.github.imageRepositories], ['me', 'infra', ['me/api']]);
  // Putting the committed values back gives the committed file byte for byte: nothing else moved.
  const original = readFileSync(join(root, 'cdk.json'), 'utf8');
  const committed = JSON.parse(original).context.infra;
  const [env] = Object.values(committed.environments);
  const restored = configureCdkJson(cdkJson, {
    account: env.account,
    region: env.region,
    github: `${committed.github.owner}/${committed.github.repository}`,
    backend: committed.github.imageRepositories[0],
  });
  assert.equal(restored, original);
});

test("writes the region's zones into cdk.context.json under the key CDK reads, keeping other entries", () => {
  const { context } = configureCopy('--account', '210987654321', '--region', 'eu-west-1', '--github', 'me/infra');
  const entries = JSON.parse(context);
  assert.deepEqual(entries['availability-zones:account=210987654321:region=eu-west-1'], ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  for (const [key, value] of Object.entries(JSON.parse(readFileSync(join(root, 'cdk.context.json'), 'utf8'))))
    assert.deepEqual(entries[key], value);
});

test('a re-run with the same answers changes nothing; one with only --region changes only the regions', () => {
  const same = configureCopy('--account', '210987654321', '--region', 'eu-west-1', '--github', 'me/infra');
  assert.equal(same.again.status, 0, same.again.stderr);
  assert.equal(same.cdkJsonAgain, same.cdkJson);
  assert.equal(same.contextAgain, same.context);
  const regionOnly = configureCopy('--region', 'us-east-2');
  assert.equal(regionOnly.run.status, 0, regionOnly.run.stderr);
  const changed = changedLines(readFileSync(join(root, 'cdk.json'), 'utf8'), regionOnly.cdkJson);
  assert.ok(changed.length > 0 && changed.every((line) => line.includes('"region": "us-east-2"')), changed.join('\n'));
});

test('a bad answer fails with one line naming the flag and the value, and writes nothing', () => {
  const { run, cdkJson } = configureCopy('--account', '1234', '--region', 'mars-north-1', '--github', 'not a repo');
  assert.equal(run.status, 1);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 3, run.stderr);
  assert.match(lines[0], /--account: '1234' is not a 12-digit AWS account id/);
  assert.match(lines[1], /--region: 'mars-north-1' is not a commercial AWS region/);
  assert.match(lines[2], /--github: 'not a repo' is not a GitHub repository as owner\/name/);
  assert.equal(cdkJson, readFileSync(join(root, 'cdk.json'), 'utf8'));
  assert.equal(configureCopy('--colour', 'blue').run.status, 2);
});

test('the zone table covers every commercial region the configuration accepts, at least two zones each', () => {
  const known = [...readFileSync(join(root, 'cdk/Config/AwsRegions.cs'), 'utf8').matchAll(/"([a-z]{2}(?:-[a-z]+)+-\d)"/g)]
    .map((m) => m[1])
    .filter((region) => !/^(us-gov|cn)-/.test(region));
  assert.ok(known.length > 20, 'AwsRegions.cs lists the regions');
  assert.deepEqual(known.filter((region) => !availabilityZones[region]), []);
  for (const [region, zones] of Object.entries(availabilityZones)) {
    assert.ok(zones.length >= 2, region);
    assert.ok(zones.every((zone) => new RegExp(`^${region}[a-f]$`).test(zone)), `${region}: ${zones}`);
  }
});
