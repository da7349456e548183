// The compliance rule packs, run over synthesized templates as a reviewer's tools would read them:
//  - cdk-nag's AwsSolutions, NIST 800-53 R5, HIPAA Security and Serverless packs (a CDK policy-validation plugin since
//    3.x), over each template loaded with CfnInclude; they honour Metadata.cdk_nag.rules_to_suppress on the resource;
//  - the Control Tower proactive controls, as cfn-guard rules shipped with the cfn-guard binary in the npm package
//    @cdklabs/cdk-validator-cfnguard, run on the template files directly. Those rules carry no suppression clause of
//    their own, so a finding on a resource whose Metadata.guard.SuppressedRules names the rule counts as waived: the
//    key the AWS Guard Rules Registry's rules read, so any Guard reader sees the same waivers.
// A waiver without a reason a reviewer can read is refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const cdk = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const nag = require('cdk-nag');

/** The cdk-nag packs every template is held to, by the name cdk-nag gives their findings. */
export const NAG_PACKS = {
  AwsSolutions: nag.AwsSolutionsChecks,
  'NIST.800.53.R5': nag.NIST80053R5Checks,
  'HIPAA.Security': nag.HIPAASecurityChecks,
  Serverless: nag.ServerlessChecks,
};

const MIN_REASON = 20;
const hasReason = (reason) => typeof reason === 'string' && reason.trim().length >= MIN_REASON;

/**
 * Our C# constructs write suppressions in cdk-nag's template format (Metadata.cdk_nag.rules_to_suppress on the
 * resource itself). cdk-nag 3 reads acknowledgements from Validations instead: carry each one over, refusing any
 * without a reason. Returns the {regex} entries, which are matched against the findings after the run.
 */
function acknowledgeWrittenSuppressions(included, resources) {
  const patterns = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) {
      assert.ok(hasReason(rule.reason), `${logicalId}: suppression of ${rule.id} needs a reason of at least ${MIN_REASON} characters`);
      // appliesTo narrows a rule to named findings, which cdk-nag 3 addresses as "Rule[Finding]"; a {regex} entry
      // (cdk-nag's form for findings that name a generated value) is matched against the findings after the run.
      const named = (rule.appliesTo ?? []).filter((finding) => typeof finding === 'string');
      for (const { regex } of (rule.appliesTo ?? []).filter((finding) => typeof finding === 'object')) {
        const [, body, flags] = /^\/(.*)\/([a-z]*)$/.exec(regex) ?? assert.fail(`${logicalId}: ${regex} is not a /regex/`);
        patterns.push({ logicalId, id: rule.id, pattern: new RegExp(body, flags) });
      }
      const ids = rule.appliesTo?.length ? named.map((finding) => `${rule.id}[${finding}]`) : [rule.id];
      for (const id of ids) {
        cdk.Validations.of(included.getResource(logicalId)).acknowledge({ id, reason: rule.reason });
      }
    }
  }
  return patterns;
}

/** Whether a finding ("Rule[Finding]" at a construct path) is one a {regex} suppression on its resource names. */
const matchesPattern = (patterns, rule, path) =>
  patterns.some(
    ({ logicalId, id, pattern }) =>
      path.endsWith(`/${logicalId}`) && rule.startsWith(`${id}[`) && pattern.test(rule.slice(id.length + 1, -1)),
  );

/**
 * Runs the given cdk-nag packs over one template in a single synth; returns the findings left after the suppressions
 * written on the resources (all of them when honourSuppressions is false): { pack, rule, severity, description,
 * logicalId }.
 */
export function nagFindings(templateFile, { packs = Object.keys(NAG_PACKS), honourSuppressions = true } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'nag-'));
  try {
    const app = new cdk.App({ outdir });
    // The included template already carries the bootstrap-version parameter and rule.
    const synthesizer = new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false });
    const included = new CfnInclude(new cdk.Stack(app, 'Checked', { synthesizer }), 'Template', { templateFile });
    const { Resources: resources = {} } = JSON.parse(readFileSync(templateFile, 'utf8'));
    const patterns = honourSuppressions ? acknowledgeWrittenSuppressions(included, resources) : [];
    cdk.Validations.of(app).addPlugins(...packs.map((pack) => new NAG_PACKS[pack](app, { verbose: true })));
    silenced(() => {
      try {
        app.synth();
      } catch (error) {
        if (!String(error).includes('Validation failed')) throw error;
      }
    });
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    return report.pluginReports
      .filter((plugin) => packs.includes(plugin.pluginName))
      .flatMap((plugin) =>
        plugin.violations.flatMap((v) =>
          v.violatingConstructs.map((c) => ({
            pack: plugin.pluginName,
            rule: v.ruleName,
            severity: v.severity,
            description: v.description.split('\n')[0],
            logicalId: c.constructPath.split('/').pop(),
            path: c.constructPath,
          })),
        ),
      )
      .filter((f) => !matchesPattern(patterns, f.rule, f.path));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** CDK's validation prints its whole report on the console; the findings are read from the report file instead. */
