// Resolves the CloudFormation intrinsics of synthesized and bootstrap templates into the concrete names and ARNs a
// deploy would produce, so IAM policies can be evaluated offline. Generated physical names follow CloudFormation's
// pattern (<stack>-<logicalId>-<suffix>); only their consistency matters here, since every reference resolves
// through the same function.

const GENERATED = 'GENERATED';

/** A resolver for one template of stack <stackName> in <account>/<region>; exports are shared across templates. */
export function templateResolver(template, { stackName, account, region, exports = new Map() }) {
  const partition = 'aws';
  const resources = template.Resources ?? {};
  const parameters = template.Parameters ?? {};
  const conditionCache = new Map();

  const physicalName = (id) => {
    const r = resources[id];
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::IAM::Role':
        return p.RoleName ? resolve(p.RoleName) : `${stackName}-${id}-${GENERATED}`;
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::SNS::Topic':
        // Ref of these gives their ARN, not a name.
        return arnOf(id);
      case 'AWS::Lambda::Function':
        return p.FunctionName ? resolve(p.FunctionName) : `${stackName}-${id}-${GENERATED}`;
      case 'AWS::S3::Bucket':
        return p.BucketName ? resolve(p.BucketName) : `${stackName}-${id}-${GENERATED}`.toLowerCase();
      case 'AWS::ECR::Repository':
        return p.RepositoryName ? resolve(p.RepositoryName) : `${stackName}-${id}`.toLowerCase();
      case 'AWS::SSM::Parameter':
        return resolve(p.Name);
      case 'AWS::Logs::LogGroup':
        return p.LogGroupName ? resolve(p.LogGroupName) : `${stackName}-${id}-${GENERATED}`;
      case 'AWS::RDS::DBInstance':
        return `${stackName}-${id}-${GENERATED}`.toLowerCase();
      default:
        return `${stackName}-${id}-${GENERATED}`;
    }
  };

  const arnOf = (id) => {
    const r = resources[id];
    const name = () => physicalName(id);
    switch (r.Type) {
      case 'AWS::IAM::Role':
        return `arn:${partition}:iam::${account}:role/${name()}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${partition}:iam::${account}:policy/${resolve(r.Properties.ManagedPolicyName)}`;
      case 'AWS::IAM::OIDCProvider':
        return `arn:${partition}:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
      case 'AWS::Lambda::Function':
        return `arn:${partition}:lambda:${region}:${account}:function:${name()}`;
      case 'AWS::S3::Bucket':
        return `arn:${partition}:s3:::${name()}`;
      case 'AWS::ECR::Repository':
        return `arn:${partition}:ecr:${region}:${account}:repository/${name()}`;
      case 'AWS::Logs::LogGroup':
        return `arn:${partition}:logs:${region}:${account}:log-group:${name()}:*`;
      case 'AWS::KMS::Key':
        return `arn:${partition}:kms:${region}:${account}:key/${stackName}-${id}`;
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${stackName}-${id}-${GENERATED}`;
      case 'AWS::RDS::DBInstance':
        return `arn:${partition}:rds:${region}:${account}:db:${name()}`;
      default:
        return `arn:${partition}:unknown:${region}:${account}:${stackName}/${id}`;
    }
  };

  const attribute = (id, attr) => {
    if (!resources[id]) throw new Error(`${stackName}: GetAtt of unknown resource ${id}`);
    if (attr === 'Arn') return arnOf(id);
    if (attr === 'Value' && resources[id].Type === 'AWS::SSM::Parameter') return resolve(resources[id].Properties.Value);
    return `${stackName}-${id}-${attr}`;
  };

  const ref = (name) => {
    const pseudo = {
      'AWS::AccountId': account,
      'AWS::Region': region,
      'AWS::Partition': partition,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stackName,
    };
    if (name in pseudo) return pseudo[name];
    if (name === 'AWS::NoValue') return undefined;
    if (name in parameters) {
      const value = parameters[name].Default ?? '';
      return parameters[name].Type === 'CommaDelimitedList' ? (value === '' ? [''] : value.split(',')) : value;
    }
    if (name in resources) return physicalName(name);
    throw new Error(`${stackName}: Ref to unknown ${name}`);
  };

  const condition = (name) => {
    if (!conditionCache.has(name)) conditionCache.set(name, truth(template.Conditions[name]));
    return conditionCache.get(name);
  };
  const truth = (node) => {
    const [fn, args] = Object.entries(node)[0];
    switch (fn) {
      case 'Fn::Equals':
        return JSON.stringify(resolve(args[0])) === JSON.stringify(resolve(args[1]));
      case 'Fn::Not':
        return !truth(args[0]);
      case 'Fn::And':
        return args.every(truth);
      case 'Fn::Or':
        return args.some(truth);
      case 'Condition':
        return condition(args);
      default:
        throw new Error(`${stackName}: condition function ${fn}`);
    }
  };

  const substitute = (text, vars = {}) =>
    text.replace(/\$\{([^}]+)\}/g, (_, key) => {
      if (key in vars) return resolve(vars[key]);
      const [id, attr] = key.split('.');
      return attr ? attribute(id, attr) : [].concat(ref(id)).join(',');
    });

  function resolve(node) {
    if (Array.isArray(node)) return node.map(resolve).filter((v) => v !== undefined);
    if (node === null || typeof node !== 'object') return node;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const [fn] = keys;
      const args = node[fn];
      switch (fn) {
        case 'Ref':
          return ref(args);
        case 'Fn::GetAtt':
          return attribute(...(Array.isArray(args) ? args : args.split('.')));
        case 'Fn::Sub':
          return Array.isArray(args) ? substitute(args[0], args[1]) : substitute(args);
        case 'Fn::Join':
          return resolve(args[1]).flat().join(args[0]);
        case 'Fn::Select':
          return resolve(args[1])[args[0]];
        case 'Fn::Split':
          return resolve(args[1]).split(args[0]);
        case 'Fn::If':
          return condition(args[0]) ? resolve(args[1]) : resolve(args[2]);
        case 'Fn::ImportValue': {
          const name = resolve(args);
          if (!exports.has(name)) throw new Error(`${stackName}: import of unknown export ${name}`);
          return exports.get(name);
        }
        default:
          break;
      }
    }
    const out = {};
    for (const key of keys) {
      const value = resolve(node[key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  return { resolve, arnOf, physicalName, isIncluded: (resource) => !resource.Condition || condition(resource.Condition) };
}

/** The exports of <templates> (name to resolved value), resolving each template with the others' exports. */
export function collectExports(stacks, context) {
  const exports = new Map();
  for (const { name, template } of stacks) {
    const resolver = templateResolver(template, { ...context, stackName: name, exports });
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export) exports.set(resolver.resolve(output.Export.Name), resolver.resolve(output.Value));
    }
  }
  return exports;
}
