// The trust levels as a closure, evaluated by a real IAM policy engine: every principal one level can bring into
// being or reach (any role its execution role may create, with its boundary and an `Allow *` policy; every role its
// stacks and its bootstrap hold; every role its CI tokens reach) against what must stay the other level's. Requests
// carry no resource tag, the worst case: a service that does not pass the trust-level tag still meets a named deny.
// Same account for both levels (the committed configuration): the worst case for names. Run scripts/synth first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApp, root, githubToken } from './lib/app-model.mjs';
import { reachableRoles, roleMay } from './lib/iam-model.mjs';

const app = loadApp();
const { config, account, region, levels, model, resources, stackOf, find, role, bootstrapRole, boundaryOf, s3Access, stagingUpload } = app;
const other = { dev: 'production', production: 'dev' };
const arn = (service, resource) => `arn:aws:${service}:${region}:${account}:${resource}`;
const maybe = (stack, type, where = () => true) => resources.find((r) => r.stack === stack && r.type === type && where(r.properties));
const assume = (target) => ({ resourcePolicy: target.trust });
// A database's resource id as the resolver renders GetAtt DbiResourceId (AWS assigns the real one at creation).
const dbResourceId = (stack) => {
  const id = Object.entries(model.resolved.find((t) => t.name === stack).resources).find(([, r]) => r.type === 'AWS::RDS::DBInstance')?.[0];
  return id && `${stack}-${id}-DbiResourceId`;
};
const dbUser = (stack, user) => dbResourceId(stack) && `arn:aws:rds-db:${region}:${account}:dbuser:${dbResourceId(stack)}/${user}`;
// A role of <stack> that principals of the account may assume (its trust names the account), if it has one.
const assumableIn = (stack) =>
  [...model.roles.values()].find((r) => r.stack === stack && JSON.stringify(r.trust).includes(`arn:aws:iam::${account}:root`));
const clusterTask = (stack) => {
  const cluster = maybe(stack, 'AWS::ECS::Cluster');
  return cluster && arn('ecs', `task/${cluster.name()}/0123456789abcdef`);
};

/**
 * What each level must never do to the other's: [what, action, resource, options]. Probes whose resource the
 * configuration lacks (no ECS cluster on the Lambda platform) drop out; the rest must be denied in every row.
 */
