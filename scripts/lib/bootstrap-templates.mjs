// Builds one CDK bootstrap template per trust level from the stock template of the pinned CDK CLI and the
// synthesized app (cdk.out): which stacks each level deploys (the stacks' trust-level tag), their qualifier (the
// stacks' BootstrapVersion parameter) and the project. Nothing here is typed twice: rename the project or move an
// environment to another level, synthesize, and the templates follow (a check fails until they are regenerated).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

export const TRUST_LEVEL_TAG = 'trust-level';
export const LEVELS = ['dev', 'production'];

// Services whose resources the app's stacks hold. A resource of another service fails the execution-policy
// coverage check (checks/trust-levels.test.mjs), so adding one is a reviewed change here.
export const DEPLOYED_SERVICES = [
  'apigateway', 'application-autoscaling', 'cloudwatch', 'codedeploy', 'ec2', 'ecr', 'ecs', 'elasticloadbalancing', 'kms', 'lambda', 'logs', 'rds', 's3', 'sns',
];

// Service-linked roles CloudFormation may have to create on first use of a service in the account.
const SERVICE_LINKED_ROLES = ['ecs.amazonaws.com', 'rds.amazonaws.com', 'elasticloadbalancing.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com'];

// The production level's stacks add ingress rules on the dev database's security group: the migration function
// (in prod) reads DEV's schema. These are the only actions production may take on a dev-tagged resource.
const PRODUCTION_ON_DEV = ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:UpdateSecurityGroupRuleDescriptionsIngress'];

// The dev level creates its security groups in the shared (production-tagged) VPC; CreateSecurityGroup names the VPC.
const DEV_ON_PRODUCTION = ['ec2:CreateSecurityGroup'];

/** The stacks of a synthesized app: name, trust level, qualifier, environment tag. */
export function readStacks(cdkOut) {
  const manifest = JSON.parse(readFileSync(join(cdkOut, 'manifest.json'), 'utf8'));
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => {
      const template = JSON.parse(readFileSync(join(cdkOut, a.properties.templateFile), 'utf8'));
      const parameter = template.Parameters?.BootstrapVersion?.Default ?? '';
      const qualifier = /^\/cdk-bootstrap\/([^/]+)\/version$/.exec(parameter)?.[1];
      const tags = a.properties.tags ?? {};
      const stack = { name: a.properties.stackName ?? id, level: tags[TRUST_LEVEL_TAG], qualifier, environment: tags.environment, project: tags.project, template, environmentUri: a.environment };
      if (!LEVELS.includes(stack.level)) throw new Error(`${stack.name}: tag ${TRUST_LEVEL_TAG} is '${stack.level}', not one of ${LEVELS.join(', ')}`);
      if (!qualifier) throw new Error(`${stack.name}: no BootstrapVersion parameter naming its qualifier`);
      return stack;
    });
}

/** Groups stacks by level; every stack of a level must use the level's one qualifier. */
export function levelsOf(stacks) {
  const levels = {};
  for (const name of LEVELS) {
    const members = stacks.filter((s) => s.level === name);
    const qualifiers = [...new Set(members.map((s) => s.qualifier))];
    if (qualifiers.length !== 1) throw new Error(`trust level ${name}: stacks use qualifiers [${qualifiers.join(', ')}]; expected exactly one`);
    levels[name] = { name, qualifier: qualifiers[0], stacks: members.map((s) => s.name).sort(), environments: members.map((s) => s.environment).sort() };
  }
  const projects = [...new Set(stacks.map((s) => s.project))];
  if (projects.length !== 1) throw new Error(`stacks name projects [${projects.join(', ')}]; expected one`);
  return { levels, project: projects[0] };
}

