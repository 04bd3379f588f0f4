import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { errorCatalog } from '@igs/contracts';
import { platformMetrics, prometheusLabel, prometheusName } from '@igs/platform';
import { stringify } from 'yaml';
import { promqlLabels, type Labels } from './promql-labels';
import { renderKustomization, repositoryRoot, schemaErrors } from './k8s-objects';

// k8s/monitoring as the Prometheus Operator and Grafana would receive it: rendered by
// kustomize, valid against the operator's CRD schemas, one ServiceMonitor per app, and every
// PromQL expression (recording rules, alerts, dashboard panels) naming only series and labels
// the apps export (libs/platform/src/telemetry/metric-names.ts). No cluster, no Prometheus.
const root = repositoryRoot;
const render = (kustomization: string) => renderKustomization<K8sObject>(kustomization);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleGroup {
  name: string;
  rules: Rule[];
}
interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; definition?: string }[] };
}

/** What a ServiceMonitor's scrape adds to every series, and what the exporter adds. */
const targetLabels = ['job', 'instance', 'namespace', 'service', 'pod', 'container', 'endpoint'];
const standardSeries: Record<string, string[]> = { up: targetLabels, scrape_duration_seconds: targetLabels, scrape_samples_scraped: targetLabels };

/** Every series name Prometheus holds for the platform's metrics, with its labels. */
function exportedSeries(): Map<string, Labels> {
  const series = new Map<string, Labels>();
  for (const [name, labels] of Object.entries(standardSeries)) series.set(name, new Set(labels));
  for (const definition of Object.values(platformMetrics)) {
    const labels = [...definition.attributes.map(prometheusLabel), ...targetLabels, 'otel_scope_name'];
    const name = prometheusName(definition);
    if (definition.kind !== 'histogram') {
      series.set(name, new Set(labels));
      continue;
    }
    series.set(`${name}_bucket`, new Set([...labels, 'le']));
    series.set(`${name}_sum`, new Set(labels));
    series.set(`${name}_count`, new Set(labels));
  }
  return series;
}

/** Grafana's variables, replaced by values PromQL parses, so panels are checked as queried. */
function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{?(\w+)\}?/g, 'x');
}

/** GitHub's anchor for a Markdown heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function ruleGroups(objects: K8sObject[]): RuleGroup[] {
  return objects.filter((object) => object.kind === 'PrometheusRule').flatMap((rule) => (rule.spec as { groups: RuleGroup[] }).groups);
}

function dashboards(objects: K8sObject[]): { name: string; json: Dashboard }[] {
  return objects
    .filter((object) => object.kind === 'ConfigMap' && object.metadata.labels?.['grafana_dashboard'] === '1')
    .flatMap((map) => Object.entries(map.data ?? {}).map(([name, text]) => ({ name, json: JSON.parse(text) as Dashboard })));
}

/** A variable's `label_values(<selector>, <label>)` as the query it stands for: `count by (<label>) (<selector>)`. */
function variableQueries(json: Dashboard): { where: string; expr: string }[] {
  return json.templating.list.flatMap((variable) => {
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(variable.definition ?? '');
    return match ? [{ where: `${json.title} / $${variable.name}`, expr: withoutGrafanaVariables(`count by (${match[2]}) (${match[1]})`) }] : [];
  });
}

/** Checks every expression in order; a recording rule's result labels become known to the later ones. */
function checkExpressions(groups: RuleGroup[], panels: { where: string; expr: string }[]): string[] {
  const series = exportedSeries();
  const problems: string[] = [];
  const recordings = groups.flatMap((group) => group.rules).filter((rule) => rule.record);
  for (const rule of recordings) {
    const { labels, problems: found } = promqlLabels(rule.expr, (name) => series.get(name));
    problems.push(...found.map((problem) => `record ${rule.record}: ${problem}`));
    const known = series.get(rule.record!) ?? new Set<string>();
    series.set(rule.record!, new Set([...known, ...(labels ?? []), ...Object.keys(rule.labels ?? {})]));
  }
  const alerts = groups.flatMap((group) => group.rules).filter((rule) => rule.alert);
  for (const { where, expr } of [...alerts.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })), ...panels]) {
    problems.push(...promqlLabels(expr, (name) => series.get(name)).problems.map((problem) => `${where}: ${problem}`));
  }
  return problems;
}