function silenced(run) {
  const [log, error] = [console.log, console.error];
  console.log = console.error = () => {};
  try {
    return run();
  } finally {
    [console.log, console.error] = [log, error];
  }
}

const guardPackage = dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
/** The Control Tower proactive controls, as shipped with the package. */
export const CONTROL_TOWER_RULES = join(guardPackage, 'rules', 'control-tower', 'cfn-guard');

function guardBinary() {
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];
  const os = { linux: 'ubuntu', darwin: 'macos' }[process.platform];
  const binary = join(guardPackage, 'bin', os ?? process.platform, arch ?? process.arch, 'cfn-guard');
  assert.ok(
    existsSync(binary),
    `no cfn-guard binary for ${process.platform}/${process.arch} in @cdklabs/cdk-validator-cfnguard: run npm ci`,
  );
  return binary;
}

/**
 * Runs cfn-guard with the given rules over one template; returns one finding per failing rule and resource,
 * { rule, control, logicalId, waived } (waived: the resource's Metadata.guard.SuppressedRules names the rule).
 */
export function guardFindings(templateFile, rules = CONTROL_TOWER_RULES) {
  const args = ['validate', '--rules', rules, '--data', templateFile, '--output-format', 'json', '--show-summary', 'none'];
  let output;
  try {
    output = execFileSync(guardBinary(), [...args, '--structured'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  } catch (error) {
    // cfn-guard exits 19 when a rule fails; anything else is the tool failing.
    if (error.status !== 19) throw new Error(`cfn-guard failed (${error.status}): ${error.stderr}`);
    output = error.stdout;
  }
  const { Resources: resources = {} } = JSON.parse(readFileSync(templateFile, 'utf8'));
  const findings = new Map();
  for (const file of JSON.parse(output)) {
    for (const failed of file.not_compliant) {
      const rule = failed.Rule.name;
      for (const { logicalId, message } of resourcesIn(failed)) {
        const key = `${rule} ${logicalId}`;
        if (!findings.has(key)) findings.set(key, { rule, control: controlOf(message), logicalId });
      }
    }
  }
  return [...findings.values()].map((finding) => ({ ...finding, waived: guardWaiver(resources, finding) !== undefined }));
}

/** The resources a failed rule's checks point at (paths /Resources/<id>/...), with the control's message. */
function resourcesIn(node, message = '', out = []) {
  if (node === null || typeof node !== 'object') return out;
  const custom = node.messages?.custom_message ?? message;
  if (typeof node.path === 'string' && node.path.startsWith('/Resources/')) {
    out.push({ logicalId: node.path.split('/')[2], message: custom });
  }
  for (const child of Object.values(node)) resourcesIn(child, custom || message, out);
  return out;
}

const controlOf = (message) => /\[(CT\.[A-Z0-9.]+)\]/.exec(message ?? '')?.[1] ?? 'unknown control';

/** The reason a resource gives for waiving a Guard rule, or undefined; a waiver without a reason is refused. */
function guardWaiver(resources, { rule, logicalId }) {
  const guard = resources[logicalId]?.Metadata?.guard;
  if (!(guard?.SuppressedRules ?? []).includes(rule)) return undefined;
  const reason = guard.Reasons?.[rule];
  assert.ok(hasReason(reason), `${logicalId}: guard suppression of ${rule} needs a reason of at least ${MIN_REASON} characters`);
  return reason;
}

/**
 * Per pack, over the given templates: the findings the templates would have with no waiver written on them, and how
 * many of those are waived. { pack: { findings, waived } }, the Control Tower rules under "Control Tower".
 */
export function complianceCounts(templateFiles) {
  const counts = {};
  const add = (pack, waived) => {
    counts[pack] ??= { findings: 0, waived: 0 };
    counts[pack].findings += 1;
    if (waived) counts[pack].waived += 1;
  };
  for (const file of templateFiles) {
    const open = new Set(nagFindings(file).map((f) => `${f.rule} ${f.path}`));
    for (const f of nagFindings(file, { honourSuppressions: false })) add(f.pack, !open.has(`${f.rule} ${f.path}`));
    for (const f of guardFindings(file)) add('Control Tower', f.waived);
  }
  return counts;
}
