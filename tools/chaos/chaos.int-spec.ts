/**
 * `npm run chaos -- --quick` as part of the suite: every fault under load on a private stack,
 * and nothing acknowledged lost or stored twice, the counters back in agreement with PostgreSQL,
 * the consumers resumed. It runs as the child process it is (it starts its own PostgreSQL,
 * redis-server, nats-server and the seven apps, and cleans them up).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChaosReport } from './run';

const ROOT = resolve(__dirname, '../..');

describe('npm run chaos -- --quick (integration)', () => {
  it('loses no acknowledged swipe, stores none twice, and recovers counters and consumers after every fault', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'recsys-chaos-')), 'report.json');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts', 'run-dist.js'), 'dist/tools/chaos/main.js', '--quick', '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 600_000 },
    );
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr.slice(-3000) }).toEqual({
      status: 0,
      stderr: '',
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as ChaosReport;
    expect(report.windows.map((w) => w.fault)).toEqual([
      'kill -9 interaction-service',
      'kill -9 feature-service',
      'kill -9 ranking-service',
      'restart nats-server',
      'restart redis-server (empty)',
      'restart PostgreSQL (immediate shutdown)',
    ]);
    // The load ran through the faults, and some of it met them.
    expect(report.swipes.acknowledged).toBeGreaterThan(300);
    expect(report.windows.reduce((n, w) => n + w.failed, 0)).toBeGreaterThan(0);
    expect(report.swipes).toMatchObject({ lost: 0, duplicated: 0 });
    expect(report.swipes.acknowledged).toBe(report.swipes.attempted);
    expect(report.counters).toMatchObject({ converged: true, mismatches: [] });
    expect(report.consumers).toMatchObject({ resumed: true });
    // A killed feature store, or Redis gone, degrades recommendations rather than failing them
    // (with Redis gone, a few pages can outwait the gateway's timeout on its reconnection).
    expect(report.windows[1].errorRate).toBeLessThan(0.01);
    expect(report.windows[4].errorRate).toBeLessThan(0.05);
  }, 660_000);
});
