// The JSON Schemas the test run holds data to, loaded into ajv (the maintained validator, draft 2020-12): the report's
// JSON form (scripts/lib/report.schema.json), the contract's reachability, secrets and budget metadata, which the
// report embeds, and cdk.json's configuration (contract/config.schema.json).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

const SCHEMAS = {
  reachability: read('../../contract/reachability.schema.json'),
  secrets: read('../../contract/secrets.schema.json'),
  budget: read('../../contract/budget.schema.json'),
  schedule: read('../../contract/schedule.schema.json'),
  report: read('../../scripts/lib/report.schema.json'),
  config: read('../../contract/config.schema.json'),
};

/** A function (name, data) -> the errors as "<instance path>: <message>", none when <data> is valid. */
export function schemaValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const schema of Object.values(SCHEMAS)) ajv.addSchema(schema);
  return (name, data) => {
    const check = ajv.getSchema(SCHEMAS[name].$id);
    return check(data) ? [] : check.errors.map((e) => `${e.instancePath || '/'}: ${e.message}`);
  };
}
