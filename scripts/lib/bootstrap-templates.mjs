// Builds one CDK bootstrap template per trust level from the stock template of the pinned CDK CLI and the
// synthesized app (cdk.out): which stacks each level deploys (the stacks' trust-level tag), their qualifier (the
// stacks' BootstrapVersion parameter) and the project. Nothing here is typed twice: rename the project or move an
// environment to another level, synthesize, and the templates follow (a check fails until they are regenerated).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

// The levels and their tag, defined once in the contract (the constructs compile the same names).
const TRUST_LEVELS = JSON.parse(readFileSync(new URL('../../contract/trust-levels.json', import.meta.url), 'utf8'));
export const TRUST_LEVEL_TAG = TRUST_LEVELS.tag;
export const LEVELS = TRUST_LEVELS.levels;

// Services whose resources the app's stacks hold. A resource of another service fails the execution-policy
// coverage check (checks/trust-levels.test.mjs), so adding one is a reviewed change here.
export const DEPLOYED_SERVICES = [
  'acm',
  'apigateway',
  'application-autoscaling',
  'backup',
  'backup-storage',
  'budgets',
  'chatbot',
  'cloudwatch',
  'codedeploy',
  'ec2',
  'ecr',
  'ecs',
  'elasticloadbalancing',
  'events',
  'kms',
  'lambda',
  'logs',
  'rds',
  's3',
  'scheduler',
  'sns',
];

// Service-linked roles CloudFormation may have to create on first use of a service in the account.
const SERVICE_LINKED_ROLES = [
  'ecs.amazonaws.com',
  'rds.amazonaws.com',
  'elasticloadbalancing.amazonaws.com',
  'ecs.application-autoscaling.amazonaws.com',
];

// Where one level's principals must act on a resource the other level tagged, each with its reason. Everything else
// tagged for the other level is denied, both to the level's execution role (deploy) and under its permissions
// boundary (every role the level's stacks create, and every role those roles could create: run).
const CROSSINGS = {
  dev: {
    // The dev stacks create their security groups in the shared (production-tagged) VPC; CreateSecurityGroup names it.
    deploy: ['ec2:CreateSecurityGroup'],
    // Dev's functions attach to the shared VPC's subnets (a Lambda function's role creates its network interfaces),
    // and dev's tasks pull the application image from the shared repository (read only).
    run: ['ec2:CreateNetworkInterface', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
  },
  production: {
    // The migration function (in prod) reads DEV's schema: prod adds ingress rules on the dev database's security group.
    deploy: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:UpdateSecurityGroupRuleDescriptionsIngress'],
    run: [],
  },
};

// What a dev-level principal may do to the shared image repository (a production-level resource): pull.
const IMAGE_PULL = CROSSINGS.dev.run.filter((a) => a.startsWith('ecr:'));

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
      const stack = {
        name: a.properties.stackName ?? id,
        level: tags[TRUST_LEVEL_TAG],
        qualifier,
        environment: tags.environment,
        project: tags.project,
        template,
        environmentUri: a.environment,
      };
      if (!LEVELS.includes(stack.level))
        throw new Error(`${stack.name}: tag ${TRUST_LEVEL_TAG} is '${stack.level}', not one of ${LEVELS.join(', ')}`);
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
    if (qualifiers.length !== 1)
      throw new Error(`trust level ${name}: stacks use qualifiers [${qualifiers.join(', ')}]; expected exactly one`);
    levels[name] = {
      name,
      qualifier: qualifiers[0],
      stacks: members.map((s) => s.name).sort(),
      environments: members.map((s) => s.environment).sort(),
      // Image repositories with a fixed name (the shared one): the other level may at most pull from them.
      repositories: members
        .flatMap((s) => Object.values(s.template.Resources))
        .filter((r) => r.Type === 'AWS::ECR::Repository' && typeof r.Properties?.RepositoryName === 'string')
        .map((r) => r.Properties.RepositoryName)
        .sort(),
      // Route 53 zones the stacks write records into (an alias record, a certificate's DNS validation): the level may
      // change records in those zones only.
      hostedZones: [
        ...new Set(
          members
            .flatMap((s) => Object.values(s.template.Resources))
            .flatMap((r) =>
              r.Type === 'AWS::Route53::RecordSet'
                ? [r.Properties.HostedZoneId]
                : r.Type === 'AWS::CertificateManager::Certificate'
                  ? (r.Properties.DomainValidationOptions ?? []).map((o) => o.HostedZoneId)
                  : [],
            )
            .filter((zone) => typeof zone === 'string'),
        ),
      ].sort(),
    };
  }
  const projects = [...new Set(stacks.map((s) => s.project))];
  if (projects.length !== 1) throw new Error(`stacks name projects [${projects.join(', ')}]; expected one`);
  return { levels, project: projects[0] };
}

