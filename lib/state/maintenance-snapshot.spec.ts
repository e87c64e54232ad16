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
      computeSnapshot([], NOW, 0),
    ];
    expect(snapshots.map((snapshot) => haveSameShape(first, snapshot))).toEqual(snapshots.map(() => true));
  });
});
