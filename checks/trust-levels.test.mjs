// Who may reach what, evaluated by a real IAM policy engine over the synthesized templates (cdk.out) and the
// committed bootstrap templates (bootstrap/): GitHub tokens -> CI roles -> bootstrap roles -> stacks, functions and
// the image repository. Prints the table; asserts every cell. Run scripts/synth first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildBootstrapTemplates,
  render,
  templateFile,
  STOCK_TEMPLATE,
  LEVELS,
  LOOKUP_ACTIONS,
} from '../scripts/lib/bootstrap-templates.mjs';
import { reachableRoles, roleMay, evaluate } from './lib/iam-model.mjs';
import { loadApp, root, githubToken } from './lib/app-model.mjs';

const { config, stacks, levels, account, region, model, resources, stackOf, find, stagingUpload, cdkOut } = loadApp();
const functionArn = (handlerSuffix) => {
  const fn = resources.find((r) => r.type === 'AWS::Lambda::Function' && r.properties.Handler?.endsWith(handlerSuffix));
  assert.ok(fn, `no function with handler ...${handlerSuffix}`);
  return fn.arn();
};
const planFunction = functionArn('.PlanOnlyHandler::Handle');
const applyFunction = functionArn('.Handling.Handler::Handle');
const repository = resources.find((r) => r.type === 'AWS::ECR::Repository' && r.stack === stackOf('shared').name).arn();

// What each column means, as requests: "all" must be allowed for a tick; none of "reach" may be allowed for a blank.
const stackRequests = (stack) => ({
  all: [
    ['cloudformation:CreateChangeSet', `arn:aws:cloudformation:${region}:${account}:stack/${stack.name}/id`],
    ['cloudformation:ExecuteChangeSet', `arn:aws:cloudformation:${region}:${account}:stack/${stack.name}/id`],
    ['s3:PutObject', ...stagingUpload(stack.level)],
  ],
  reach: ['CreateChangeSet', 'ExecuteChangeSet', 'UpdateStack', 'CreateStack', 'DeleteStack']
    .map((a) => [`cloudformation:${a}`, `arn:aws:cloudformation:${region}:${account}:stack/${stack.name}/id`])
    .concat([['s3:PutObject', ...stagingUpload(stack.level)]]),
});
// What `cdk diff --no-change-set` reads through the lookup roles (LOOKUP_ACTIONS, read in the pinned CLI).
const diffReads = [
  ...stacks.flatMap((stack) => LOOKUP_ACTIONS.stacks.map((a) => [a, `arn:aws:cloudformation:${region}:${account}:stack/${stack.name}/id`])),
  ...LEVELS.map((level) => [
    'ssm:GetParameter',
    `arn:aws:ssm:${region}:${account}:parameter/cdk-bootstrap/${levels[level].qualifier}/version`,
  ]),
];
const columns = {
  'dev deploy + publish': stackRequests(stackOf('dev')),
  'shared deploy + publish': stackRequests(stackOf('shared')),
  'prod deploy + publish': stackRequests(stackOf(config.migration.target)),
  'diff (lookup)': { all: diffReads, reach: diffReads },
  'schema plan': { all: [['lambda:InvokeFunction', planFunction]], reach: [['lambda:InvokeFunction', planFunction]] },
  'schema apply': { all: [['lambda:InvokeFunction', applyFunction]], reach: [['lambda:InvokeFunction', applyFunction]] },
  'image push': {
    all: ['InitiateLayerUpload', 'UploadLayerPart', 'CompleteLayerUpload', 'PutImage'].map((a) => [`ecr:${a}`, repository]),
    reach: ['InitiateLayerUpload', 'UploadLayerPart', 'CompleteLayerUpload'].map((a) => [`ecr:${a}`, repository]),
  },
  // Re-tagging reads an existing manifest and puts it under a new tag; without both there is no promotion.
  'image promote': {
    all: [
      ['ecr:BatchGetImage', repository],
      ['ecr:PutImage', repository],
    ],
    reach: [],
  },
  // A release checks its tag exists before anything changes (scripts/ci/check-image, in the dev job).
  'image check': { all: [['ecr:DescribeImages', repository]], reach: [] },
};

