// The synthesized app (cdk.out, or CDK_OUT) and the committed bootstrap templates as one account's IAM, shared by
// the trust checks: stacks by environment, resolved resources, and the ARNs the checks probe.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { readStacks, levelsOf, templateFile, LEVELS } from '../../scripts/lib/bootstrap-templates.mjs';
import { evaluate, loadAccount, readJson } from './iam-model.mjs';

export const root = resolve(new URL('../..', import.meta.url).pathname);

/**
 * A token as GitHub issues one: its subject, the git ref of the run, and job_workflow_ref, the workflow file the job
 * is defined in (for a job of a reusable workflow, that file: GitHub's OIDC claim reference). STS evaluates ref and
 * job_workflow_ref in trust policies since January 2026.
 */
export const githubToken = ({ repository, subject, ref = 'refs/heads/main', workflow = 'deploy.yml', aud = 'sts.amazonaws.com' }) => ({
  sub: `repo:${repository}:${subject}`,
  aud,
  ref,
  job_workflow_ref: `${repository}/.github/workflows/${workflow}@${ref}`,
});

/** Loads the app synthesized into <cdkOut> with the committed bootstrap templates. */
export function loadApp(cdkOut = process.env.CDK_OUT ? resolve(process.env.CDK_OUT) : join(root, 'cdk.out')) {
  const config = readJson(join(root, 'cdk.json')).context.infra;
  const stacks = readStacks(cdkOut);
  const { levels, project } = levelsOf(stacks);
  const [account, region] = stacks[0].environmentUri.replace('aws://', '').split('/');
  const bootstrap = Object.fromEntries(LEVELS.map((level) => [level, readJson(templateFile(root, level))]));
  const model = loadAccount({ stacks: stacks.map(({ name, template }) => ({ name, template })), bootstrap, account, region });
  const resources = model.resolved.flatMap((t) => Object.values(t.resources).map((r) => ({ ...r, stack: t.name })));
  const stackOf = (environment) => stacks.find((s) => s.environment === environment);
  /** The one resource of <type> in <stack> whose properties satisfy <where>; fails naming what was looked for. */
  const find = (stack, type, where = () => true, whereResource = () => true) => {
    const found = resources.filter((r) => r.stack === stack && r.type === type && where(r.properties) && whereResource(r));
    assert.equal(found.length, 1, `expected one ${type} in ${stack}, found ${found.length}`);
    return found[0];
  };
  const role = (name) => {
    assert.ok(model.roles.has(name), `no role ${name}`);
    return model.roles.get(name);
  };
  const bootstrapRole = (level, kind) => role(`cdk-${levels[level].qualifier}-${kind}-role-${account}-${region}`);
  // Keys every real S3 request carries; a negated condition on a missing key would match and mislead.
  const s3Access = (stack, bucket) => ({
    resourcePolicy: resources.find((r) => r.stack === stack && r.type === 'AWS::S3::BucketPolicy' && r.properties.Bucket === bucket.name())
      ?.properties.PolicyDocument,
    context: { 'aws:SecureTransport': 'true', 's3:ResourceAccount': account, 'aws:ResourceAccount': account },
  });
  /** An upload to <level>'s staging bucket, as [object ARN, request options]. */
  const stagingUpload = (level) => {
    const bucket = find(`CDKToolkit-${level}`, 'AWS::S3::Bucket');
    return [`${bucket.arn()}/asset.zip`, s3Access(`CDKToolkit-${level}`, bucket)];
  };
  const boundaryOf = (level) => `arn:aws:iam::${account}:policy/cdk-${levels[level].qualifier}-permissions-boundary-${account}-${region}`;
  /** Whether AWS service <principal> may publish to <stack>'s topic for <sourceArn> of <sourceAccount>, by the topic's
   * policy. A topic's Ref is its ARN, which IAM matches; the template resolver stands a generated name in for it. */
  const topicPublish = (stack, principal, sourceAccount, sourceArn) => {
    const { PolicyDocument: document, Topics: [reference] } = find(stack, 'AWS::SNS::TopicPolicy').properties;
    const topic = find(stack, 'AWS::SNS::Topic').arn();
    return evaluate({
      principal,
      action: 'sns:Publish',
      resource: topic,
      account,
      resourcePolicy: JSON.parse(JSON.stringify(document).replaceAll(reference, topic)),
      context: { 'aws:SecureTransport': 'true', 'aws:SourceAccount': sourceAccount, 'aws:SourceArn': sourceArn },
    });
  };
  return {
    config, stacks, levels, project, account, region, model, resources, cdkOut,
    stackOf, find, role, bootstrapRole, boundaryOf, s3Access, stagingUpload, topicPublish,
  };
}