function probesOn(level) {
  const prod = stackOf(config.migration.target).name;
  const dev = stackOf(config.migration.source).name;
  if (level === 'production') {
    const apply = find(prod, 'AWS::Lambda::Function', (p) => p.Handler.endsWith('.Handling.Handler::Handle'));
    const applyLogs = find(
      prod,
      'AWS::Logs::LogGroup',
      () => true,
      (r) => r.name() === apply.properties.LoggingConfig?.LogGroup,
    );
    const revisions = find(prod, 'AWS::S3::Bucket', (p) => p.VersioningConfiguration?.Status === 'Enabled');
    const repository = find(stackOf('shared').name, 'AWS::ECR::Repository');
    const deployRole = bootstrapRole('production', 'deploy');
    const ciRole = role(`${config.project}-github-production`);
    const named = `${config.project}/${config.migration.target}`;
    return [
      ['invoke the applying schema function', 'lambda:InvokeFunction', apply.arn()],
      ['replace the applying schema function', 'lambda:UpdateFunctionCode', apply.arn()],
      ['read its code', 'lambda:GetFunction', apply.arn()],
      ['connect to PROD as schema_sync', 'rds-db:connect', dbUser(prod, 'schema_sync')],
      ['connect to PROD as app', 'rds-db:connect', dbUser(prod, 'app')],
      ['connect to PROD as dbadmin', 'rds-db:connect', dbUser(prod, 'dbadmin')],
      ['delete revision history', 's3:DeleteObjectVersion', `${revisions.arn()}/revisions/r.json`, s3Access(prod, revisions)],
      ['read revision history', 's3:GetObject', `${revisions.arn()}/revisions/r.json`, s3Access(prod, revisions)],
      ['forge prod logs', 'logs:PutLogEvents', `${applyLogs.arn().slice(0, -2)}:log-stream:forged`],
      ['read prod logs', 'logs:GetLogEvents', `${applyLogs.arn().slice(0, -2)}:log-stream:x`],
      ['Performance Insights of PROD', 'pi:GetResourceMetrics', arn('pi', `metrics/rds/${dbResourceId(prod)}`)],
      ['assume the production deploy role', 'sts:AssumeRole', deployRole.arn, assume(deployRole)],
      ['assume the production CI role', 'sts:AssumeRole', ciRole.arn, assume(ciRole)],
      ["pass the applying function's role", 'iam:PassRole', apply.properties.Role],
      ['exec into prod tasks', 'ecs:ExecuteCommand', clusterTask(prod)],
      ['read a prod secret', 'secretsmanager:GetSecretValue', arn('secretsmanager', `secret:${named}/db-AbCdEf`)],
      ['read a prod parameter', 'ssm:GetParameter', arn('ssm', `parameter/${named}/setting`)],
      ['write a prod image tag', 'ecr:PutImage', repository.arn()],
      ['delete an image', 'ecr:BatchDeleteImage', repository.arn()],
      ['update the prod stack', 'cloudformation:UpdateStack', arn('cloudformation', `stack/${prod}/id`)],
      ["publish to prod's staging bucket", 's3:PutObject', ...stagingUpload('production')],
      // A security group has no name to deny: this one probe carries the tag EC2 passes for it.
      [
        'join a prod security group',
        'ec2:CreateNetworkInterface',
        arn('ec2', 'security-group/sg-prod'),
        { context: { 'aws:ResourceTag/trust-level': 'production' } },
      ],
    ].filter(([, , resource]) => resource);
  }
  const bootstrap = find(dev, 'AWS::Lambda::Function', (p) => p.Handler.endsWith('.BootstrapHandler::Handle'));
  const devDb = find(dev, 'AWS::RDS::DBInstance');
  const tunnel = assumableIn(dev);
  const logs = resources.find((r) => r.stack === dev && r.type === 'AWS::Logs::LogGroup');
  const accessLogs = maybe(dev, 'AWS::S3::Bucket');
  return [
    ['delete the dev database', 'rds:DeleteDBInstance', devDb.arn()],
    ['replace the dev user bootstrap', 'lambda:UpdateFunctionCode', bootstrap.arn()],
    ['invoke the dev user bootstrap (dbadmin)', 'lambda:InvokeFunction', bootstrap.arn()],
    ['connect to DEV as dbadmin', 'rds-db:connect', dbUser(dev, 'dbadmin')],
    ['assume the dev developer role', 'sts:AssumeRole', tunnel?.arn, tunnel && assume(tunnel)],
    ['exec into dev tasks', 'ecs:ExecuteCommand', clusterTask(dev)],
    ['forge dev logs', 'logs:PutLogEvents', `${logs.arn().slice(0, -2)}:log-stream:forged`],
    ['delete dev objects', 's3:DeleteObject', accessLogs && `${accessLogs.arn()}/alb/x`, accessLogs && s3Access(dev, accessLogs)],
    ['update the dev stack', 'cloudformation:UpdateStack', arn('cloudformation', `stack/${dev}/id`)],
    ["publish to dev's staging bucket", 's3:PutObject', ...stagingUpload('dev')],
    ['change a dev role', 'iam:PutRolePolicy', [...model.roles.values()].find((r) => r.stack === dev)?.arn],
  ].filter(([, , resource]) => resource);
}

// Database users are named by DbiResourceId, which AWS assigns at creation: no policy written before the database
// exists can name it, and both levels use the same user names. Within one account, the boundary cannot tell PROD's
// users from DEV's (docs/trust-levels.md, "What IAM cannot separate in one account"). These cells are expected
// allowed for a role with `Allow *`, and only for such a role; a test below fails the day they become denied.
const NAMELESS = new Set([
  'connect to PROD as schema_sync',
  'connect to PROD as app',
  'connect to PROD as dbadmin',
  'connect to DEV as dbadmin',
]);