const repo = `${config.github.owner}/${config.github.repository}`;
const app = config.github.imageRepositories[0];
const token = (claims) => githubToken({ repository: repo, ...claims });
const main = 'ref:refs/heads/main';
const production = { subject: 'environment:production', workflow: 'production-deploy.yml' };
const pullRequest = { subject: 'pull_request', ref: 'refs/pull/7/merge', workflow: 'pull-request.yml' };
const Y = '✔';
const rows = [
  ['this repo, main, no environment', token({ subject: main }), [Y, '', '', Y, Y, '', '', '', Y]],
  ['this repo, environment:production (production-deploy.yml)', token(production), ['', Y, Y, Y, Y, Y, '', Y, Y]],
  [
    'this repo, environment:production (production-release.yml)',
    token({ ...production, workflow: 'production-release.yml' }),
    ['', Y, Y, Y, Y, Y, '', Y, Y],
  ],
  ['this repo, pull request', token(pullRequest), ['', '', '', Y, Y, '', '', '']],
  [`app repo (${app}), main`, token({ repository: app, subject: main, workflow: 'build.yml' }), ['', '', '', '', '', '', Y, '']],
  ['this repo, another workflow file with environment:production', token({ ...production, workflow: 'deploy.yml' }), []],
  ['this repo, a new workflow file with environment:production', token({ ...production, workflow: 'shortcut.yml' }), []],
  ['this repo, production-deploy.yml on another branch', token({ ...production, ref: 'refs/heads/feature' }), []],
  ['this repo renamed, environment:production', token({ ...production, repository: `${config.github.owner}/renamed` }), []],
  ['this repo, main subject but another ref', token({ subject: main, ref: 'refs/heads/feature' }), []],
  ['this repo, tag v1.0.0', token({ subject: 'ref:refs/tags/v1.0.0', ref: 'refs/tags/v1.0.0' }), []],
  ['this repo, other branch', token({ subject: 'ref:refs/heads/feature', ref: 'refs/heads/feature' }), []],
  ['fork of this repo, pull request', token({ ...pullRequest, repository: `someone/${config.github.repository}` }), []],
  ['other repo of the owner, main', token({ repository: `${config.github.owner}/other`, subject: main }), []],
  ['other owner, same repo name, main', token({ repository: `evil/${config.github.repository}`, subject: main }), []],
  ['this repo, main, wrong audience', token({ subject: main, aud: 'https://github.com/acme' }), []],
  ['this repo, environment:staging', token({ ...production, subject: 'environment:staging' }), []],
  ['app repo, environment:production', token({ ...production, repository: app }), []],
];

function cell(reached, column) {
  const allowed = ([action, resource, options]) => reached.some((role) => roleMay(model, role, action, resource, options));
  if (column.all.every(allowed)) return Y;
  return column.reach.some(allowed) ? 'partial' : '';
}

const table = rows.map(([label, claims, expected]) => {
  const reached = reachableRoles(model, claims);
  return {
    label,
    expected: Object.keys(columns).map((_, i) => expected[i] ?? ''),
    actual: Object.values(columns).map((c) => cell(reached, c)),
    reached,
  };
});

test('prints the trust table (token x what it may reach)', () => {
  const names = Object.keys(columns);
  const lines = [
    `| token | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...table.map((r) => `| ${r.label} | ${r.actual.join(' | ')} |`),
  ];
  console.log(lines.join('\n'));
  assert.equal(table.length, rows.length);
});

for (const row of table) {
  test(`${row.label}: reaches only its intended cells`, () => {
    const names = Object.keys(columns);
    const wrong = names
      .filter((_, i) => row.actual[i] !== row.expected[i])
      .map((n, i) => `${n}: ${row.actual[names.indexOf(n)] || 'no'} (expected ${row.expected[names.indexOf(n)] || 'no'})`);
    assert.deepEqual(wrong, [], `roles reached: ${row.reached.map((r) => r.name).join(', ') || 'none'}`);
  });
}

test('a pull request reads what cdk diff needs and nothing it could leak: logs, objects, code, images, query text', () => {
  const reached = reachableRoles(model, token(pullRequest));
  const prod = stackOf(config.migration.target).name;
  const logGroup = resources.find((r) => r.stack === prod && r.type === 'AWS::Logs::LogGroup').name();
  const bucket = resources.find((r) => r.stack === prod && r.type === 'AWS::S3::Bucket').arn();
  const leaks = [
    ['logs:GetLogEvents', `arn:aws:logs:${region}:${account}:log-group:${logGroup}:log-stream:x`],
    ['logs:FilterLogEvents', `arn:aws:logs:${region}:${account}:log-group:${logGroup}`],
    ['s3:GetObject', `${bucket}/revisions/r.json`],
    ['lambda:GetFunction', applyFunction],
    ['pi:GetResourceMetrics', `arn:aws:pi:${region}:${account}:metrics/rds/db-ABCDEFGHIJKLMNOPQRSTUVWXYZ`],
    ['ecr:BatchGetImage', repository],
    ['ecr:GetDownloadUrlForLayer', repository],
    ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${region}:${account}:secret:${config.project}/prod/x`],
    ['ssm:GetParameter', `arn:aws:ssm:${region}:${account}:parameter/${config.project}/prod/x`],
    ['rds:DownloadDBLogFilePortion', `arn:aws:rds:${region}:${account}:db:${prod}-database`],
  ];
  assert.ok(reached.length >= 3, `a pull request reaches ${reached.map((r) => r.name).join(', ')}`);
  // An AWS-managed policy (ReadOnlyAccess) is not in any template, so the evaluator cannot see it: none may remain.
  assert.deepEqual(
    reached.flatMap((r) => r.awsManaged),
    [],
  );
  const may = (action, resource) => reached.filter((r) => roleMay(model, r, action, resource)).map((r) => r.name);
  assert.deepEqual(
    diffReads.filter(([a, r]) => may(a, r).length === 0),
    [],
    'cdk diff could not read these',
  );
  assert.deepEqual(
    leaks.map(([a, r]) => [a, may(a, r)]).filter(([, who]) => who.length > 0),
    [],
  );
});

