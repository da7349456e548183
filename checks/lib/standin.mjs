// A stand-in for the AWS CLI, the GitHub CLI and npx (cdk), for testing the CI scripts where AWS and GitHub cannot
// run. Each call is appended to $STANDIN_LOG as {tool, args}; it must match the next expected call in $STANDIN_RULES
// exactly (every argument; {"json": ...} compares a JSON argument by value, {"file": true} is a temporary path), or the stand-in exits 97
// naming the call.
// A matching rule replays its answer: stdout, stderr, exit status, and for `aws lambda invoke` the response body
// written to the outfile (the last argument).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

const [tool, ...args] = process.argv.slice(2);
appendFileSync(process.env.STANDIN_LOG, JSON.stringify({ tool, args }) + '\n');
const calls = readFileSync(process.env.STANDIN_LOG, 'utf8').trim().split('\n').length;
const rules = JSON.parse(readFileSync(process.env.STANDIN_RULES, 'utf8'));
const rule = rules[calls - 1];

const matches = (expected, actual) => {
  if (typeof expected === 'string') return expected === actual;
  if (expected.file) return actual.length > 0; // a temporary file the script chose
  try {
    return isDeepStrictEqual(expected.json, JSON.parse(actual));
  } catch {
    return false;
  }
};
const shown = (a) => (typeof a === 'string' ? a : a.file ? '<file>' : JSON.stringify(a.json));
if (!rule || rule.tool !== tool || rule.args.length !== args.length || !rule.args.every((e, i) => matches(e, args[i]))) {
  process.stderr.write(
    `stand-in ${tool}: unexpected call ${calls}: ${tool} ${args.join(' ')}\n`
      + `  expected: ${rule ? `${rule.tool} ${rule.args.map(shown).join(' ')}` : 'no further call'}\n`,
  );
  process.exit(97);
}
if (rule.body !== undefined) writeFileSync(args[args.length - 1], typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body));
if (rule.stdout) process.stdout.write(rule.stdout);
if (rule.stderr) process.stderr.write(rule.stderr);
process.exit(rule.exit ?? 0);
