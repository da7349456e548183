// Prints one line per example value still in cdk.json (key=value), nothing when there is none. The example values
// keep synth working offline; a deploy must not run with them (scripts/ci/check-config fails on any line).
import { readFileSync } from 'node:fs';

// The values the committed cdk.json ships with, defined once: AWS's documentation account, a placeholder owner, the
// reserved example domain and a placeholder hosted zone.
const EXAMPLES = [/^111122223333$/, /^acme$/, /^acme\//, /(^|\.)example\.com$/, /^Z0EXAMPLE/];

const walk = (node, path, found) => {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${path}[${i}]`, found));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k, found);
  else if (typeof node === 'string' && EXAMPLES.some((e) => e.test(node))) found.push(`${path}=${node}`);
  return found;
};

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const line of walk(config.context ?? config, '', [])) console.log(line);
