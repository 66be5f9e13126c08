/**
 * The monitoring that ships with the product (deploy/prometheus, deploy/grafana): the alert rules
 * pass promtool's syntax check and their unit tests, and every metric the rules and the dashboard
 * query is one the code exports, so a renamed metric cannot silently blind an alert.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const RULES_DIR = join(ROOT, 'deploy', 'prometheus');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'recommender-dashboard.json');

/** PromQL words that are not metric names (functions, aggregations, operators, keywords). */
const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'rate',
  'increase',
  'histogram_quantile',
  'time',
  'by',
  'without',
  'and',
  'or',
  'unless',
  'on',
  'ignoring',
  'absent',
  'abs',
  'offset',
  'bool',
]);
/** Series Prometheus itself writes for every target. */
const PROMETHEUS_SERIES = new Set(['up']);

/** The metric names a PromQL expression reads: label matchers, ranges, grouping and numbers removed. */
export function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ')
    .replace(/\b\d+(\.\d+)?(e\d+)?\b/g, ' ');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w));
}

/** Every metric family the product's code declares with prom-client, and the default process ones. */
function exportedMetricNames(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.includes('.spec.')) {
        const text = readFileSync(path, 'utf8');
        // A metric made by prom-client's constructors, or by scrapeGauge (libs/common), which makes a Gauge.
        for (const m of text.matchAll(
          /(?:new (Counter|Gauge|Histogram|Summary)|scrapeGauge)\(\{\s*name: '([a-z_:]+)'/g,
        )) {
          names.add(m[2]);
          if (m[1] === 'Histogram' || m[1] === 'Summary')
            for (const s of ['_count', '_sum', '_bucket']) names.add(m[2] + s);
        }
      }
    }
  };
  walk(join(ROOT, 'apps'));
  walk(join(ROOT, 'libs'));
  const process = new Registry();
  collectDefaultMetrics({ register: process });
  for (const m of process.getMetricsAsArray()) {
    names.add(m.name);
    for (const s of ['_count', '_sum', '_bucket']) names.add(m.name + s);
  }
  return names;
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { cwd: RULES_DIR, encoding: 'utf8' });
  if (r.error) throw new Error(`promtool is missing (${r.error.message}): run bash scripts/install-promtool.sh`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

interface Rule {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const rules = (): Rule[] =>
  (parse(readFileSync(join(RULES_DIR, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
    (g) => g.rules,
  );

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    const r = promtool('check', 'rules', 'alerts.yml');
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('pass their unit tests (promtool test rules)', () => {
    const r = promtool('test', 'rules', 'alerts.test.yml');
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('page on what the issue asks for, each with a severity, a summary and a description', () => {
    const names = rules().map((r) => r.alert);
    for (const wanted of [
      'ApiErrorRateHigh',
      'RecommendationLatencyHigh',
      'OutboxStuck',
      'EventConsumerLagging',
      'ModelStale',
    ])
      expect(names).toContain(wanted);
    for (const r of rules()) {
      expect(['page', 'ticket']).toContain(r.labels?.severity);
      expect(r.annotations?.summary).toBeTruthy();
      expect(r.annotations?.description).toBeTruthy();
    }
  });

  it('read only metrics the code exports', () => {
    const exported = exportedMetricNames();
    for (const r of rules())
      for (const name of metricNamesOf(r.expr))
        if (!PROMETHEUS_SERIES.has(name))
          expect({ alert: r.alert, name, exported: exported.has(name) }).toEqual({
            alert: r.alert,
            name,
            exported: true,
          });
  });
});

describe('the Grafana dashboard', () => {
  type Panel = { id: number; type: string; title: string; targets?: { expr: string }[] };
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    uid: string;
    panels: Panel[];
    templating: { list: { name: string; type: string }[] };
  };

  it('has a panel per question, each with a query, unique ids and the datasource variable', () => {
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(12);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of panels)
      expect({ title: p.title, queries: (p.targets ?? []).length > 0 }).toEqual({ title: p.title, queries: true });
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource' }),
    );
  });

  it('queries only metrics the code exports', () => {
    const exported = exportedMetricNames();
    for (const p of dashboard.panels)
      for (const t of p.targets ?? [])
        for (const name of metricNamesOf(t.expr))
          expect({ panel: p.title, name, exported: exported.has(name) }).toEqual({
            panel: p.title,
            name,
            exported: true,
          });
  });

  it('covers the metrics an SRE needs: latency, errors, business, outbox, lag, training, models, processes', () => {
    const used = new Set(dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesOf(t.expr))));
    for (const m of [
      'handler_duration_seconds_bucket',
      'interactions_written_total',
      'matches_formed_total',
      'recommendation_pages_total',
      'recommendations_served_total',
      'outbox_oldest_event_age_seconds',
      'event_consumer_pending',
      'events_redelivered_total',
      'training_job_duration_seconds_sum',
      'training_last_success_timestamp_seconds',
      'model_active_version',
      'process_cpu_seconds_total',
    ])
      expect(used).toContain(m);
  });
});

describe('metricNamesOf', () => {
  it('keeps metric names and drops functions, labels, ranges and numbers', () => {
    expect(
      metricNamesOf(
        'histogram_quantile(0.99, sum by (le, handler) (rate(handler_duration_seconds_bucket{service="gateway"}[5m]))) > 0.25',
      ),
    ).toEqual(['handler_duration_seconds_bucket']);
    expect(metricNamesOf('time() - max(training_last_success_timestamp_seconds{job="full-retrain"}) > 86400')).toEqual([
      'training_last_success_timestamp_seconds',
    ]);
  });
});