test('the evaluator reads the trust policy: a wrong sub is denied where the right one is allowed', () => {
  const dev = model.roles.get(`${config.project}-github-dev`);
  const ask = (sub) =>
    evaluate({
      principal: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: dev.arn,
      account,
      context: {
        'token.actions.githubusercontent.com:sub': sub,
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:ref': 'refs/heads/main',
      },
      resourcePolicy: dev.trust,
    });
  assert.equal(ask(`repo:${repo}:ref:refs/heads/main`), 'Allowed');
  assert.equal(ask(`repo:${repo}:ref:refs/heads/mainx`), 'ImplicitlyDenied');
});

test('the committed bootstrap templates are what scripts/bootstrap-templates generates from this synth', () => {
  const generated = buildBootstrapTemplates(cdkOut, STOCK_TEMPLATE);
  for (const level of LEVELS) {
    assert.equal(
      readFileSync(templateFile(root, level), 'utf8'),
      render(generated[level]),
      `bootstrap/${level}.template.json is stale: run scripts/bootstrap-templates and commit the result`,
    );
  }
});

test("each stack deploys through its own level: qualifier, and every role under the level's boundary", () => {
  for (const stack of stacks) {
    assert.equal(stack.qualifier, levels[stack.level].qualifier);
    for (const [id, r] of Object.entries(stack.template.Resources).filter(([, x]) => x.Type === 'AWS::IAM::Role')) {
      const boundary = JSON.stringify(r.Properties.PermissionsBoundary ?? null);
      assert.ok(boundary.includes(`cdk-${stack.qualifier}-permissions-boundary-`), `${stack.name}/${id}: boundary ${boundary}`);
    }
  }
  assert.notEqual(levels.dev.qualifier, levels.production.qualifier);
});

