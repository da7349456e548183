// The environment report, read from a synthesized app (cdk.out), not the configuration: what would be deployed.
// Per stack: how long a release of the app takes (a Fargate rolling deploy, or a Lambda rollout), and what each
// private workload reaches as the construct library decided it (the manifest's "infra:reachability" metadata; the
// report has no rule of its own), and what it costs a month at list prices (cost.mjs, prices.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOAD, stackCost } from './cost.mjs';
import { desiredCount, resourcesOf } from './template.mjs';
import { describeMetBy, workloadLabel } from './reachability.mjs';

// AWS's defaults where a template leaves a setting out (ELB target group, ECS, container).
export const AWS_DEFAULTS = {
  healthCheckIntervalSeconds: 30,
  healthyThresholdCount: 5,
  deregistrationDelaySeconds: 300,
  stopTimeoutSeconds: 30,
  minimumHealthyPercent: 100,
  maximumPercent: 200,
};

// CodeDeploy's predefined Lambda configurations: seconds from the first shift to all traffic on the new version.
export const LAMBDA_ROLLOUTS = {
  'CodeDeployDefault.LambdaAllAtOnce': { seconds: 0, schedule: 'all traffic at once' },
  'CodeDeployDefault.LambdaCanary10Percent5Minutes': { seconds: 300, schedule: '10 % for 5 minutes, then the rest' },
  'CodeDeployDefault.LambdaCanary10Percent10Minutes': { seconds: 600, schedule: '10 % for 10 minutes, then the rest' },
  'CodeDeployDefault.LambdaCanary10Percent15Minutes': { seconds: 900, schedule: '10 % for 15 minutes, then the rest' },
  'CodeDeployDefault.LambdaCanary10Percent30Minutes': { seconds: 1800, schedule: '10 % for 30 minutes, then the rest' },
  'CodeDeployDefault.LambdaLinear10PercentEvery1Minute': { seconds: 540, schedule: '10 % more every minute (9 waits)' },
  'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes': { seconds: 1080, schedule: '10 % more every 2 minutes (9 waits)' },
  'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes': { seconds: 1620, schedule: '10 % more every 3 minutes (9 waits)' },
  'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes': { seconds: 5400, schedule: '10 % more every 10 minutes (9 waits)' },
};
// What CDK's LambdaDeploymentGroup uses when no configuration is given.
export const LAMBDA_DEFAULT_ROLLOUT = 'CodeDeployDefault.LambdaCanary10Percent5Minutes';

// Tasks replaced per wave: the extra capacity MaximumPercent allows, or the capacity MinimumHealthyPercent lets go.
function waves(desired, minimumPercent, maximumPercent) {
  if (desired <= 0) return 0;
  const perWave = Math.max(Math.floor((desired * (maximumPercent - 100)) / 100), desired - Math.ceil((desired * minimumPercent) / 100), 1);
  return Math.ceil(desired / perWave);
}

function fargateSeconds(settings, start) {
  const {
    healthCheckIntervalSeconds: interval,
    healthyThresholdCount: healthy,
    deregistrationDelaySeconds: drain,
    stopTimeoutSeconds: stop,
  } = settings;
  const perWave = start + interval + healthy * interval + drain + stop;
  return {
    perWave,
    formula: `${start} (task start, assumed) + ${interval} (until the first health check) + ${healthy} x ${interval} (healthy threshold)`
      + ` + ${drain} (deregistration delay) + ${stop} (stop timeout) = ${perWave} s per wave`,
  };
}

