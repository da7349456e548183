// Prints one line per synthesized stack: name, environment, resource count and the most common types; then a warning
// for each stack whose internet-facing load balancer serves the app over plain HTTP (service.allowPlainHttp).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainHttpListeners } from './template.mjs';

const dir = process.argv[2] ?? 'cdk.out';
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
let total = 0;
for (const [id, artifact] of stacks) {
  const template = JSON.parse(readFileSync(join(dir, artifact.properties.templateFile), 'utf8'));
  const types = Object.values(template.Resources ?? {}).map((r) => r.Type);
  total += types.length;
  const counts = Object.entries(types.reduce((acc, t) => ({ ...acc, [t]: (acc[t] ?? 0) + 1 }), {}))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t, n]) => `${t.replace('AWS::', '')} x${n}`);
  const name = artifact.properties.stackName ?? id;
  console.log(`${name.padEnd(16)} ${artifact.environment.padEnd(34)} ${String(types.length).padStart(3)} resources  ${counts.join(', ')}`);
}
console.log(`${stacks.length} stacks, ${total} resources in ${dir}`);
for (const [id, artifact] of stacks) {
  const template = JSON.parse(readFileSync(join(dir, artifact.properties.templateFile), 'utf8'));
  for (const port of plainHttpListeners(template))
    console.log(
      `warning: ${artifact.properties.stackName ?? id} serves the app over plain HTTP (port ${port}) to the internet; `
        + 'give its service certificateArn, or domainName and hostedZoneId',
    );
}