const sub = (text) => ({ 'Fn::Sub': text });
const stackArn = (name) => sub(`arn:\${AWS::Partition}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stack/${name}/*`);
const iamArn = (resource) => sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${resource}`);
const regional = (service, resource) => sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);

/**
 * What IAM <level> manages: its stacks' roles (named after the stack) and, for production (the shared stack), the CI
 * roles and the account's GitHub provider. Never the bootstrap's roles: they carry no boundary.
 */
function iamOf(level, project) {
  return [
    ...level.stacks.map((s) => iamArn(`role/${s}-*`)),
    ...(level.name === 'production'
      ? [iamArn(`role/${project}-github-*`), iamArn('oidc-provider/token.actions.githubusercontent.com')]
      : []),
  ];
}

/** The roles of <level>: those it manages and its bootstrap's. */
const rolesOf = (level, project) => [
  ...iamOf(level, project).filter((r) => r['Fn::Sub'].includes(':role/')),
  iamArn(`role/cdk-${level.qualifier}-*`),
];

/**
 * Every name <level> owns, other than its roles: CloudFormation names each resource after its stack
 * (<stack>-<logical id>-<suffix>), the bootstrap after its qualifier, and secrets and parameters follow the
 * <project>/<environment>/ convention (docs/trust-levels.md). What carries no name (a database user's resource id,
 * a key, a load balancer) is covered by the trust-level tag instead.
 */
function namesOf(level, project) {
  const perStack = level.stacks.flatMap((s) => {
    const lower = s.toLowerCase();
    return [
      stackArn(s),
      sub(`arn:\${AWS::Partition}:s3:::${lower}-*`),
      regional('lambda', `function:${s}-*`),
      regional('logs', `log-group:${s}-*`),
      regional('logs', `log-group:/aws/lambda/${s}-*`),
      regional('rds', `db:${lower}-*`),
      regional('ecs', `cluster/${s}-*`),
      regional('ecs', `service/${s}-*`),
      regional('ecs', `task/${s}-*`),
      // CDK names a task definition's family after the stack and construct path without separators.
      regional('ecs', `task-definition/${s.replace(/[^A-Za-z0-9]/g, '')}*`),
      regional('sns', `${s}-*`),
      regional('cloudwatch', `alarm:${s}-*`),
    ];
  });
  const perEnvironment = level.environments.flatMap((e) => [
    regional('ssm', `parameter/${project}/${e}/*`),
    regional('secretsmanager', `secret:${project}/${e}/*`),
  ]);
  return [
    ...perStack,
    ...perEnvironment,
    stackArn(`CDKToolkit-${level.name}`),
    sub(`arn:\${AWS::Partition}:s3:::cdk-${level.qualifier}-*`),
    regional('ecr', `repository/cdk-${level.qualifier}-*`),
  ];
}

/**
 * The ceiling of <level> with respect to <other>: the denials its execution policy and its permissions boundary
 * share, so nothing a level deploys, and nothing any role it creates does, reaches the other level.
 */
