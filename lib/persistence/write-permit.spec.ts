import { allowWrites, countWriteGuard, permitRequestWrites, runInRequestScope, writesAllowed } from './write-permit';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('write permits', () => {
  it('without a database write guard, allowWrites only calls fn (AsyncLocalStorage stays unused)', async () => {
    expect(allowWrites(() => 42)).toBe(42);
    expect(allowWrites(() => writesAllowed())).toBe(false);
    await expect(allowWrites(async () => 'later')).resolves.toBe('later');
  });

  describe('with a guard installed', () => {
    beforeAll(() => countWriteGuard(1));
    afterAll(() => countWriteGuard(-1));

    it('allows writes inside allowWrites, through its async calls, and nowhere else', async () => {
      expect(writesAllowed()).toBe(false);
      const seen = await allowWrites(async () => {
        await tick();
        return writesAllowed();
      });
      expect(seen).toBe(true);
      expect(writesAllowed()).toBe(false);
    });

    it('opens a request scope to writes only for its own request, also after it was scheduled', async () => {
      const mine = {};
      const other = {};
      const later = runInRequestScope(mine, async () => {
        await tick();
        return writesAllowed();
      });
      const before = runInRequestScope(mine, () => writesAllowed());
      expect(before).toBe(false);
      await runInRequestScope(mine, async () => {
        const pending = tick().then(() => writesAllowed());
        permitRequestWrites(other);
        expect(writesAllowed()).toBe(false);
        permitRequestWrites(mine);
        expect(await pending).toBe(true);
        // allowWrites inside a request scope allows, whatever the scope says.
        expect(allowWrites(() => writesAllowed())).toBe(true);
      });
      // Another scope of the same request begun earlier is not changed.
      expect(await later).toBe(false);
      expect(writesAllowed()).toBe(false);
    });

    it('remembers a permit given before the request scope began (the Fastify hook decides first)', () => {
      const request = {};
      permitRequestWrites(request);
      expect(runInRequestScope(request, () => writesAllowed())).toBe(true);
      expect(runInRequestScope({}, () => writesAllowed())).toBe(false);
    });
  });
});
