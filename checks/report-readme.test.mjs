// The user documentation's copies of scripts/report (README.md and docs/*.md) against a fresh report of the same
// cdk.out: the committed configuration's report in full (docs/report.md), and excerpts of each example
// configuration's (the test command runs this file once per example with CDK_OUT=.tmp/cdk.out.<example>): every
// quoted line must be one the report prints now, so a figure cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { report, renderText } from '../scripts/lib/report.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const readme = documents.map((f) => readFileSync(join(root, f), 'utf8')).join('\n');
const example = process.env.CDK_OUT ? basename(resolve(process.env.CDK_OUT)).replace(/^cdk\.out\./, '') : null;

/** The text of every fenced block between <!-- marker:start --> and <!-- marker:end --> in the documents. */
function quoted(marker) {
  const blocks = [];
  for (let at = readme.indexOf(`<!-- ${marker}:start -->`); at >= 0; at = readme.indexOf(`<!-- ${marker}:start -->`, at + 1)) {
    const end = readme.indexOf(`<!-- ${marker}:end -->`, at);
    assert.ok(end > at, `<!-- ${marker}:start --> has no end marker`);
    blocks.push(readme.slice(at, end).split('```text\n')[1].split('```')[0]);
  }
  return blocks;
}

if (example === null) {
  test('docs/report.md quotes the report scripts/report prints now for the committed configuration', () => {
    const [block] = quoted('report');
    assert.ok(block, 'docs/report.md has no report block');
    assert.equal(
      block,
      renderText(report(join(root, 'cdk.out'))),
      'docs/report.md differs from scripts/report: paste its output between the report markers',
    );
  });
} else {
  test(`the documents' excerpts of examples/${example}.json's report are lines scripts/report prints now`, () => {
    const blocks = quoted(`report:${example}`);
    assert.ok(
      blocks.length > 0,
      `README.md and docs/ quote nothing of examples/${example}.json's report `
        + `(add a block between <!-- report:${example}:start --> and <!-- report:${example}:end -->)`,
    );
    const printed = new Set(renderText(report(resolve(process.env.CDK_OUT))).split('\n'));
    const stale = blocks.flatMap((b) => b.split('\n')).filter((line) => line !== '' && !printed.has(line));
    assert.deepEqual(stale, [], `the documents quote lines scripts/report --cdk-out ${process.env.CDK_OUT} no longer prints`);
  });
}
