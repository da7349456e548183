// Every relative link in the user documentation leads somewhere: the file exists, and a #fragment names a heading
// of it (GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { root } from './lib/app-model.mjs';

const documents = [
  'README.md',
  'constructs/README.md',
  'examples/README.md',
  'lambda-src/README.md',
  'contract/README.md',
  ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
].filter((f) => existsSync(join(root, f)));

/** GitHub's anchor of a Markdown heading. */
const anchorOf = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsIn = (file) =>
  new Set(
    readFileSync(file, 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchorOf(line.replace(/^#+ /, ''))),
  );

test("the anchor rule is GitHub's", () => {
  assert.equal(anchorOf('Connecting GitHub'), 'connecting-github');
  assert.equal(anchorOf("The app's settings, secrets and TLS"), 'the-apps-settings-secrets-and-tls');
  assert.equal(anchorOf('TLS: `certificateArn`, `domainName`'), 'tls-certificatearn-domainname');
});

for (const document of documents) {
  test(`${document}: every relative link resolves, with its anchor`, () => {
    const text = readFileSync(join(root, document), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
      const [path, fragment] = target.split('#');
      const file = path ? join(dirname(join(root, document)), path) : join(root, document);
      if (!existsSync(file)) {
        broken.push(`${target}: no ${relative(root, file)}`);
        continue;
      }
      if (fragment && file.endsWith('.md') && !anchorsIn(file).has(fragment))
        broken.push(`${target}: no heading #${fragment} in ${relative(root, file)}`);
    }
    assert.deepEqual(broken, []);
  });
}
