import { Counter, OpenMetricsContentType, Registry } from 'prom-client';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MaintenanceOptionsError } from '../maintenance.messages';
import { MAINTENANCE_BYPASS_KINDS, MaintenanceMetrics } from './maintenance-metrics';

const OFF: MaintenanceState = { mode: 'off', message: null, since: null, until: null, upcoming: [], scopes: [] };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (comments skipped). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`unparsable sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with exactly these labels, or undefined when there is none. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples(text).filter((sample) => sample.name === name && JSON.stringify(sample.labels) === JSON.stringify(labels));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

function seriesOf(text: string, name: string): Sample[] {
  return samples(text).filter((sample) => sample.name === name);
}

describe('MaintenanceMetrics', () => {
  let state: MaintenanceState;
  let registry: Registry;
  let metrics: MaintenanceMetrics;

  beforeEach(() => {
    state = OFF;
    registry = new Registry();
    metrics = new MaintenanceMetrics({}, () => state);
    metrics.register(registry);
  });

  describe('mode gauges', () => {
    it('reports the mode in force per scope, with the planned label, and drops it when it ends', async () => {
      const planned = jest.fn((scope: string | null) => scope === 'billing');
      metrics = new MaintenanceMetrics({}, () => state, planned);
      registry = new Registry();
      metrics.register(registry);
      state = {
        ...OFF,
        mode: 'full',
        scopes: [
          { scope: 'billing', mode: 'read-only', message: null, since: null, until: null },
          { scope: 'search', mode: 'full', message: null, since: null, until: null },
        ],
      };

      let text = await registry.metrics();
      expect(seriesOf(text, 'maintenance_mode')).toEqual([
        { name: 'maintenance_mode', labels: { scope: '', mode: 'full', planned: 'false' }, value: 1 },
        { name: 'maintenance_mode', labels: { scope: 'billing', mode: 'read-only', planned: 'true' }, value: 1 },
        { name: 'maintenance_mode', labels: { scope: 'search', mode: 'full', planned: 'false' }, value: 1 },
      ]);
      expect(planned).toHaveBeenCalledWith(null);
      expect(valueOf(text, 'maintenance_in_force')).toBe(1);

      state = { ...OFF, mode: 'read-only' };
      text = await registry.metrics();
      expect(seriesOf(text, 'maintenance_mode')).toEqual([{ name: 'maintenance_mode', labels: { scope: '', mode: 'read-only', planned: 'false' }, value: 1 }]);

      state = OFF;
      text = await registry.metrics();
      expect(seriesOf(text, 'maintenance_mode')).toEqual([]);
      expect(valueOf(text, 'maintenance_in_force')).toBe(0);
    });

    it('counts a scope alone as in force', async () => {
      state = { ...OFF, scopes: [{ scope: 'billing', mode: 'read-only', message: null, since: null, until: null }] };
      expect(valueOf(await registry.metrics(), 'maintenance_in_force')).toBe(1);
    });

    it('reports the seconds until the next announced window, and nothing when none is announced', async () => {
      const window = { id: 'w1', mode: 'full' as const, message: null, endsAt: null, scope: null };
      state = {
        ...OFF,
        upcoming: [
          { ...window, startsAt: new Date(Date.now() + 600_000).toISOString() },
          { ...window, id: 'w2', startsAt: new Date(Date.now() + 7_200_000).toISOString() },
        ],
      };
      const seconds = valueOf(await registry.metrics(), 'maintenance_upcoming_seconds');
      expect(seconds).toBeGreaterThan(590);
      expect(seconds).toBeLessThanOrEqual(600);

      // A window the snapshot still lists though its start has passed: 0, never negative.
      state = { ...OFF, upcoming: [{ ...window, startsAt: new Date(Date.now() - 5_000).toISOString() }] };
      expect(valueOf(await registry.metrics(), 'maintenance_upcoming_seconds')).toBe(0);

      state = OFF;
      expect(seriesOf(await registry.metrics(), 'maintenance_upcoming_seconds')).toEqual([]);
    });

    it('leaves the state series out, and still serves the other metrics, when the state cannot be read', async () => {
      const failing = new MaintenanceMetrics({}, () => {
        throw new Error('no state');
      });
      const other = new Registry();
      failing.register(other);
      failing.refused('full');
      const text = await other.metrics();
      expect(seriesOf(text, 'maintenance_mode')).toEqual([]);
      expect(seriesOf(text, 'maintenance_in_force')).toEqual([]);
      expect(seriesOf(text, 'maintenance_upcoming_seconds')).toEqual([]);
      expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'full' })).toBe(1);
    });

    it('leaves the mode series out when readPlanned throws', async () => {
      const failing = new MaintenanceMetrics(
        {},
        () => ({ ...OFF, mode: 'full' }),
        () => {
          throw new Error('no windows');
        },
      );
      const other = new Registry();
      failing.register(other);
      const text = await other.metrics();
      expect(seriesOf(text, 'maintenance_mode')).toEqual([]);
      expect(valueOf(text, 'maintenance_in_force')).toBe(1);
    });
  });

  describe('counters', () => {
    it('shows the refused and bypassed totals at every scrape, without counting them twice', async () => {
      metrics.refused('full');
      metrics.refused('full');
      metrics.refused('read-only');
      metrics.bypassed('ip');
      metrics.bypassed('exemption');
      metrics.bypassed('exemption');

      for (let scrape = 0; scrape < 3; scrape++) {
        const text = await registry.metrics();
        expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'full' })).toBe(2);
        expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'read-only' })).toBe(1);
        expect(valueOf(text, 'maintenance_requests_bypassed_total', { kind: 'ip' })).toBe(1);
        expect(valueOf(text, 'maintenance_requests_bypassed_total', { kind: 'exemption' })).toBe(2);
      }

      metrics.refused('read-only');
      metrics.bypassed('ip');
      const text = await registry.metrics();
      expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'full' })).toBe(2);
      expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'read-only' })).toBe(2);
      expect(valueOf(text, 'maintenance_requests_bypassed_total', { kind: 'ip' })).toBe(2);
    });

    it('has a series of 0 for every mode and bypass kind from the start', async () => {
      const text = await registry.metrics();
      expect(seriesOf(text, 'maintenance_requests_refused_total').map(({ labels, value }) => [labels.mode, value])).toEqual([
        ['full', 0],
        ['read-only', 0],
      ]);
      expect(seriesOf(text, 'maintenance_requests_bypassed_total').map(({ labels, value }) => [labels.kind, value])).toEqual(
        MAINTENANCE_BYPASS_KINDS.map((kind) => [kind, 0]),
      );
    });

    it('counts window transitions by action', async () => {
      metrics.transition('activated');
      metrics.transition('completed');
      metrics.transition('activated');
      await registry.metrics();
      const text = await registry.metrics();
      expect(seriesOf(text, 'maintenance_window_transitions_total').map(({ labels, value }) => [labels.action, value])).toEqual([
        ['activated', 2],
        ['completed', 1],
      ]);
    });

    it('counts webhook deliveries by target and result, with both results once a target is known', async () => {
      metrics.webhookDelivered('ops-slack');
      metrics.webhookDelivered('ops-slack');
      metrics.webhookFailed('ops-slack');
      metrics.webhookFailed('status-page');
      await registry.metrics();
      const text = await registry.metrics();
      expect(valueOf(text, 'maintenance_webhook_deliveries_total', { target: 'ops-slack', result: 'delivered' })).toBe(2);
      expect(valueOf(text, 'maintenance_webhook_deliveries_total', { target: 'ops-slack', result: 'failed' })).toBe(1);
      expect(valueOf(text, 'maintenance_webhook_deliveries_total', { target: 'status-page', result: 'delivered' })).toBe(0);
      expect(valueOf(text, 'maintenance_webhook_deliveries_total', { target: 'status-page', result: 'failed' })).toBe(1);
    });

    it('counts a million refusals exactly (the request path only increments a number)', async () => {
      for (let i = 0; i < 1e6; i++) metrics.refused('full');
      for (let i = 0; i < 1e6; i++) metrics.bypassed('secret');
      const text = await registry.metrics();
      expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'full' })).toBe(1e6);
      expect(valueOf(text, 'maintenance_requests_bypassed_total', { kind: 'secret' })).toBe(1e6);
    });

    it('keeps the totals when the registry resets its metrics', async () => {
      metrics.refused('full');
      registry.resetMetrics();
      expect(valueOf(await registry.metrics(), 'maintenance_requests_refused_total', { mode: 'full' })).toBe(1);
    });
  });

  describe('propagation lag', () => {
    it('observes lags in seconds, including those recorded before the registry was registered', async () => {
      const early = new MaintenanceMetrics({}, () => OFF);
      early.propagated(30); // 0.03 s, before any registry
      early.propagated(-200); // skewed clocks: 0
      early.propagated(Number.NaN); // dropped
      const other = new Registry();
      early.register(other);
      early.propagated(700);
      early.propagated(45_000);

      const text = await other.metrics();
      expect(valueOf(text, 'maintenance_propagation_lag_seconds_count')).toBe(4);
      expect(valueOf(text, 'maintenance_propagation_lag_seconds_sum')).toBeCloseTo(45.73);
      expect(valueOf(text, 'maintenance_propagation_lag_seconds_bucket', { le: '0.01' })).toBe(1);
      expect(valueOf(text, 'maintenance_propagation_lag_seconds_bucket', { le: '0.05' })).toBe(2);
      expect(valueOf(text, 'maintenance_propagation_lag_seconds_bucket', { le: '1' })).toBe(3);
      expect(valueOf(text, 'maintenance_propagation_lag_seconds_bucket', { le: '30' })).toBe(3);
      expect(valueOf(text, 'maintenance_propagation_lag_seconds_bucket', { le: '+Inf' })).toBe(4);
      expect(
        seriesOf(text, 'maintenance_propagation_lag_seconds_bucket')
          .map(({ labels }) => labels.le)
          .slice(0, -1)
          .map(Number),
      ).toEqual([0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30]);
    });

    it('keeps at most 1000 lags before the first registry', async () => {
      const early = new MaintenanceMetrics({}, () => OFF);
      for (let i = 0; i < 1500; i++) early.propagated(10);
      const other = new Registry();
      early.register(other);
      expect(valueOf(await other.metrics(), 'maintenance_propagation_lag_seconds_count')).toBe(1000);
    });
  });

  describe('registration', () => {
    it('creates each metric once when the same registry is registered twice', async () => {
      metrics.refused('full');
      expect(() => metrics.register(registry)).not.toThrow();
      const text = await registry.metrics();
      expect(text.match(/^# TYPE maintenance_/gm)).toHaveLength(8);
      expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'full' })).toBe(1);
    });

    it('serves several registries independently, each with the same totals', async () => {
      const second = new Registry();
      metrics.refused('read-only');
      metrics.register(second);
      metrics.refused('read-only');
      metrics.propagated(100);

      for (const each of [registry, second]) {
        const text = await each.metrics();
        expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'read-only' })).toBe(2);
        expect(valueOf(text, 'maintenance_propagation_lag_seconds_count')).toBe(1);
      }

      // Clearing one registry leaves the other as it was.
      registry.clear();
      expect(await registry.metrics()).toBe('\n');
      expect(valueOf(await second.metrics(), 'maintenance_requests_refused_total', { mode: 'read-only' })).toBe(2);
    });

    it('uses the prefix', async () => {
      const prefixed = new MaintenanceMetrics({ prefix: 'shop_maint_' }, () => ({ ...OFF, mode: 'full' }));
      const other = new Registry();
      prefixed.register(other);
      const text = await other.metrics();
      expect(valueOf(text, 'shop_maint_in_force')).toBe(1);
      expect(text).not.toMatch(/^maintenance_/m);
    });

    it('rejects a prefix that cannot start a metric name', () => {
      expect(() => new MaintenanceMetrics({ prefix: '1-maint' }, () => OFF)).toThrow(MaintenanceOptionsError);
      expect(() => new MaintenanceMetrics({ prefix: '1-maint' }, () => OFF)).toThrow(/metrics\.prefix/);
    });

    it('replaces the metrics of an earlier instance (an app re-created in the same process)', async () => {
      metrics.refused('full');
      const next = new MaintenanceMetrics({}, () => OFF);
      next.register(registry);
      next.refused('read-only');
      const text = await registry.metrics();
      expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'full' })).toBe(0);
      expect(valueOf(text, 'maintenance_requests_refused_total', { mode: 'read-only' })).toBe(1);

      // The earlier instance closing must not take the new instance's metrics with it.
      metrics.unregister(registry);
      expect(valueOf(await registry.metrics(), 'maintenance_requests_refused_total', { mode: 'read-only' })).toBe(1);
    });

    it('refuses a name already taken by another metric, leaving the registry as it was', async () => {
      const other = new Registry();
      new Counter({ name: 'maintenance_requests_bypassed_total', help: 'not ours', registers: [other] });
      const fresh = new MaintenanceMetrics({}, () => OFF);
      expect(() => fresh.register(other)).toThrow(/already has a metric named maintenance_requests_bypassed_total/);
      expect(other.getMetricsAsArray().map((metric) => metric.name)).toEqual(['maintenance_requests_bypassed_total']);
    });

    it('removes its metrics on unregister, and can register again', async () => {
      metrics.refused('full');
      metrics.unregister(registry);
      expect(await registry.metrics()).toBe('\n');
      metrics.register(registry);
      expect(valueOf(await registry.metrics(), 'maintenance_requests_refused_total', { mode: 'full' })).toBe(1);
    });

    it('works with an OpenMetrics registry', async () => {
      const open = new Registry<OpenMetricsContentType>();
      open.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
      metrics.register(open);
      metrics.bypassed('link');
      const text = await open.metrics();
      expect(text).toMatch(/^maintenance_requests_bypassed_total\{kind="link"\} 1$/m);
      expect(text.endsWith('# EOF\n')).toBe(true);
    });
  });

  describe('without prom-client', () => {
    it('constructs and counts, and names `npm install prom-client` when registering', () => {
      jest.isolateModules(() => {
        jest.doMock('prom-client', () => {
          throw Object.assign(new Error("Cannot find module 'prom-client' from 'maintenance-metrics.ts'"), { code: 'MODULE_NOT_FOUND' });
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const isolated = require('./maintenance-metrics') as typeof import('./maintenance-metrics');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const messages = require('../maintenance.messages') as typeof import('../maintenance.messages');
        const unloaded = new isolated.MaintenanceMetrics({}, () => OFF);
        unloaded.refused('full');
        unloaded.propagated(5);
        expect(() => unloaded.register(new Registry())).toThrow(messages.MaintenanceOptionsError);
        expect(() => unloaded.register(new Registry())).toThrow(/npm install prom-client/);
        expect(() => isolated.loadPromClient()).toThrow(/npm install prom-client/);
      });
      jest.dontMock('prom-client');
    });

    it('lets any other failure of loading prom-client through as it is', () => {
      jest.isolateModules(() => {
        jest.doMock('prom-client', () => {
          throw new Error("Cannot find module 'tdigest'");
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const isolated = require('./maintenance-metrics') as typeof import('./maintenance-metrics');
        expect(() => isolated.loadPromClient()).toThrow("Cannot find module 'tdigest'");
      });
      jest.dontMock('prom-client');
    });
  });
});
