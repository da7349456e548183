// scripts/configure's work, as functions the tests call: checks the answers, then writes them into cdk.json (every
// environment's account and region: all share one; this repository and the backend's) and the region's availability
// zones into cdk.context.json. Only the keys asked for change; the rest of each file is kept byte for byte.
import { availabilityZones } from './availability-zones.mjs';
import { setJsonValue, valueSpan } from './json-edit.mjs';

const infra = ['context', 'infra'];

/** One line per answer that cannot be used, naming the flag and the value. */
export function problems({ account, region, github, backend }) {
  const found = [];
  if (account !== undefined && !/^\d{12}$/.test(account)) found.push(`--account: '${account}' is not a 12-digit AWS account id`);
  if (region !== undefined && !availabilityZones[region])
    found.push(
      `--region: '${region}' is not a commercial AWS region this script knows the zones of `
        + `(${Object.keys(availabilityZones).join(', ')}); add its cdk.context.json entry by hand`,
    );
  for (const [flag, value] of [['--github', github], ['--backend', backend]])
    if (value !== undefined && !/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(value))
      found.push(`${flag}: '${value}' is not a GitHub repository as owner/name`);
  return found;
}

/** cdk.json's text with the answers given (undefined ones left as they are). */
export function configureCdkJson(text, { account, region, github, backend }) {
  const environments = Object.keys(JSON.parse(text).context.infra.environments);
  let out = text;
  for (const name of environments) {
    if (account !== undefined) out = setJsonValue(out, [...infra, 'environments', name, 'account'], account);
    if (region !== undefined) out = setJsonValue(out, [...infra, 'environments', name, 'region'], region);
  }
  if (github !== undefined) {
    const [owner, repository] = github.split('/');
    out = setJsonValue(out, [...infra, 'github', 'owner'], owner);
    out = setJsonValue(out, [...infra, 'github', 'repository'], repository);
    // Numeric ids pin the old repository; they are the new one's to fill in (see docs/github.md).
    for (const key of ['ownerId', 'repositoryId'])
      if (valueSpan(out, [...infra, 'github', key])) out = removeKey(out, [...infra, 'github', key]);
  }
  if (backend !== undefined) out = setJsonValue(out, [...infra, 'github', 'imageRepositories'], [backend]);
  return out;
}

/** cdk.context.json's text with the zones of (account, region) from the table; other entries kept. */
export function configureContext(text, account, region) {
  const context = text.trim() === '' ? {} : JSON.parse(text);
  context[`availability-zones:account=${account}:region=${region}`] = availabilityZones[region];
  return JSON.stringify(context, null, 2) + '\n';
}

/** The account and region cdk.json names (its first environment's: all share them). */
export function accountAndRegion(text) {
  const [first] = Object.values(JSON.parse(text).context.infra.environments);
  return { account: first.account, region: first.region };
}

function removeKey(text, path) {
  const [start, end] = valueSpan(text, path);
  const keyStart = text.lastIndexOf(JSON.stringify(path.at(-1)), start);
  const after = text.slice(end).match(/^\s*,\s*/);
  if (after) return text.slice(0, keyStart) + text.slice(end + after[0].length);
  const before = text.slice(0, keyStart).match(/,\s*$/);
  return text.slice(0, keyStart - (before ? before[0].length : 0)) + text.slice(end);
}