/** The release time of the stack's app, or null when it has none. */
export function releaseTime(template, taskStartSeconds = DEFAULT_LOAD.taskStartSeconds) {
  const [service] = resourcesOf(template, 'AWS::ECS::Service');
  if (service) {
    const p = service.Properties;
    const [group] = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    const g = group?.Properties ?? {};
    const drain = (g.TargetGroupAttributes ?? []).find((a) => a.Key === 'deregistration_delay.timeout_seconds');
    const app = (resourcesOf(template, 'AWS::ECS::TaskDefinition')[0]?.Properties.ContainerDefinitions ?? []).find(
      (c) => c.Essential !== false,
    );
    const configured = {
      healthCheckIntervalSeconds: g.HealthCheckIntervalSeconds ?? AWS_DEFAULTS.healthCheckIntervalSeconds,
      healthyThresholdCount: g.HealthyThresholdCount ?? AWS_DEFAULTS.healthyThresholdCount,
      deregistrationDelaySeconds: drain ? Number(drain.Value) : AWS_DEFAULTS.deregistrationDelaySeconds,
      stopTimeoutSeconds: app?.StopTimeout ?? AWS_DEFAULTS.stopTimeoutSeconds,
    };
    const desired = desiredCount(p.DesiredCount);
    const n = waves(
      desired,
      p.DeploymentConfiguration?.MinimumHealthyPercent ?? AWS_DEFAULTS.minimumHealthyPercent,
      p.DeploymentConfiguration?.MaximumPercent ?? AWS_DEFAULTS.maximumPercent,
    );
    const mine = fargateSeconds(configured, taskStartSeconds);
    const aws = fargateSeconds(AWS_DEFAULTS, taskStartSeconds);
    return {
      platform: 'fargate',
      seconds: mine.perWave * n,
      defaultSeconds: aws.perWave * n,
      formula: `${mine.formula}, ${n} wave(s) of ${desired} task(s)`,
      defaultFormula: `${aws.formula}, ${n} wave(s)`,
    };
  }
  const [group] = resourcesOf(template, 'AWS::CodeDeploy::DeploymentGroup');
  if (group) {
    const name = group.Properties.DeploymentConfigName ?? LAMBDA_DEFAULT_ROLLOUT;
    const rollout = LAMBDA_ROLLOUTS[name];
    if (!rollout) throw new Error(`report: deployment configuration ${name} is not in LAMBDA_ROLLOUTS`);
    const fallback = LAMBDA_ROLLOUTS[LAMBDA_DEFAULT_ROLLOUT];
    return {
      platform: 'lambda',
      seconds: rollout.seconds,
      defaultSeconds: fallback.seconds,
      formula: `${name}: ${rollout.schedule}`,
      defaultFormula: `${LAMBDA_DEFAULT_ROLLOUT}: ${fallback.schedule}`,
    };
  }
  return null;
}

/** The data of every <type> metadata entry of a stack artifact (contract/<name>.schema.json says its shape). */
const metadata = (artifact, type) =>
  Object.values(artifact.metadata ?? {})
    .flat()
    .filter((e) => e.type === type)
    .map((e) => e.data);

/** Every stack of cdk.out with its template, region, environment name, the library's reachability decisions and the
 * secrets each workload reads. */
export function loadApp(cdkOut) {
  const manifest = JSON.parse(readFileSync(join(cdkOut, 'manifest.json'), 'utf8'));
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => ({
      id,
      name: a.properties.tags?.environment ?? id,
      region: a.environment.split('/').pop(),
      template: JSON.parse(readFileSync(join(cdkOut, a.properties.templateFile), 'utf8')),
      reachability: metadata(a, 'infra:reachability'),
      secrets: metadata(a, 'infra:secrets'),
      budget: metadata(a, 'infra:budget')[0] ?? null,
      schedule: metadata(a, 'infra:schedule')[0] ?? null,
    }))
    .sort((x, y) => (x.name === 'shared' ? -1 : y.name === 'shared' ? 1 : x.name.localeCompare(y.name)));
}

/** What an environment's topic is told about and where it goes, read from the template: alarms that notify it, the
 * deploy notification rules, the schema applies and drift check, the budget; e-mail subscriptions and a Slack channel. */
