// The infra:reachability metadata's vocabulary (contract/reachability.json): the codes the constructs write and the
// names people read. The report and the diagram read the codes and ask here for words; neither parses prose.
import { readFileSync } from 'node:fs';

const vocabulary = JSON.parse(readFileSync(new URL('../../contract/reachability.json', import.meta.url), 'utf8'));
const ENDPOINT = 'interface-endpoint:';

/** What meets a need, from its code: { way: 'nat-gateway' | 's3-gateway' | 'interface-endpoint' | 'none', service? }. */
export function wayOut(metBy) {
  if (metBy.startsWith(ENDPOINT)) return { way: 'interface-endpoint', service: metBy.slice(ENDPOINT.length) };
  if (!(metBy in vocabulary.metBy)) throw new Error(`reachability: '${metBy}' is not a code of contract/reachability.json`);
  return { way: metBy };
}

/** The words for what meets a need ("S3 gateway endpoint", "interface endpoint logs", "NAT gateway", "not reached"). */
export function describeMetBy(metBy) {
  const { way, service } = wayOut(metBy);
  return service ? `${vocabulary.metBy[way]} ${service}` : vocabulary.metBy[way];
}

/** The words for a workload code; a workload the library does not name (a consumer's own) shows its code. */
export const workloadLabel = (code) => vocabulary.workloads[code] ?? code;