describe('the monitoring kustomization (k8s/monitoring)', () => {
  let objects: K8sObject[] = [];
  let platform: K8sObject[] = [];
  before(() => {
    objects = render('monitoring');
    platform = render('overlays/prod');
  });

  it('renders ServiceMonitors, PrometheusRules and dashboard ConfigMaps, all valid and in namespace igs', async () => {
    assert.deepEqual([...new Set(objects.map((object) => object.kind))].sort(), ['ConfigMap', 'PrometheusRule', 'ServiceMonitor']);
    const errors: string[] = [];
    for (const object of objects) {
      const error = await schemaErrors(object);
      if (error) errors.push(`${object.kind}/${object.metadata.name}: ${error}`);
    }
    assert.deepEqual(errors, []);
    assert.ok(objects.every((object) => object.metadata.namespace === 'igs' && object.metadata.labels?.['app.kubernetes.io/part-of'] === 'igs-platform'));
  });

  it('scrapes /metrics on the health port of the Service of every app of the platform', () => {
    const apps = platform.filter((object) => object.kind === 'Deployment' && object.metadata.labels?.['app.kubernetes.io/part-of'] === 'igs-platform');
    assert.ok(apps.length >= 4);
    const monitors = objects.filter((object) => object.kind === 'ServiceMonitor');
    for (const app of apps) {
      const service = platform.find((object) => object.kind === 'Service' && object.metadata.name === app.metadata.name);
      assert.ok(service, `Service/${app.metadata.name} is rendered`);
      const selecting = monitors.filter((monitor) => {
        const wanted = (monitor.spec?.['selector'] as { matchLabels: Record<string, string> }).matchLabels;
        return Object.entries(wanted).every(([key, value]) => service.metadata.labels?.[key] === value);
      });
      assert.equal(selecting.length, 1, `one ServiceMonitor selects Service/${service.metadata.name}`);
      const endpoints = selecting[0]!.spec?.['endpoints'] as { port: string; path: string; interval: string }[];
      assert.deepEqual(
        endpoints.map(({ port, path }) => ({ port, path })),
        [{ port: 'health', path: '/metrics' }],
      );
      // The port the app serves /metrics on (its container port named health) is the Service's port of that name.
      const containerPorts = (app.spec?.['template'] as { spec: { containers: { ports?: { name?: string }[] }[] } }).spec.containers.flatMap(
        (container) => container.ports ?? [],
      );
      assert.ok(
        containerPorts.some((port) => port.name === 'health'),
        `Deployment/${app.metadata.name} names its health port health`,
      );
      const ports = service.spec?.['ports'] as { name: string; targetPort: string | number }[];
      assert.ok(
        ports.some((port) => port.name === 'health' && port.targetPort === 'health'),
        `Service/${service.metadata.name} exposes the container's health port as health`,
      );
    }
    assert.equal(monitors.length, apps.length, 'no ServiceMonitor for an app that is not deployed');
  });

  it('is rendered by the prod overlay, monitors, rules and dashboards alike, and not by dev', () => {
    const key = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;
    const inProd = new Set(platform.map(key));
    assert.deepEqual(
      objects.map(key).filter((name) => !inProd.has(name)),
      [],
    );
    const dev = render('overlays/dev');
    assert.deepEqual(dev.filter((object) => object.apiVersion.startsWith('monitoring.coreos.com/')).map(key), []);
  });

  it('gives every alert a severity, a summary, a description and a runbook in docs/slo.md', () => {
    const groups = ruleGroups(objects);
    assert.equal(new Set(groups.map((group) => group.name)).size, groups.length, 'rule group names are unique');
    const anchors = new Set(
      readFileSync(join(root, 'docs', 'slo.md'), 'utf8')
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => anchorOf(line.replace(/^#+ /, ''))),
    );
    const alerts = groups.flatMap((group) => group.rules).filter((rule) => rule.alert);
    assert.ok(alerts.length >= 12);
    assert.equal(new Set(alerts.map((alert) => alert.alert)).size, alerts.length, 'alert names are unique');
    for (const alert of alerts) {
      assert.match(alert.labels?.['severity'] ?? '', /^(critical|warning)$/, `${alert.alert} has a severity`);
      assert.ok(alert.annotations?.['summary'] && alert.annotations['description'], `${alert.alert} has a summary and a description`);
      const runbook = new URL(alert.annotations['runbook_url'] ?? 'missing:');
      assert.match(runbook.pathname, /\/docs\/slo\.md$/, `${alert.alert}'s runbook is in docs/slo.md`);
      assert.ok(anchors.has(runbook.hash.slice(1)), `docs/slo.md has the section ${runbook.hash} of ${alert.alert}`);
    }
  });

  it('parses every dashboard, each with its own uid and every panel with a query', () => {
    const found = dashboards(objects);
    assert.deepEqual(found.map((dashboard) => dashboard.json.title).sort(), ['IGS data-call path', 'IGS platform']);
    assert.equal(new Set(found.map((dashboard) => dashboard.json.uid)).size, found.length);
    for (const { json } of found) {
      const panels = json.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]).filter((panel) => panel.targets);
      assert.ok(panels.length >= 8, `${json.title} has its panels`);
      for (const panel of panels)
        assert.ok(
          panel.targets!.every((target) => target.expr),
          `${json.title} / ${panel.title}: every query has an expression`,
        );
    }
  });

  it('names, in every rule and panel, only series the apps export, recording rules and standard series, with their labels', () => {
    const panels = dashboards(objects).flatMap(({ json }) =>
      json.panels
        .flatMap((panel) => [panel, ...(panel.panels ?? [])])
        .flatMap((panel) =>
          (panel.targets ?? []).map((target) => ({ where: `${json.title} / ${panel.title}`, expr: withoutGrafanaVariables(target.expr ?? '') })),
        )
        .concat(variableQueries(json)),
    );
    assert.ok(
      panels.some((panel) => panel.where.endsWith('/ $job')),
      'the variables are checked too',
    );
    assert.deepEqual(checkExpressions(ruleGroups(objects), panels), []);
  });

  it("counts as NATS handler failures exactly the error codes the gateway answers with a 5xx, and the transport's", () => {
    const expected = [
      ...Object.entries(errorCatalog)
        .filter(([, { status }]) => status >= 500)
        .map(([code]) => code),
      'no_responders',
      'timeout',
    ];
    const rule = ruleGroups(objects)
      .flatMap((group) => group.rules)
      .find((candidate) => candidate.record === 'job_subject:igs_messaging_handler_failures:rate5m');
    const listed =
      /error_type=~"([^"]+)"/
        .exec(rule?.expr ?? '')?.[1]
        ?.split('|')
        .map((code) => code.replace(/\\\\\./g, '.')) ?? [];
    const regex = expected.map((code) => code.replace(/\./g, '\\\\.')).join('|');
    assert.deepEqual(
      [...listed].sort(),
      [...expected].sort(),
      `the failures rule in k8s/monitoring/rules/slo-recording-rules.yaml should read error_type=~"${regex}"`,
    );
  });

  it('refuses an unknown series, a label the series lacks, a grouping label lost by an aggregation and a histogram without its suffix', () => {
    const check = (expr: string) => checkExpressions([], [{ where: 'panel', expr }]);
    assert.deepEqual(
      check('sum by (job) (rate(igs_exchange_data_calls[5m]))'),
      ['panel: "igs_exchange_data_calls" is neither a metric the platform exports, a recording rule, nor a standard series'],
      'a counter without _total, reported once',
    );
    assert.match(check('http_server_request_duration').join(), /is neither/, 'a histogram without _bucket, _sum or _count');
    assert.match(check('igs_outbox_backlog{stream="x"}').join(), /uses label "stream"/);
    assert.match(check('sum by (catalog) (rate(igs_exchange_data_call_duration_count[5m]))').join(), /uses label "catalog"/);
    assert.match(check('sum by (job) (sum by (pod) (up))').join(), /uses label "job"/);
    assert.match(check('histogram_quantile(0.99, sum by (job) (rate(http_server_request_duration_bucket[5m])))').join(), /uses label "le"/);
    assert.match(check('up{job="gateway"} > on (slo) vector(1)').join(), /uses label "slo"/);
    assert.match(check('sum(rate(up[5m]) by').join(), /does not parse/);
    assert.deepEqual(check('sum by (job, le) (rate(http_server_request_duration_bucket{http_route="/api/v1/items"}[5m]))'), []);
  });

  it('passes promtool check rules and the alert unit tests, where promtool is installed', (t) => {
    if (spawnSync('promtool', ['--version']).error) {
      t.skip('promtool is not installed (Debian package prometheus)');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'igs-rules-'));
    try {
      writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: ruleGroups(objects) }));
      copyFileSync(join(root, 'k8s', 'monitoring', 'tests', 'alerts.test.yaml'), join(dir, 'alerts.test.yaml'));
      for (const args of [
        ['check', 'rules', 'rules.yaml'],
        ['test', 'rules', 'alerts.test.yaml'],
      ]) {
        const run = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
        assert.equal(run.status, 0, `promtool ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