export function notifications(template) {
  const of = (type) => Object.values(template.Resources ?? {}).filter((r) => r.Type === type);
  // The schema applies' outcomes arrive as alarms on their log's metric filters; the drift check is a scheduled rule.
  const applyMetrics = new Set(of('AWS::Logs::MetricFilter').flatMap((f) => f.Properties.MetricTransformations.map((m) => m.MetricName)));
  const notifying = of('AWS::CloudWatch::Alarm').filter((a) => (a.Properties.AlarmActions ?? []).length > 0);
  const alarms = notifying.filter((a) => !applyMetrics.has(a.Properties.MetricName)).length;
  const sources = of('AWS::Events::Rule').flatMap((r) => r.Properties.EventPattern?.source ?? []);
  const drift = of('AWS::Events::Rule').find((r) => r.Properties.Targets?.some((t) => JSON.parse(t.Input ?? '{}').action === 'drift'));
  const about = [
    ...(alarms > 0 ? [`alarms (${alarms})`] : []),
    ...(notifying.length > alarms ? ['schema applies (applied, refused, failed)'] : []),
    ...(drift ? [`schema drift (${drift.Properties.ScheduleExpression})`] : []),
    ...(sources.includes('aws.ecs') ? ['ECS deployments (completed, failed)'] : []),
    ...(sources.includes('aws.codedeploy') ? ['Lambda releases (succeeded, failed, stopped)'] : []),
    ...(of('AWS::Budgets::Budget').length > 0 ? ['budget (spent share, forecast)'] : []),
  ];
  const emails = of('AWS::SNS::Subscription').filter((s) => s.Properties.Protocol === 'email').length;
  const to = [
    ...(emails > 0 ? [`${emails} e-mail address(es)`] : []),
    ...of('AWS::Chatbot::SlackChannelConfiguration').map((c) => `Slack channel ${c.Properties.SlackChannelId}`),
  ];
  return { about, to };
}

// What a sleeping environment stops paying for asleep: its tasks (compute and their public IPv4) and its database
// instance hours; storage, the load balancer and the rest run on.
const SLEEPING_LINES = [/^Fargate vCPU-hours/, /^Fargate GB-hours/, /^public IPv4 of the tasks/, /^db\.\S+ hours/];
const sleepSaving = (lines, awakeHoursPerWeek) =>
  Math.round(
    lines.filter((l) => SLEEPING_LINES.some((p) => p.test(l.item))).reduce((sum, l) => sum + l.monthlyUsd, 0)
      * (1 - awakeHoursPerWeek / 168) * 100,
  ) / 100;

// The budget the report suggests: the environment's priced monthly cost plus this margin, in whole dollars up.
export const BUDGET_MARGIN = 0.2;
const suggestedBudget = (monthlyUsd) => Math.ceil(monthlyUsd * (1 + BUDGET_MARGIN));

/** The report as data (see docs/report.md for the JSON form). */
export function report(cdkOut, load = DEFAULT_LOAD) {
  const environments = loadApp(cdkOut).map((stack) => {
    const release = releaseTime(stack.template, load.taskStartSeconds);
    const cost = stackCost(stack.template, stack.region, load);
    return {
      name: stack.name,
      stack: stack.id,
      region: stack.region,
      platform: release?.platform ?? null,
      deploySeconds: release?.seconds ?? null,
      defaultDeploySeconds: release?.defaultSeconds ?? null,
      deployFormula: release?.formula ?? null,
      defaultDeployFormula: release?.defaultFormula ?? null,
      reachability: stack.reachability,
      secrets: stack.secrets,
      notifications: notifications(stack.template),
      schedule: stack.schedule,
      sleepSavingUsd: stack.schedule ? sleepSaving(cost.lines, stack.schedule.awakeHoursPerWeek) : null,
      budget: stack.budget,
      suggestedBudgetUsd: suggestedBudget(cost.monthlyUsd),
      monthlyUsd: cost.monthlyUsd,
      lines: cost.lines,
      unpriced: cost.unpriced,
    };
  });
  const account = environments.reduce((sum, e) => sum + e.monthlyUsd, 0);
  return { load, environments, accountMonthlyUsd: Math.round(account * 100) / 100 };
}

