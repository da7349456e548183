// The account's IAM as the synthesized app and the committed bootstrap templates would deploy it: every role with
// its trust policy, every policy attached to it (including those other stacks attach by role name) and its
// permissions boundary; evaluated by a real IAM policy engine (@cloud-copilot/iam-simulate), offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { loadPolicy } from '@cloud-copilot/iam-policy';
import { collectExports, templateResolver } from './resolve-template.mjs';

// The package's validating entry point drops the GitHub OIDC condition keys (they are not in STS's published list),
// so its core engine is called directly with the request context as given (PLATFORM.md).
const require = createRequire(import.meta.url);
const engine = join(dirname(require.resolve('@cloud-copilot/iam-simulate')), '..', 'esm');
const load = (path) => import(pathToFileURL(join(engine, path)).href);
const { authorize } = await load('core_engine/CoreSimulatorEngine.js');
const { AwsRequestImpl } = await load('request/request.js');
const { RequestContextImpl } = await load('requestContext.js');
const { DiscoveryContextKeyConstraints } = await load('context_keys/discoveryContextKeyConstraints.js');

export const OIDC_ISSUER = 'token.actions.githubusercontent.com';

/** Evaluates one request; returns 'Allowed', 'ExplicitlyDenied' or 'ImplicitlyDenied'. */
export function evaluate({ principal, action, resource, account, context = {}, identityPolicies = [], resourcePolicy, boundaries }) {
  const named = (policies, prefix) => policies.map((p, i) => loadPolicy(p, { name: `${prefix}${i}` }));
  return authorize({
    request: new AwsRequestImpl(principal, { resource, accountId: account }, action, new RequestContextImpl(context)),
    sessionPolicy: undefined,
    identityPolicies: named(identityPolicies, 'identity'),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy ? loadPolicy(resourcePolicy, { name: 'resource' }) : undefined,
    permissionBoundaries: boundaries ? named(boundaries, 'boundary') : undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: {},
  }).result;
}

/**
 * Loads <stacks> ({ name, template } in deploy order) and <bootstrap> templates ({ level: template }) of one
 * account and region. Returns the roles by name and the resolved templates.
 */
export function loadAccount({ stacks, bootstrap, account, region }) {
  const context = { account, region };
  const bootstrapStacks = Object.entries(bootstrap).map(([level, template]) => ({ name: `CDKToolkit-${level}`, template }));
  const all = [...bootstrapStacks, ...stacks];
  const exports = collectExports(all, context);
  const resolved = all.map(({ name, template }) => {
    const resolver = templateResolver(template, { ...context, stackName: name, exports });
    const resources = Object.fromEntries(
      Object.entries(template.Resources)
        .filter(([, r]) => resolver.isIncluded(r))
        .map(([id, r]) => [
          id,
          {
            type: r.Type,
            properties: resolver.resolve(r.Properties ?? {}),
            arn: () => resolver.arnOf(id),
            name: () => resolver.physicalName(id),
          },
        ]),
    );
    return { name, resources };
  });

  const managed = new Map();
  for (const { resources } of resolved) {
    for (const r of Object.values(resources)) if (r.type === 'AWS::IAM::ManagedPolicy') managed.set(r.arn(), r.properties.PolicyDocument);
  }
  const roles = new Map();
  for (const { name: stack, resources } of resolved) {
    for (const r of Object.values(resources)) {
      if (r.type !== 'AWS::IAM::Role') continue;
      const p = r.properties;
      roles.set(r.name(), {
        name: r.name(),
        stack,
        arn: r.arn(),
        trust: p.AssumeRolePolicyDocument,
        policies: [
          ...(p.Policies ?? []).map((x) => x.PolicyDocument),
          ...[]
            .concat(p.ManagedPolicyArns ?? [])
            .map((arn) => managed.get(arn))
            .filter(Boolean),
        ],
        // AWS-managed policies (the lookup role's ReadOnlyAccess) are not in any template: named, not evaluated.
        awsManaged: [].concat(p.ManagedPolicyArns ?? []).filter((arn) => !managed.has(arn)),
        boundaryArn: p.PermissionsBoundary,
      });
    }
  }
  // Policies attach by reference or, across stacks, by role name.
  for (const { resources } of resolved) {
    for (const r of Object.values(resources)) {
      if (r.type !== 'AWS::IAM::Policy' && r.type !== 'AWS::IAM::ManagedPolicy') continue;
      for (const roleName of r.properties.Roles ?? []) {
        if (!roles.has(roleName)) throw new Error(`a policy attaches to role ${roleName}, which no template creates`);
        roles.get(roleName).policies.push(r.properties.PolicyDocument);
      }
    }
  }
  for (const role of roles.values()) {
    if (role.boundaryArn && !managed.has(role.boundaryArn))
      throw new Error(`${role.name}: boundary ${role.boundaryArn} is created by no template`);
    role.boundaries = role.boundaryArn ? [managed.get(role.boundaryArn)] : undefined;
  }
  return { roles, resolved, account, region };
}

/** Whether <role> may perform <action> on <resource> (its identity policies within its boundary). */
export function roleMay(model, role, action, resource, { resourcePolicy, context = {} } = {}) {
  return (
    evaluate({
      principal: role.arn,
      action,
      resource,
      account: model.account,
      context,
      identityPolicies: role.policies,
      boundaries: role.boundaries,
      resourcePolicy,
    }) === 'Allowed'
  );
}

/** The roles a GitHub token with <claims> may assume, then every role reachable from them through sts:AssumeRole. */
export function reachableRoles(model, claims) {
  const provider = `arn:aws:iam::${model.account}:oidc-provider/${OIDC_ISSUER}`;
  const context = Object.fromEntries(Object.entries(claims).map(([k, v]) => [`${OIDC_ISSUER}:${k}`, v]));
  const roles = [...model.roles.values()];
  const reached = roles.filter(
    (role) =>
      evaluate({
        principal: provider,
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: role.arn,
        account: model.account,
        context,
        resourcePolicy: role.trust,
      }) === 'Allowed',
  );
  for (let i = 0; i < reached.length; i++) {
    for (const next of roles) {
      if (!reached.includes(next) && roleMay(model, reached[i], 'sts:AssumeRole', next.arn, { resourcePolicy: next.trust }))
        reached.push(next);
    }
  }
  return reached;
}

export const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
