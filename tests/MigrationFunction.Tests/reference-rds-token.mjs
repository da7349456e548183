// Reference RDS IAM token from AWS's own JavaScript signer (@aws-sdk/rds-signer), with the clock frozen.
// Usage: node reference-rds-token.mjs <json {hostname, port, username, region, accessKeyId, secretAccessKey, sessionToken?, isoTime}>
import { createRequire } from 'node:module';
import { join } from 'node:path';

const input = JSON.parse(process.argv[2]);
const fixed = Date.parse(input.isoTime);
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [fixed]));
  }
  static now() {
    return fixed;
  }
};
const require = createRequire(join(process.env.INFRA_ROOT ?? process.cwd(), 'package.json'));
const { Signer } = require('@aws-sdk/rds-signer');
const signer = new Signer({
  hostname: input.hostname,
  port: input.port,
  username: input.username,
  region: input.region,
  credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey, sessionToken: input.sessionToken },
});
process.stdout.write(await signer.getAuthToken());