function ceiling(level, other, project, crossings) {
  return [
    {
      Sid: 'NothingTaggedForTheOtherLevel',
      Effect: 'Deny',
      NotAction: crossings,
      Resource: '*',
      Condition: { StringEquals: { [`aws:ResourceTag/${TRUST_LEVEL_TAG}`]: other.name } },
    },
    {
      Sid: 'NothingCreatedForTheOtherLevel',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { [`aws:RequestTag/${TRUST_LEVEL_TAG}`]: other.name } },
    },
    { Sid: 'NothingNamedForTheOtherLevel', Effect: 'Deny', Action: '*', Resource: namesOf(other, project) },
    ...(level.name !== 'dev'
      ? []
      : [
          {
            // Performance Insights names a database by its resource id, which AWS assigns (no name to deny), and its query
            // text carries row values; nothing at the dev level reads it.
            Sid: 'NoPerformanceInsights',
            Effect: 'Deny',
            Action: 'pi:*',
            Resource: '*',
          },
        ]),
    ...(other.repositories.length === 0 || level.name !== 'dev'
      ? []
      : [
          {
            Sid: 'TheOtherLevelsImagesArePulledOnly',
            Effect: 'Deny',
            NotAction: IMAGE_PULL,
            Resource: other.repositories.map((r) => regional('ecr', `repository/${r}`)),
          },
        ]),
  ];
}

/** The execution policy of one level: what CloudFormation may do with its stacks, and never to the other level's. */
export function executionPolicy(level, other, project) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ServicesTheStacksUse', Effect: 'Allow', Action: DEPLOYED_SERVICES.map((s) => `${s}:*`), Resource: '*' },
      ...(level.hostedZones.length === 0
        ? []
        : [
            {
              Sid: 'RecordsInTheStacksZonesOnly',
              Effect: 'Allow',
              Action: ['route53:ChangeResourceRecordSets', 'route53:GetHostedZone', 'route53:ListResourceRecordSets'],
              Resource: level.hostedZones.map((zone) => sub(`arn:\${AWS::Partition}:route53:::hostedzone/${zone}`)),
            },
            {
              Sid: 'Route53ChangeStatus',
              Effect: 'Allow',
              Action: 'route53:GetChange',
              Resource: sub('arn:${AWS::Partition}:route53:::change/*'),
            },
          ]),
      { Sid: 'OwnRolesOnly', Effect: 'Allow', Action: 'iam:*', Resource: iamOf(level, project) },
      {
        Sid: 'ServiceLinkedRoles',
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: '*',
        Condition: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLES } },
      },
      {
        Sid: 'RolesOnlyUnderThisLevelsBoundary',
        Effect: 'Deny',
        Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
        Resource: '*',
        Condition: { StringNotEquals: { 'iam:PermissionsBoundary': BOUNDARY_ARN } },
      },
      { Sid: 'BoundaryStays', Effect: 'Deny', Action: ['iam:DeleteRolePermissionsBoundary'], Resource: '*' },
      ...ceiling(level, other, project, CROSSINGS[level.name].deploy),
    ],
  };
}

const BOUNDARY_ARN = iamArn('policy/cdk-${Qualifier}-permissions-boundary-${AWS::AccountId}-${AWS::Region}');

/**
 * The permissions boundary of <level>: the stock boundary (no role without it, it cannot be changed or removed)
 * plus the level's ceiling, so a role of this level, or one it creates, may do at most what the level may:
 * never act on the other level's resources, assume its roles, or change IAM outside the level. Since every role the
 * level can create carries this same boundary, the ceiling holds for all of them, however many are chained.
 */
export function permissionsBoundary(stockBoundary, level, other, project) {
  // The CI roles (production level) assume the dev bootstrap roles to deploy dev: production is denied only dev's stack roles.
  const unassumable = level.name === 'production' ? iamOf(other, project) : rolesOf(other, project);
  return {
    ...stockBoundary,
    Statement: [
      ...stockBoundary.Statement,
      ...ceiling(level, other, project, CROSSINGS[level.name].run),
      {
        Sid: 'NoRoleOfTheOtherLevel',
        Effect: 'Deny',
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Resource: unassumable,
      },
      // Inside the level, and never on a bootstrap role (unbounded: changing one would lift the ceiling).
      { Sid: 'IamOnlyInsideTheLevel', Effect: 'Deny', Action: 'iam:*', NotResource: iamOf(level, project) },
      ...(CROSSINGS[level.name].run.includes('ec2:CreateNetworkInterface')
        ? [
            {
              // The crossing is for the shared subnets: an interface in the other level's security group is what its
              // databases admit.
              Sid: 'NoInterfaceInTheOtherLevelsSecurityGroups',
              Effect: 'Deny',
              Action: 'ec2:CreateNetworkInterface',
              Resource: regional('ec2', 'security-group/*'),
              Condition: { StringEquals: { [`aws:ResourceTag/${TRUST_LEVEL_TAG}`]: other.name } },
            },
          ]
        : []),
    ],
  };
}

