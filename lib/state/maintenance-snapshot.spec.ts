import { setFlagsFromString } from 'node:v8';
import { computeSnapshot, CandidateWindow } from './maintenance-snapshot';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const window = (id: string, mode: 'full' | 'read-only', startOffset: number, endOffset: number | null): CandidateWindow => ({
  id,
  mode,
  message: `msg ${id}`,
  status: 'approved',
  startsAt: new Date(NOW + startOffset),
  endsAt: endOffset === null ? null : new Date(NOW + endOffset),
});

describe('computeSnapshot', () => {
  it('is off with nothing in force', () => {
    const snapshot = computeSnapshot([window('a', 'full', 10_000, 20_000)], NOW, 0);
    expect(snapshot.mode).toBe('off');
    expect(snapshot.nextChangeMs).toBe(NOW + 10_000);
  });

  it('lets full beat read-only and takes the latest end among full windows', () => {
    const snapshot = computeSnapshot(
      [window('ro', 'read-only', -5000, null), window('f1', 'full', -3000, 60_000), window('f2', 'full', -1000, 30_000)],
      NOW,
      0,
    );
    expect(snapshot.mode).toBe('full');
    expect(snapshot.untilMs).toBe(NOW + 60_000);
    expect(snapshot.message).toBe('msg f2');
    expect(snapshot.state.since).toBe(new Date(NOW - 3000).toISOString());
  });

  it('is open-ended when one window of the winning mode has no end', () => {
    const snapshot = computeSnapshot([window('a', 'read-only', -1, 1000), window('b', 'read-only', -1, null)], NOW, 0);
    expect(snapshot.untilMs).toBeNull();
    expect(snapshot.state.until).toBeNull();
  });

  it('announces windows within the notice period and switches at their boundaries', () => {
    const snapshot = computeSnapshot([window('soon', 'full', 30 * 60_000, 90 * 60_000)], NOW, 60 * 60_000);
    expect(snapshot.state.upcoming.map((u) => u.id)).toEqual(['soon']);
    expect(snapshot.scheduledHeader).toBe(new Date(NOW + 30 * 60_000).toISOString());
    expect(snapshot.nextChangeMs).toBe(NOW + 30 * 60_000);
  });

  it('treats the end instant as exclusive', () => {
    expect(computeSnapshot([window('a', 'full', -1000, 0)], NOW, 0).mode).toBe('off');
    expect(computeSnapshot([window('a', 'full', 0, 1000)], NOW, 0).mode).toBe('full');
  });
});

describe('computeSnapshot with scopes, exemptions and recurrence', () => {
  const scoped = (id: string, mode: 'full' | 'read-only', scope: string, startOffset = -1000, endOffset: number | null = null): CandidateWindow => ({
    ...window(id, mode, startOffset, endOffset),
    scope,
  });
  const selectors = new Map([['reports', { matchesPath: (path: string) => path.startsWith('/reports'), hosts: null }]]);

  it('keeps the whole app off and quiet-less when only a scope is in maintenance', () => {
    const snapshot = computeSnapshot([scoped('c', 'read-only', 'checkout')], NOW, 0);
    expect(snapshot.mode).toBe('off');
    expect(snapshot.headers).toEqual([]);
    expect(snapshot.quiet).toBe(false);
    expect(snapshot.scopes!.byName.get('checkout')!.mode).toBe('read-only');
    expect(snapshot.state.scopes).toEqual([{ scope: 'checkout', mode: 'read-only', message: 'msg c', since: new Date(NOW - 1000).toISOString(), until: null }]);
  });

  it("gives each scope the stronger of its own and the whole app's windows", () => {
    const snapshot = computeSnapshot([window('app', 'read-only', -5000, null), scoped('s', 'full', 'search'), scoped('c', 'read-only', 'checkout')], NOW, 0);
    expect(snapshot.mode).toBe('read-only');
    expect(snapshot.scopes!.byName.get('search')!.mode).toBe('full');
    const checkout = snapshot.scopes!.byName.get('checkout')!;
    expect(checkout.mode).toBe('read-only');
    // The most recently started window of the winning mode speaks.
    expect(checkout.message).toBe('msg c');
    expect(snapshot.state.scopes.map((s) => s.scope)).toEqual(['checkout', 'search']);
  });

  it('lists the scopes the option selects by path or host, only while they have a window', () => {
    expect(computeSnapshot([scoped('r', 'full', 'reports')], NOW, 0, selectors).scopes!.selected).toHaveLength(1);
    expect(computeSnapshot([scoped('c', 'full', 'checkout')], NOW, 0, selectors).scopes!.selected).toHaveLength(0);
    expect(computeSnapshot([], NOW, 0, selectors).scopes).toBeNull();
    // A scope the option names without paths or hosts selects by tag only: requests are never checked against it.
    const tagOnly = new Map([['checkout', { matchesPath: null, hosts: null }]]);
    expect(computeSnapshot([scoped('c', 'full', 'checkout')], NOW, 0, tagOnly).scopes!.selected).toHaveLength(0);
  });

  it('announces a scoped window within the notice period with its scope, and gives its scope the header', () => {
    const snapshot = computeSnapshot([scoped('soon', 'full', 'checkout', 30_000, 60_000)], NOW, 60_000);
    expect(snapshot.state.upcoming).toEqual([expect.objectContaining({ id: 'soon', scope: 'checkout' })]);
    expect(snapshot.scheduledHeader).toBeNull();
    expect(snapshot.scopes!.byName.get('checkout')!.scheduledHeader).toBe(new Date(NOW + 30_000).toISOString());
  });

  it('exempts a request only when every window of the mode in force exempts it', () => {
    const office = { ...window('a', 'full', -1000, null), exemptions: { ips: ['203.0.113.0/24'], paths: ['/admin/**'] } };
    const one = computeSnapshot([office], NOW, 0);
    expect(one.exempts!('203.0.113.9', '/x')).toBe(true);
    expect(one.exempts!('198.51.100.1', '/admin/users')).toBe(true);
    expect(one.exempts!('198.51.100.1', '/x')).toBe(false);
    const other = { ...window('b', 'full', -500, null), exemptions: { ips: ['203.0.113.9'], paths: [] } };
    const both = computeSnapshot([office, other], NOW, 0);
    expect(both.exempts!('203.0.113.9', '/x')).toBe(true);
    expect(both.exempts!('203.0.113.10', '/x')).toBe(false);
    expect(computeSnapshot([office, window('c', 'full', -500, null)], NOW, 0).exempts).toBeNull();
    // A read-only window's exemptions do not open a full one.
    expect(computeSnapshot([office, { ...window('r', 'read-only', -500, null) }], NOW, 0).exempts).not.toBeNull();
  });

  it('counts a recurring window by its occurrences', () => {
    const weekly: CandidateWindow = {
      ...window('w', 'full', -7 * 24 * 3600_000, null),
      recurrence: { rule: 'FREQ=DAILY', timeZone: 'UTC', durationMinutes: 60, cancelled: [] },
    };
    // NOW is 12:00 UTC; occurrences run 12:00-13:00 each day (the first one a week ago).
    const during = computeSnapshot([weekly], NOW + 30 * 60_000, 0);
    expect(during.mode).toBe('full');
    expect(during.untilMs).toBe(NOW + 3600_000);
    const after = computeSnapshot([weekly], NOW + 2 * 3600_000, 0);
    expect(after.mode).toBe('off');
    expect(after.nextChangeMs).toBe(NOW + 24 * 3600_000);
    const cancelled = computeSnapshot([{ ...weekly, recurrence: { ...weekly.recurrence!, cancelled: [NOW] } }], NOW + 30 * 60_000, 0);
    expect(cancelled.mode).toBe('off');
  });
});

