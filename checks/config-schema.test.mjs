// contract/config.schema.json, as an editor or another tool reads it: cdk.json's configuration and every example
// are valid, and a typo or a wrong type is an error naming where (ConfigSchemaTests holds the schema to the one
// generated from the binder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './lib/app-model.mjs';
import { schemaValidator } from './lib/schemas.mjs';

const validate = schemaValidator();
const read = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const configurations = {
  'cdk.json': read('cdk.json').context.infra,
  ...Object.fromEntries(
    readdirSync(join(root, 'examples'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => [`examples/${f}`, read(`examples/${f}`)]),
  ),
};

for (const [file, configuration] of Object.entries(configurations)) {
  test(`${file} is valid against the configuration schema`, () => assert.deepEqual(validate('config', configuration), []));
}

test('a misspelt key, a wrong type and a bad enum value are errors at their paths', () => {
  const bad = structuredClone(configurations['cdk.json']);
  bad.environments.dev.servce = {};
  bad.environments.prod.database.multiAz = 'yes';
  bad.environments.prod.service.platform = 'ec2';
  const errors = validate('config', bad);
  assert.ok(errors.some((e) => e.startsWith('/environments/dev: must NOT have additional properties')), errors.join('\n'));
  assert.ok(errors.includes('/environments/prod/database/multiAz: must be boolean'), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('/environments/prod/service/platform: must be equal to one of')), errors.join('\n'));
});

test("cdk.json names its schema, and that schema holds context.infra to the configuration schema", () => {
  const cdkJson = read('cdk.json');
  assert.equal(cdkJson.$schema, './contract/cdk-json.schema.json');
  const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020').default;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // The editor resolves "./config.schema.json" next to the file; here it is added under that name.
  const { $id, ...config } = read('contract/config.schema.json');
  ajv.addSchema(config, 'config.schema.json');
  const check = ajv.compile(read(cdkJson.$schema));
  assert.ok(check(cdkJson), JSON.stringify(check.errors));
  const typo = structuredClone(cdkJson);
  typo.context.infra.netwrk = {};
  assert.equal(check(typo), false);
  assert.ok(check.errors.some((e) => e.instancePath === '/context/infra'), JSON.stringify(check.errors));
});