/** A role <level> may create: each name pattern its execution policy allows, under its boundary, with `Allow *`. */
function creatableRoles(level) {
  const exec = bootstrapRole(level, 'cfn-exec');
  const patterns = exec.policies
    .flatMap((p) => p.Statement)
    .find((s) => s.Sid === 'OwnRolesOnly')
    .Resource.filter((r) => r.includes(':role/'));
  const boundary = [
    find(`CDKToolkit-${level}`, 'AWS::IAM::ManagedPolicy', (p) => p.ManagedPolicyName.includes('-permissions-boundary-')).properties
      .PolicyDocument,
  ];
  return patterns.map((pattern) => {
    const arnOfRole = pattern.replace('*', 'closure-probe');
    const withBoundary = { context: { 'iam:PermissionsBoundary': boundaryOf(level) } };
    assert.ok(
      roleMay(model, exec, 'iam:CreateRole', arnOfRole, withBoundary),
      `${level} may not create ${arnOfRole}: the pattern ${pattern} is dead`,
    );
    assert.ok(roleMay(model, exec, 'iam:PutRolePolicy', arnOfRole), `${level} may not give ${arnOfRole} a policy`);
    return {
      label: `any role ${level} may create (${pattern.split('/').pop()}), Allow *`,
      creatable: true,
      role: {
        name: arnOfRole.split('/').pop(),
        arn: arnOfRole,
        boundaries: boundary,
        policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
      },
    };
  });
}

/** Every principal of <level>'s closure: creatable roles, its stacks' and bootstrap's roles, what its tokens reach. */
function principalsOf(level) {
  const stacks = new Set([...levels[level].stacks, `CDKToolkit-${level}`]);
  const ciRole = (r) => r.name.startsWith(`${config.project}-github-`);
  const own = [...model.roles.values()].filter((r) => stacks.has(r.stack) && !(level === 'production' && ciRole(r)));
  const repo = `${config.github.owner}/${config.github.repository}`;
  // The CI roles live in the shared stack but are reached by tokens of either level: main and pull requests are dev's.
  const tokens =
    level === 'dev'
      ? [{ subject: 'ref:refs/heads/main' }, { subject: 'pull_request', ref: 'refs/pull/7/merge', workflow: 'pull-request.yml' }]
      : ['production-deploy.yml', 'production-release.yml'].map((workflow) => ({ subject: 'environment:production', workflow }));
  const reached = tokens.flatMap((claims) => reachableRoles(model, githubToken({ repository: repo, ...claims })));
  const roles = [...new Map([...own, ...reached].map((r) => [r.name, r])).values()];
  return [...creatableRoles(level), ...roles.map((r) => ({ label: r.name.replace(`-${account}-${region}`, ''), role: r }))];
}

const closure = Object.fromEntries(
  Object.keys(other).map((level) => {
    const probes = probesOn(other[level]);
    const rows = principalsOf(level).map((row) => ({
      ...row,
      cells: probes.map(([, action, resource, options]) => roleMay(model, row.role, action, resource, options ?? {})),
    }));
    return [level, { probes, rows }];
  }),
);

const word = (allowed, what) => (allowed ? (NAMELESS.has(what) ? 'allowed (nameless)' : 'ALLOWED') : 'denied');
const tableOf = (level, { probes, rows }) => [
  `| ${level} principal | ${probes.map(([what]) => what).join(' | ')} |`,
  `|---|${probes.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.label} | ${r.cells.map((c, i) => word(c, probes[i][0])).join(' | ')} |`),
];

// Only for the committed configuration (scripts/test also runs this file on each example's synth).
if (!process.env.CDK_OUT)
  test('docs/trust-levels.md shows the closure tables the committed configuration produces', () => {
    const doc = readFileSync(join(root, 'docs', 'trust-levels.md'), 'utf8');
    for (const [level, value] of Object.entries(closure)) {
      assert.ok(
        doc.includes(tableOf(level, value).join('\n')),
        `docs/trust-levels.md: the ${level} table differs from this run's; paste the printed one`,
      );
    }
  });

for (const [level, { probes, rows }] of Object.entries(closure)) {
  test(`prints the ${level} closure (principal x ${other[level]} action; ALLOWED fails unless nameless)`, () => {
    const lines = tableOf(level, { probes, rows });
    console.log(lines.join('\n'));
    assert.ok(
      rows.length > probes.length / 4 && probes.length >= 8,
      `${rows.length} principals x ${probes.length} probes: too few to be a closure`,
    );
  });

  test(`nothing in the ${level} closure reaches ${other[level]}`, () => {
    // AWS-managed policies are not in any template: a principal holding one could not be evaluated.
    assert.deepEqual(
      rows.filter((r) => r.role.awsManaged?.length).map((r) => r.label),
      [],
    );
    const expected = (row, i) => row.creatable && NAMELESS.has(probes[i][0]);
    const cell = (r, i) => `${r.label}: ${probes[i][0]} (${probes[i][1]})`;
    const allowed = rows.flatMap((r) => r.cells.flatMap((c, i) => (c && !expected(r, i) ? [cell(r, i)] : [])));
    assert.deepEqual(allowed, []);
  });
}

