import { Injectable, Logger, Module } from '@nestjs/common';
import { Cron, Interval, ScheduleModule } from '@nestjs/schedule';
import { BypassMaintenance, PauseDuringMaintenance } from '../lib';
import { createTestApp, TestApp } from './utils/create-test-app';
import { eventually } from './utils/eventually';

/**
 * @nestjs/schedule handlers in a real app on the test database: which pause in which mode (the decorator, the app-wide
 * option, the bypass), skipped runs logged once per pause, and the pause hooks.
 */
jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Injectable()
class ReportJobs {
  readonly runs = { everySecond: 0, undecorated: 0, decorated: 0, fullOnly: 0, bypassed: 0 };

  @Cron('* * * * * *')
  everySecond() {
    this.runs.everySecond++;
  }

  @Interval(40)
  undecorated() {
    this.runs.undecorated++;
  }

  @PauseDuringMaintenance()
  @Interval(40)
  decorated() {
    this.runs.decorated++;
  }

  @Interval(40)
  @PauseDuringMaintenance({ modes: ['full'] })
  fullOnly() {
    this.runs.fullOnly++;
  }

  @BypassMaintenance()
  @Interval(40)
  bypassed() {
    this.runs.bypassed++;
  }
}

/** The decorator on a class: every scheduled handler of it pauses in its modes. */
@PauseDuringMaintenance({ modes: ['read-only'] })
@Injectable()
class IndexJobs {
  runs = 0;

  @Interval(40)
  reindex() {
    this.runs++;
  }
}

@Module({ imports: [ScheduleModule.forRoot()], providers: [ReportJobs, IndexJobs] })
class JobsModule {}

describe('scheduled handlers during maintenance', () => {
  let t: TestApp;
  let jobs: ReportJobs;
  let index: IndexJobs;
  const logged: string[] = [];

  /** Which handlers ran during `ms`. */
  async function running(ms = 1200): Promise<string[]> {
    const before = { ...jobs.runs, classDecorated: index.runs };
    await sleep(ms);
    return Object.entries({ ...jobs.runs, classDecorated: index.runs })
      .filter(([name, count]) => count > before[name as keyof typeof before])
      .map(([name]) => name)
      .sort();
  }

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
    t = await createTestApp({ adapter: 'express', database: 'scheduled-pause', maintenance: { jobs: { pauseScheduled: true } }, imports: [JobsModule] });
    jobs = t.app.get(ReportJobs);
    index = t.app.get(IndexJobs);
  });
  afterAll(async () => {
    await t?.app.close();
    jest.restoreAllMocks();
  });

  it('runs every handler while maintenance is off', async () => {
    await expect(running()).resolves.toEqual(['bypassed', 'classDecorated', 'decorated', 'everySecond', 'fullOnly', 'undecorated']);
  });

  it('pauses in read-only mode only the handlers paused in every mode', async () => {
    await t.maintenance.enable({ mode: 'read-only', reason: 'reindex', actor: 'ops' });
    await sleep(100);
    await expect(running()).resolves.toEqual(['bypassed', 'everySecond', 'fullOnly', 'undecorated']);
  });

  it('pauses in full mode every handler but the bypassed one and those whose class pauses in read-only mode only', async () => {
    await t.maintenance.enable({ mode: 'full', reason: 'migrate', actor: 'ops' });
    await sleep(100);
    await expect(running()).resolves.toEqual(['bypassed', 'classDecorated']);
  });

  it('logs a paused handler once per pause, and how many runs it skipped when it resumes', async () => {
    const paused = logged.filter((line) => line.startsWith('ReportJobs.undecorated is paused'));
    expect(paused).toEqual(['ReportJobs.undecorated is paused while maintenance (full) is in force; its runs are skipped.']);
    await t.maintenance.disable({ reason: 'done', actor: 'ops' });
    const resumed = await eventually(
      async () => logged.filter((line) => line.startsWith('ReportJobs.undecorated resumed')),
      (lines) => lines.length === 1,
    );
    const skipped = Number(/(\d+) runs were skipped/.exec(resumed[0])?.[1]);
    expect(skipped).toBeGreaterThan(10);
    await expect(running()).resolves.toEqual(['bypassed', 'classDecorated', 'decorated', 'everySecond', 'fullOnly', 'undecorated']);
  });

  it('calls pause and resume hooks once per switch of their modes', async () => {
    const calls: string[] = [];
    const stop = t.maintenance.onPause((state) => void calls.push(`pause ${state.mode}`), { modes: ['full'], name: 'consumer' });
    t.maintenance.onResume(() => void calls.push('resume'), { modes: ['full'] });
    await t.maintenance.enable({ mode: 'read-only', reason: 'a', actor: 'ops' });
    await t.maintenance.enable({ mode: 'full', reason: 'b', actor: 'ops' });
    await t.maintenance.enable({ mode: 'full', reason: 'c', actor: 'ops' });
    await t.maintenance.disable({ reason: 'd', actor: 'ops' });
    stop();
    await t.maintenance.enable({ mode: 'full', reason: 'e', actor: 'ops' });
    await t.maintenance.disable({ reason: 'f', actor: 'ops' });
    await eventually(
      async () => calls,
      (list) => list.length >= 3,
    );
    expect(calls).toEqual(['pause full', 'resume', 'resume']);
  });
});