/** The bootstrap template of <level>: the stock template with its roles narrowed to the level's stacks. */
export function bootstrapTemplate(stock, level, other, project) {
  const t = structuredClone(stock);
  t.Description =
    `${project} CDK bootstrap, trust level '${level.name}' (qualifier ${level.qualifier}): deploys only ${level.stacks.join(', ')}. ` +
    "Generated by scripts/bootstrap-templates from the CDK CLI's stock template and cdk.out; do not edit.";
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
  const boundary = t.Resources.CdkBoostrapPermissionsBoundaryPolicy;
  delete boundary.Condition;
  boundary.Properties.Description = `The ceiling of the ${level.name} trust level: every role its stacks create carries it`;
  boundary.Properties.PolicyDocument = permissionsBoundary(boundary.Properties.PolicyDocument, level, other, project);

  const lookup = t.Resources.LookupRole.Properties;
  delete lookup.ManagedPolicyArns;
  lookup.Policies[0].PolicyDocument.Statement.push(...lookupStatements(level));
  return t;
}

/**
 * What `cdk diff --no-change-set` and the app's context lookups read through the lookup role, in place of AWS's
 * ReadOnlyAccess (which reads logs, objects, function code and images). Read in the pinned aws-cdk CLI
 * (node_modules/aws-cdk/lib/index.js): EnvironmentAccess.accessStackForLookup checks the bootstrap version
 * (versionFromSsmParameter: ssm:GetParameter); readCurrentTemplateWithNestedStacks reads each stack
 * (CloudFormationStack.lookup: DescribeStacks; template(): GetTemplate; LazyListStackResources for nested stacks:
 * ListStackResources); the availability-zones context provider calls ec2:DescribeAvailabilityZones.
 */
export const LOOKUP_ACTIONS = {
  stacks: ['cloudformation:DescribeStacks', 'cloudformation:GetTemplate', 'cloudformation:ListStackResources'],
  version: ['ssm:GetParameter'],
  context: ['ec2:DescribeAvailabilityZones'],
};

function lookupStatements(level) {
  return [
    { Sid: 'DiffReadsThisLevelsStacks', Effect: 'Allow', Action: LOOKUP_ACTIONS.stacks, Resource: level.stacks.map(stackArn) },
    {
      Sid: 'BootstrapVersion',
      Effect: 'Allow',
      Action: LOOKUP_ACTIONS.version,
      Resource: regional('ssm', 'parameter/cdk-bootstrap/${Qualifier}/version'),
    },
    // DescribeAvailabilityZones has no resource-level permission.
    { Sid: 'ContextLookups', Effect: 'Allow', Action: LOOKUP_ACTIONS.context, Resource: '*' },
  ];
}

/** Every level's template, keyed by level name, from a synthesized app and the stock template. */
export function buildBootstrapTemplates(cdkOut, stockPath) {
  const stock = YAML.parse(readFileSync(stockPath, 'utf8'));
  const { levels, project } = levelsOf(readStacks(cdkOut));
  return Object.fromEntries(
    LEVELS.map((name) => {
      const other = levels[LEVELS.find((n) => n !== name)];
      return [name, bootstrapTemplate(stock, levels[name], other, project)];
    }),
  );
}

export const STOCK_TEMPLATE = require.resolve('aws-cdk/lib/api/bootstrap/bootstrap-template.yaml');
export const templateFile = (root, level) => join(root, 'bootstrap', `${level}.template.json`);
export const render = (template) => `${JSON.stringify(template, null, 2)}\n`;