test('the nameless cells are what the evaluator says: allowed for Allow *, so the network is what separates them', () => {
  for (const { probes, rows } of Object.values(closure)) {
    for (const row of rows.filter((r) => r.creatable)) {
      probes.forEach(([what], i) => {
        if (NAMELESS.has(what)) assert.equal(row.cells[i], true, `${row.label}: ${what} is denied now; drop it from NAMELESS`);
      });
    }
  }
});

test('no role a level creates can change or assume its way out of the boundary (roles without it, the boundary itself)', () => {
  const escapes = [];
  for (const level of Object.keys(other)) {
    const unbounded = [...model.roles.values()].filter((r) => r.boundaryArn !== boundaryOf(level));
    assert.ok(unbounded.length >= 5, 'the bootstrap roles of both levels at least');
    for (const { role: created } of creatableRoles(level)) {
      for (const target of unbounded) {
        const changes = [
          'iam:PutRolePolicy',
          'iam:AttachRolePolicy',
          'iam:UpdateAssumeRolePolicy',
          'iam:PutRolePermissionsBoundary',
          'iam:PassRole',
        ];
        for (const action of changes) {
          if (roleMay(model, created, action, target.arn)) escapes.push(`${created.name}: ${action} on ${target.name}`);
        }
      }
      for (const action of ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy']) {
        if (roleMay(model, created, action, boundaryOf(level))) escapes.push(`${created.name}: ${action} on its boundary`);
      }
      if (roleMay(model, created, 'iam:CreateRole', `arn:aws:iam::${account}:role/${created.name}-2`)) {
        escapes.push(`${created.name}: a role without the boundary`);
      }
      const bounded = { context: { 'iam:PermissionsBoundary': boundaryOf(level) } };
      if (roleMay(model, created, 'iam:CreateUser', `arn:aws:iam::${account}:user/x`, bounded)) escapes.push(`${created.name}: a user`);
    }
  }
  assert.deepEqual(escapes, []);
});

test('a role the dev level creates still does its own work: its boundary is a ceiling, not a wall', () => {
  const [probe] = creatableRoles('dev');
  const dev = stackOf(config.migration.source).name;
  const own = [
    ['lambda:InvokeFunction', arn('lambda', `function:${dev}-Anything`)],
    ['logs:PutLogEvents', arn('logs', `log-group:${dev}-Logs-x:log-stream:y`)],
    ['rds-db:connect', dbUser(dev, 'app')],
    ['ecr:BatchGetImage', find(stackOf('shared').name, 'AWS::ECR::Repository').arn()],
    ['ec2:CreateNetworkInterface', arn('ec2', 'subnet/subnet-shared'), { context: { 'aws:ResourceTag/trust-level': 'production' } }],
    ['ec2:CreateNetworkInterface', arn('ec2', 'security-group/sg-dev'), { context: { 'aws:ResourceTag/trust-level': 'dev' } }],
  ];
  for (const [action, resource, options] of own) {
    assert.ok(roleMay(model, probe.role, action, resource, options), `${action} on ${resource}`);
  }
  assert.ok(!roleMay(model, probe.role, 'ecr:PutImage', find(stackOf('shared').name, 'AWS::ECR::Repository').arn()));
});

test("every managed policy of the bootstrap templates fits IAM's 6,144-character limit once resolved", () => {
  for (const t of model.resolved.filter((x) => x.name.startsWith('CDKToolkit-'))) {
    for (const r of Object.values(t.resources).filter((x) => x.type === 'AWS::IAM::ManagedPolicy')) {
      const size = JSON.stringify(r.properties.PolicyDocument).replace(/\s/g, '').length;
      assert.ok(size <= 6144, `${t.name}: ${r.properties.ManagedPolicyName}: ${size} characters`);
    }
  }
});
