// The table scripts/compliance prints: per rule pack, findings without waivers, waived, left.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { complianceCounts } from '../../checks/lib/compliance.mjs';

/** The stacks' template files in a cloud assembly. */
export function templateFiles(cdkOut) {
  const manifestFile = join(cdkOut, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} not found: run scripts/synth first`);
  const { artifacts } = JSON.parse(readFileSync(manifestFile, 'utf8'));
  return Object.values(artifacts)
    .filter((artifact) => artifact.type === 'aws:cloudformation:stack')
    .map((artifact) => join(cdkOut, artifact.properties.templateFile));
}

/** Markdown rows, one per pack. */
export function complianceTable(counts) {
  const rows = Object.entries(counts).map(
    ([pack, { findings, waived }]) => `| ${pack} | ${findings} | ${waived} | ${findings - waived} |`,
  );
  return ['| Pack | Findings without waivers | Waived | Left |', '|---|---:|---:|---:|', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(complianceTable(complianceCounts(templateFiles(process.argv[2] ?? 'cdk.out'))));
}
