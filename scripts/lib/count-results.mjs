// Adds up every runner's results (TRX files from dotnet test, TAP from node --test) into one closing line,
// "N passed, N failed". A runner that failed without reporting a failed test (a crashed test host, a build
// error) counts as one failure, so a broken run can never read as green. Exit code: 0 only when nothing failed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, runnerStatus = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const file of readdirSync(dir)) {
  const text = readFileSync(join(dir, file), 'utf8');
  if (file.endsWith('.trx')) {
    const counters = text.match(/<Counters\b[^>]*>/)?.[0] ?? '';
    const count = (name) => Number(counters.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
    passed += count('passed');
    failed += count('failed') + count('error') + count('timeout') + count('aborted');
    // A test host that crashed leaves tests "notExecuted"; they did not pass.
    failed += count('notExecuted');
  } else if (file.endsWith('.tap')) {
    passed += Number(text.match(/^# pass (\d+)$/m)?.[1] ?? 0);
    failed += Number(text.match(/^# fail (\d+)$/m)?.[1] ?? 0) + (text.match(/^not ok - /gm)?.length ?? 0);
  }
}
if (runnerStatus !== '0' && failed === 0) {
  console.error(`a runner exited with status ${runnerStatus} without reporting a failed test`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