// The execution role of each level, as CloudFormation uses it, against the other level's resources.
const execRole = (level) => model.roles.get(`cdk-${levels[level].qualifier}-cfn-exec-role-${account}-${region}`);
const tagged = (level) => ({ context: { 'aws:ResourceTag/trust-level': level } });
const arn = (service, resource) => `arn:aws:${service}:${service === 's3' ? '' : region}:${service === 's3' ? '' : account}:${resource}`;
const boundaryOf = (level) => `arn:aws:iam::${account}:policy/cdk-${levels[level].qualifier}-permissions-boundary-${account}-${region}`;
const prodStack = stackOf(config.migration.target).name;
const devStack = stackOf('dev').name;
const execCases = [
  ['dev', 'rds:DeleteDBInstance', arn('rds', `db:${prodStack}-database-x`), tagged('production'), false],
  ['dev', 'lambda:UpdateFunctionCode', arn('lambda', `function:${prodStack}-SchemaMigration-x`), {}, false],
  ['dev', 's3:DeleteBucket', arn('s3', `${prodStack}-schemamigrationrevisions-x`), {}, false],
  ['dev', 'ecr:DeleteRepository', repository, tagged('production'), false],
  ['dev', 'ec2:DeleteRoute', arn('ec2', 'route-table/rtb-1'), tagged('production'), false],
  ['dev', 'ec2:CreateTags', arn('ec2', 'vpc/vpc-1'), tagged('production'), false],
  ['dev', 'iam:PutRolePolicy', `arn:aws:iam::${account}:role/${config.project}-github-dev`, {}, false],
  ['dev', 'iam:CreateRole', `arn:aws:iam::${account}:role/${devStack}-Role-x`, {}, false],
  [
    'dev',
    'iam:CreateRole',
    `arn:aws:iam::${account}:role/${devStack}-Role-x`,
    { context: { 'iam:PermissionsBoundary': boundaryOf('production') } },
    false,
  ],
  [
    'dev',
    'iam:CreateRole',
    `arn:aws:iam::${account}:role/${devStack}-Role-x`,
    { context: { 'iam:PermissionsBoundary': boundaryOf('dev') } },
    true,
  ],
  ['dev', 'ec2:CreateSecurityGroup', arn('ec2', 'vpc/vpc-1'), tagged('production'), true],
  ['dev', 'rds:CreateDBInstance', arn('rds', `db:${devStack}-database-x`), {}, true],
  ['dev', 's3:GetObject', `arn:aws:s3:::cdk-${levels.production.qualifier}-assets-${account}-${region}/x.json`, {}, false],
  ['production', 'rds:DeleteDBInstance', arn('rds', `db:${devStack}-database-x`), tagged('dev'), false],
  ['production', 'lambda:DeleteFunction', arn('lambda', `function:${devStack}-DatabaseUsers-x`), {}, false],
  ['production', 'iam:DeleteRole', `arn:aws:iam::${account}:role/${devStack}-Role-x`, {}, false],
  ['production', 'ec2:AuthorizeSecurityGroupIngress', arn('ec2', 'security-group/sg-dev'), tagged('dev'), true],
  ['production', 'ec2:DeleteSecurityGroup', arn('ec2', 'security-group/sg-dev'), tagged('dev'), false],
  ['production', 'iam:PutRolePolicy', `arn:aws:iam::${account}:role/${config.project}-github-dev`, {}, true],
];
for (const [level, action, resource, options, allowed] of execCases) {
  const on = `${resource.split(':').slice(5).join(':')}${options.context ? ` ${JSON.stringify(options.context)}` : ''}`;
  test(`${level} execution role ${allowed ? 'may' : 'may not'} ${action} on ${on}`, () => {
    assert.equal(roleMay(model, execRole(level), action, resource, options), allowed);
  });
}