/** The report as text. */
export function renderText(data) {
  const l = data.load;
  const backups = l.backupGb === null ? 'backups as large as each database' : `${l.backupGb} GB of backups per database`;
  const out = [
    'Environment report (from cdk.out; list prices)',
    `assumed: ${l.requestsPerMonth} requests a month of ${l.averageDurationMs} ms, ${l.logGbPerMonth} GB of logs and ${l.albLcu} LCU `
      + `per environment, ${l.bucketGb} GB in its buckets, ${l.imageGb} GB of images, ${backups}, `
      + `a task starting in ${l.taskStartSeconds} s`,
  ];
  for (const e of data.environments) {
    out.push('', `${e.name} (${e.stack}, ${e.region})`);
    if (e.deploySeconds !== null) {
      out.push(`  release on ${e.platform}: ${e.deploySeconds} s = ${e.deployFormula}`);
      out.push(`    with AWS's defaults: ${e.defaultDeploySeconds} s = ${e.defaultDeployFormula}`);
    }
    for (const r of e.reachability) {
      const needs =
        r.needs.length === 0
          ? 'needs nothing outside the VPC'
          : r.needs.map((n) => `${n.service} via ${describeMetBy(n.metBy)}`).join(', ');
      out.push(`  reaches: ${workloadLabel(r.workload)}: ${needs}`);
    }
    for (const r of e.secrets) {
      const read = r.secrets.map((s) => `${s.variable} (${s.store} ${s.name}${s.jsonKey ? `, key ${s.jsonKey}` : ''})`);
      out.push(`  reads secrets: ${workloadLabel(r.workload)}: ${read.join(', ')}`);
    }
    out.push(`  monthly: $${e.monthlyUsd.toFixed(2)}${e.unpriced.length > 0 ? ' plus what is not priced' : ''}`);
    for (const line of e.lines) out.push(`    ${line.item}: ${line.quantity} x $${line.unitUsd} = $${line.monthlyUsd.toFixed(2)}`);
    for (const item of e.unpriced) out.push(`    not priced: ${item}`);
    // A region without prices: the command that reads them from the AWS Price List API.
    for (const region of new Set(e.unpriced.map((item) => item.match(/ price for ([a-z0-9-]+)\)$/)?.[1]).filter(Boolean)))
      out.push(`    price ${region}: scripts/prices --region ${region}`);
    if (e.schedule)
      out.push(
        `  sleeps: awake ${e.schedule.awakeHoursPerWeek} of 168 h a week; saves $${e.sleepSavingUsd.toFixed(2)} a month `
          + '(tasks and database instance asleep; the monthly figure above is always-on)',
      );
    if (e.notifications.about.length > 0) {
      const to = e.notifications.to.length > 0 ? e.notifications.to.join(', ') : 'no subscriber yet (alarmEmails, notifications.slack)';
      out.push(`  notifies: ${e.notifications.about.join(', ')}; to ${to}`);
    }
    if (e.name !== 'shared') {
      const suggested = `suggested $${e.suggestedBudgetUsd} (the monthly figure + ${BUDGET_MARGIN * 100} %)`;
      out.push(
        e.budget
          ? `  budget: $${e.budget.monthlyUsd} a month, notified at ${e.budget.alertPercent} % spent and on a forecast above it; `
              + suggested
          : `  budget: none; ${suggested}`,
      );
    }
  }
  out.push(
    '',
    `account: $${data.accountMonthlyUsd.toFixed(2)} a month`
      + `${data.environments.some((e) => e.unpriced.length > 0) ? ' plus what is not priced' : ''}`,
  );
  return out.join('\n') + '\n';
}