describe('translations', () => {
  it('come with the message of the window in force, frozen, and only where a window has some', () => {
    const snapshot = computeSnapshot([{ ...window('t', 'full', -1000, null), translations: { de: 'Wartung' } }], NOW, 0);
    expect(snapshot.translations).toEqual({ de: 'Wartung' });
    expect(snapshot.state.translations).toEqual({ de: 'Wartung' });
    expect(Object.isFrozen(snapshot.state.translations)).toBe(true);
    expect('translations' in computeSnapshot([window('f', 'full', -1000, null)], NOW, 0).state).toBe(false);
  });
});

describe('snapshot shape', () => {
  // V8's own check, enabled for functions compiled after this call: whether two objects share a hidden class.
  // The guard and the hook read a snapshot on every request; a reload that handed them an object of a new
  // hidden class would throw away their optimized code (a "wrong map" deoptimization) every time.
  let haveSameShape: (a: object, b: object) => boolean;
  beforeAll(() => {
    setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- V8's %HaveSameMap exists only in code compiled after the flag
    haveSameShape = new Function('a', 'b', 'return %HaveSameMap(a, b)') as typeof haveSameShape;
    // Off again for the rest of this worker: the function compiled above keeps it.
    setFlagsFromString('--no-allow-natives-syntax');
  });

  it('is the same for every snapshot, whatever is in force', () => {
    const first = computeSnapshot([], NOW, 0);
    const snapshots = [
      ...Array.from({ length: 20 }, () => computeSnapshot([window('ro', 'read-only', -1000, null)], NOW, 0)),
      computeSnapshot([window('f', 'full', -1000, 60_000)], NOW, 0),
      computeSnapshot([window('soon', 'full', 30_000, 90_000)], NOW, 60_000),
      computeSnapshot([{ ...window('s', 'read-only', -1000, null), scope: 'checkout' }], NOW, 0),
      computeSnapshot([{ ...window('s', 'read-only', -1000, null), scope: 'checkout' }], NOW, 0).scopes!.byName.get('checkout')!,
      computeSnapshot([{ ...window('x', 'full', -1000, null), exemptions: { ips: ['10.0.0.0/8'], paths: [] } }], NOW, 0),
      computeSnapshot([{ ...window('t', 'full', -1000, null), translations: { de: 'Wartung' } }], NOW, 0),
      computeSnapshot([], NOW, 0),
    ];
    expect(snapshots.map((snapshot) => haveSameShape(first, snapshot))).toEqual(snapshots.map(() => true));
  });
});
