// scripts/configure's command line: flags or, on a terminal, questions (the current value is the default answer).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { accountAndRegion, configureCdkJson, configureContext, problems } from './configure.mjs';

const usage = 'usage: scripts/configure --account <id> --region <code> --github <owner/repo> [--backend <owner/repo>] [--no-synth]';
const flags = { '--account': 'account', '--region': 'region', '--github': 'github', '--backend': 'backend' };
const answers = {};
const args = process.argv.slice(2).filter((a) => a !== '--no-synth');
for (let i = 0; i < args.length; i += 2) {
  if (args[i] === '--help' || args[i] === '-h') {
    console.log(usage);
    process.exit(0);
  }
  if (!flags[args[i]] || args[i + 1] === undefined) {
    console.error(`configure: ${flags[args[i]] ? `${args[i]} needs a value` : `unknown option '${args[i]}'`}\n${usage}`);
    process.exit(2);
  }
  answers[flags[args[i]]] = args[i + 1];
}

const cdkJson = readFileSync('cdk.json', 'utf8');
const current = { ...accountAndRegion(cdkJson), ...githubOf(cdkJson) };
const missing = ['account', 'region', 'github'].filter((key) => answers[key] === undefined);
if (missing.length > 0 && process.stdin.isTTY) {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  for (const key of [...missing, ...(answers.backend === undefined ? ['backend'] : [])]) {
    const answer = (await terminal.question(`${key} [${current[key] ?? ''}]: `)).trim();
    if (answer !== '') answers[key] = answer;
  }
  terminal.close();
} else if (missing.length === 3 && answers.backend === undefined) {
  console.error(`configure: nothing to do\n${usage}`);
  process.exit(2);
}

const found = problems(answers);
if (found.length > 0) {
  for (const line of found) console.error(`configure: ${line}`);
  process.exit(1);
}
const configured = configureCdkJson(cdkJson, answers);
writeFileSync('cdk.json', configured);
const { account, region } = accountAndRegion(configured);
if (answers.account !== undefined || answers.region !== undefined) {
  const context = existsSync('cdk.context.json') ? readFileSync('cdk.context.json', 'utf8') : '';
  writeFileSync('cdk.context.json', configureContext(context, account, region));
}
console.log(`configure: cdk.json set for account ${account}, region ${region}${answers.github ? `, ${answers.github}` : ''}`
  + `${answers.backend ? ` (images from ${answers.backend})` : ''}`);

function githubOf(text) {
  const { github } = JSON.parse(text).context.infra;
  return { github: github ? `${github.owner}/${github.repository}` : undefined, backend: github?.imageRepositories?.[0] };
}