const sub = (text) => ({ 'Fn::Sub': text });
const stackArn = (name) => sub(`arn:\${AWS::Partition}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stack/${name}/*`);
const iamArn = (resource) => sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${resource}`);

/** The execution policy of one level: what CloudFormation may do with its stacks, and never to the other level's. */
export function executionPolicy(level, other, project) {
  const ownRoles = level.stacks.map((s) => iamArn(`role/${s}-*`));
  // The production level holds the shared stack: the CI roles (named by project) and the account's GitHub provider.
  const sharedIam = level.name === 'production'
    ? [iamArn(`role/${project}-github-*`), iamArn('oidc-provider/token.actions.githubusercontent.com')]
    : [];
  const boundary = iamArn('policy/cdk-${Qualifier}-permissions-boundary-${AWS::AccountId}-${AWS::Region}');
  const otherNamed = other.stacks.flatMap((s) => [
    sub(`arn:\${AWS::Partition}:s3:::${s.toLowerCase()}-*`),
    sub(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${s}-*`),
    sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${s}-*`),
    sub(`arn:\${AWS::Partition}:rds:\${AWS::Region}:\${AWS::AccountId}:db:${s.toLowerCase()}-*`),
  ]).concat([sub(`arn:\${AWS::Partition}:s3:::cdk-${other.qualifier}-*`)]);
  const exceptions = level.name === 'production' ? PRODUCTION_ON_DEV : DEV_ON_PRODUCTION;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ServicesTheStacksUse', Effect: 'Allow', Action: DEPLOYED_SERVICES.map((s) => `${s}:*`), Resource: '*' },
      { Sid: 'OwnRolesOnly', Effect: 'Allow', Action: 'iam:*', Resource: [...ownRoles, ...sharedIam] },
      {
        Sid: 'ServiceLinkedRoles', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*',
        Condition: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLES } },
      },
      {
        Sid: 'RolesOnlyUnderThisLevelsBoundary', Effect: 'Deny', Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'], Resource: '*',
        Condition: { StringNotEquals: { 'iam:PermissionsBoundary': boundary } },
      },
      { Sid: 'BoundaryStays', Effect: 'Deny', Action: ['iam:DeleteRolePermissionsBoundary'], Resource: '*' },
      {
        Sid: `NothingTaggedForTheOtherLevel`, Effect: 'Deny', NotAction: exceptions, Resource: '*',
        Condition: { StringEquals: { [`aws:ResourceTag/${TRUST_LEVEL_TAG}`]: other.name } },
      },
      {
        Sid: 'NothingCreatedForTheOtherLevel', Effect: 'Deny', Action: '*', Resource: '*',
        Condition: { StringEquals: { [`aws:RequestTag/${TRUST_LEVEL_TAG}`]: other.name } },
      },
      { Sid: 'NothingNamedForTheOtherLevel', Effect: 'Deny', Action: '*', Resource: otherNamed },
    ],
  };
}

/** The bootstrap template of <level>: the stock template with its roles narrowed to the level's stacks. */
export function bootstrapTemplate(stock, level, other, project) {
  const t = structuredClone(stock);
  t.Description = `${project} CDK bootstrap, trust level '${level.name}' (qualifier ${level.qualifier}): deploys only ${level.stacks.join(', ')}. `
    + 'Generated by scripts/bootstrap-templates from the CDK CLI\'s stock template and cdk.out; do not edit.';
  t.Parameters.Qualifier.Default = level.qualifier;
  t.Parameters.Qualifier.AllowedValues = [level.qualifier];
  t.Parameters.BootstrapVariant.Default = `${project}: ${level.name} trust level`;

  const deploy = t.Resources.DeploymentActionRole.Properties.Policies[0].PolicyDocument.Statement;
  const stacks = level.stacks.map(stackArn);
  const byId = (sid) => deploy.find((s) => s.Sid === sid);
  byId('CloudFormationPermissions').Resource = stacks;
  const cli = byId('CliPermissions');
  cli.Action = cli.Action.filter((a) => a !== 'sts:GetCallerIdentity');
  cli.Resource = stacks;
  deploy.push({ Sid: 'WhoAmI', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' });
  const pass = deploy.find((s) => s.Action === 'iam:PassRole');
  pass.Sid = 'PassOnlyThisLevelsExecutionRole';
  pass.Condition = { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } };

  t.Resources.ExecutionPolicy = {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      ManagedPolicyName: sub('cdk-${Qualifier}-cfn-exec-policy-${AWS::AccountId}-${AWS::Region}'),
      Description: `What CloudFormation may do for the ${level.name} trust level`,
      PolicyDocument: executionPolicy(level, other, project),
    },
  };
  t.Resources.CloudFormationExecutionRole.Properties.ManagedPolicyArns = [{ Ref: 'ExecutionPolicy' }];
  // The boundary every role of this level's stacks carries (TrustLevel.Apply); created always, not on request.
  delete t.Resources.CdkBoostrapPermissionsBoundaryPolicy.Condition;
  return t;
}

/** Every level's template, keyed by level name, from a synthesized app and the stock template. */
export function buildBootstrapTemplates(cdkOut, stockPath) {
  const stock = YAML.parse(readFileSync(stockPath, 'utf8'));
  const { levels, project } = levelsOf(readStacks(cdkOut));
  return Object.fromEntries(LEVELS.map((name) => {
    const other = levels[LEVELS.find((n) => n !== name)];
    return [name, bootstrapTemplate(stock, levels[name], other, project)];
  }));
}

export const STOCK_TEMPLATE = require.resolve('aws-cdk/lib/api/bootstrap/bootstrap-template.yaml');
export const templateFile = (root, level) => join(root, 'bootstrap', `${level}.template.json`);
export const render = (template) => `${JSON.stringify(template, null, 2)}\n`;