// One action CloudFormation calls to create each resource type the app holds. A type missing here fails: add it
// with its action, and the execution policies must allow it (a new kind fails in the test run, not in a deploy).
const CREATE_ACTION = {
  'AWS::Budgets::Budget': 'budgets:ModifyBudget',
  'AWS::CertificateManager::Certificate': 'acm:RequestCertificate',
  'AWS::CloudWatch::Dashboard': 'cloudwatch:PutDashboard',
  'AWS::Chatbot::SlackChannelConfiguration': 'chatbot:CreateSlackChannelConfiguration',
  'AWS::Route53::RecordSet': 'route53:ChangeResourceRecordSets',
  'AWS::ApiGatewayV2::Api': 'apigateway:POST',
  'AWS::ApiGatewayV2::ApiMapping': 'apigateway:POST',
  'AWS::ApiGatewayV2::DomainName': 'apigateway:POST',
  'AWS::ApiGatewayV2::Integration': 'apigateway:POST',
  'AWS::ApiGatewayV2::Route': 'apigateway:POST',
  'AWS::ApiGatewayV2::Stage': 'apigateway:POST',
  'AWS::ApplicationAutoScaling::ScalableTarget': 'application-autoscaling:RegisterScalableTarget',
  'AWS::ApplicationAutoScaling::ScalingPolicy': 'application-autoscaling:PutScalingPolicy',
  'AWS::Backup::BackupPlan': 'backup:CreateBackupPlan',
  'AWS::Backup::BackupSelection': 'backup:CreateBackupSelection',
  'AWS::Backup::BackupVault': 'backup:CreateBackupVault',
  'AWS::CloudWatch::Alarm': 'cloudwatch:PutMetricAlarm',
  'AWS::CodeDeploy::Application': 'codedeploy:CreateApplication',
  'AWS::CodeDeploy::DeploymentGroup': 'codedeploy:CreateDeploymentGroup',
  'AWS::EC2::EIP': 'ec2:AllocateAddress',
  'AWS::EC2::FlowLog': 'ec2:CreateFlowLogs',
  'AWS::EC2::InternetGateway': 'ec2:CreateInternetGateway',
  'AWS::EC2::Route': 'ec2:CreateRoute',
  'AWS::EC2::RouteTable': 'ec2:CreateRouteTable',
  'AWS::EC2::SecurityGroup': 'ec2:CreateSecurityGroup',
  'AWS::EC2::SecurityGroupEgress': 'ec2:AuthorizeSecurityGroupEgress',
  'AWS::EC2::SecurityGroupIngress': 'ec2:AuthorizeSecurityGroupIngress',
  'AWS::EC2::Subnet': 'ec2:CreateSubnet',
  'AWS::EC2::SubnetRouteTableAssociation': 'ec2:AssociateRouteTable',
  'AWS::EC2::VPC': 'ec2:CreateVpc',
  'AWS::EC2::VPCEndpoint': 'ec2:CreateVpcEndpoint',
  'AWS::EC2::VPCGatewayAttachment': 'ec2:AttachInternetGateway',
  'AWS::EC2::NatGateway': 'ec2:CreateNatGateway',
  'AWS::ECR::Repository': 'ecr:CreateRepository',
  'AWS::ECS::Cluster': 'ecs:CreateCluster',
  'AWS::ECS::Service': 'ecs:CreateService',
  'AWS::ECS::TaskDefinition': 'ecs:RegisterTaskDefinition',
  'AWS::ElasticLoadBalancingV2::Listener': 'elasticloadbalancing:CreateListener',
  'AWS::Events::Rule': 'events:PutRule',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'elasticloadbalancing:CreateLoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'elasticloadbalancing:CreateTargetGroup',
  'AWS::IAM::OIDCProvider': 'iam:CreateOpenIDConnectProvider',
  'AWS::IAM::Policy': 'iam:PutRolePolicy',
  'AWS::IAM::Role': 'iam:CreateRole',
  'AWS::KMS::Key': 'kms:CreateKey',
  'AWS::Lambda::EventInvokeConfig': 'lambda:PutFunctionEventInvokeConfig',
  'AWS::Lambda::Alias': 'lambda:CreateAlias',
  'AWS::Lambda::Function': 'lambda:CreateFunction',
  'AWS::Lambda::Permission': 'lambda:AddPermission',
  'AWS::Lambda::Version': 'lambda:PublishVersion',
  'AWS::Logs::LogGroup': 'logs:CreateLogGroup',
  'AWS::Logs::MetricFilter': 'logs:PutMetricFilter',
  'AWS::RDS::DBInstance': 'rds:CreateDBInstance',
  'AWS::RDS::DBParameterGroup': 'rds:CreateDBParameterGroup',
  'AWS::RDS::DBSubnetGroup': 'rds:CreateDBSubnetGroup',
  'AWS::S3::Bucket': 's3:CreateBucket',
  'AWS::S3::BucketPolicy': 's3:PutBucketPolicy',
  'AWS::Scheduler::Schedule': 'scheduler:CreateSchedule',
  'AWS::SNS::Subscription': 'sns:Subscribe',
  'AWS::SNS::Topic': 'sns:CreateTopic',
  'AWS::SNS::TopicPolicy': 'sns:SetTopicAttributes',
};

/** The resource a create action names: a role's ARN, a record's hosted zone, else any. */
const resourceOf = (r) =>
  r.type === 'AWS::IAM::Role' ? r.arn()
  : r.type === 'AWS::Route53::RecordSet' ? `arn:aws:route53:::hostedzone/${r.properties.HostedZoneId}`
  : '*';

test("each level's execution policy allows creating every resource type of its stacks", () => {
  const missing = [];
  for (const stack of stacks) {
    const resolvedStack = model.resolved.find((t) => t.name === stack.name);
    for (const [id, r] of Object.entries(resolvedStack.resources)) {
      // A custom resource is CloudFormation invoking the stack's own function.
      const [action, resource] = r.type.startsWith('Custom::')
        ? ['lambda:InvokeFunction', r.properties.ServiceToken]
        : [CREATE_ACTION[r.type], resourceOf(r)];
      if (!action) {
        missing.push(`${stack.name}/${id}: ${r.type} has no entry in CREATE_ACTION`);
        continue;
      }
      const options = r.type === 'AWS::IAM::Role' ? { context: { 'iam:PermissionsBoundary': r.properties.PermissionsBoundary } } : {};
      if (!roleMay(model, execRole(stack.level), action, resource, options))
        missing.push(`${stack.name}/${id}: ${r.type} (${action}) is not allowed at level ${stack.level}`);
    }
  }
  assert.deepEqual(missing, []);
});
