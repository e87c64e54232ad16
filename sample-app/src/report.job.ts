import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { PauseDuringMaintenance } from '../../lib';

/**
 * A scheduled job that visibly pauses: it logs a line every 5 seconds while maintenance is off, and skips its runs
 * while a mode is in force (the module logs the pause once, and how many runs it skipped when it resumes).
 */
@Injectable()
export class ReportJob {
  private readonly logger = new Logger('report job');
  runs = 0;
  lastRunAt: Date | null = null;

  @PauseDuringMaintenance()
  @Interval(5000)
  run(): void {
    this.runs++;
    this.lastRunAt = new Date();
    this.logger.log(`ran (#${this.runs})`);
  }
}
