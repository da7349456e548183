// The README's copies of scripts/report against a fresh report of the same cdk.out: the committed configuration's
// report in full, and excerpts of each example configuration's (the test command runs this file once per example with
// CDK_OUT=.tmp/cdk.out.<example>): every quoted line must be one the report prints now, so a figure cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { report, renderText } from '../scripts/lib/report.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const example = process.env.CDK_OUT ? basename(resolve(process.env.CDK_OUT)).replace(/^cdk\.out\./, '') : null;

/** The text of every fenced block between <!-- marker:start --> and <!-- marker:end --> in the README. */
function quoted(marker) {
  const blocks = [];
  for (let at = readme.indexOf(`<!-- ${marker}:start -->`); at >= 0; at = readme.indexOf(`<!-- ${marker}:start -->`, at + 1)) {
    const end = readme.indexOf(`<!-- ${marker}:end -->`, at);
    assert.ok(end > at, `README.md: <!-- ${marker}:start --> has no end marker`);
    blocks.push(readme.slice(at, end).split('```text\n')[1].split('```')[0]);
  }
  return blocks;
}

if (example === null) {
  test('the README quotes the report scripts/report prints now for the committed configuration', () => {
    const [block] = quoted('report');
    assert.ok(block, 'README.md has no report block');
    assert.equal(
      block,
      renderText(report(join(root, 'cdk.out'))),
      'README.md differs from scripts/report: paste its output between the report markers',
    );
  });
} else {
  test(`the README's excerpts of examples/${example}.json's report are lines scripts/report prints now`, () => {
    const blocks = quoted(`report:${example}`);
    assert.ok(
      blocks.length > 0,
      `README.md quotes nothing of examples/${example}.json's report `
        + `(add a block between <!-- report:${example}:start --> and <!-- report:${example}:end -->)`,
    );
    const printed = new Set(renderText(report(resolve(process.env.CDK_OUT))).split('\n'));
    const stale = blocks.flatMap((b) => b.split('\n')).filter((line) => line !== '' && !printed.has(line));
    assert.deepEqual(stale, [], `README.md quotes lines scripts/report --cdk-out ${process.env.CDK_OUT} no longer prints`);
  });
}
