// The committed pictures of the environments (docs/diagrams) are what scripts/diagram draws from this synth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadApp } from '../scripts/lib/report.mjs';
import { environmentDiagram } from '../scripts/lib/diagram.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const app = loadApp(join(root, 'cdk.out'));

for (const stack of app.filter((s) => s.name !== 'shared')) {
  test(`${stack.name}: docs/diagrams/${stack.name}.dot is drawn from cdk.out, and rendered`, () => {
    const file = join(root, 'docs', 'diagrams', `${stack.name}.dot`);
    assert.ok(existsSync(file), `missing ${file}: run scripts/diagram and commit the result`);
    assert.equal(readFileSync(file, 'utf8'), environmentDiagram(app, stack.name), `${file} is stale: run scripts/diagram and commit the result`);
    assert.ok(existsSync(file.replace(/\.dot$/, '.png')), 'the PNG rendered from it is missing: run scripts/diagram');
  });
}

test('the picture follows the template: a private database, the migration path to the source database only where the function is', () => {
  const prod = environmentDiagram(app, 'prod');
  const dev = environmentDiagram(app, 'dev');
  assert.match(prod, /db \[label="PostgreSQL db\.t4g\.small, Multi-AZ"/);
  assert.match(prod, /migrate -> source_db \[label="plan \(schema_plan\)"\]/);
  assert.doesNotMatch(dev, /migrate/);
  assert.throws(() => environmentDiagram(app, 'staging'), /no stacks for 'shared' and 'staging'/);
});
