// Lines fit a screen: no line of C#, JavaScript (.mjs) or shell is longer than 140 characters (.editorconfig's
// max_line_length). Markdown and data files are exempt (tables, generated JSON). C# is laid out by csharpier
// (.csharpierrc.yaml) and JavaScript by prettier (.prettierrc.json); long strings and comments are wrapped by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
export const LIMIT = 140;

/** The files the limit holds for: tracked C#, .mjs, and shell scripts (scripts/ and .ci/ files without an extension). */
function sources() {
  const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  const shell = (f) => /^(scripts\/(ci\/)?[^/.]+|scripts\/lib\/[^/]+\.sh|\.ci\/run)$/.test(f);
  return tracked.filter((f) => !f.startsWith('bench/peers/') && (f.endsWith('.cs') || f.endsWith('.mjs') || shell(f)));
}

/** "<file>:<line>: <length>" for every line of <text> longer than the limit. */
export function longLines(file, text) {
  return text.split('\n').flatMap((line, i) => ([...line].length > LIMIT ? [`${file}:${i + 1}: ${[...line].length}`] : []));
}

test('the check finds a long line (it can fail)', () => {
  assert.deepEqual(longLines('x.cs', `short\n${'y'.repeat(LIMIT + 1)}\n${'z'.repeat(LIMIT)}`), [`x.cs:2: ${LIMIT + 1}`]);
});

test(`no C#, .mjs or shell line is longer than ${LIMIT} characters`, () => {
  const files = sources();
  assert.ok(files.length > 200, `only ${files.length} source files found`);
  assert.deepEqual(files.flatMap((f) => longLines(f, readFileSync(join(root, f), 'utf8'))), []);
});
