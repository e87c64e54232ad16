import { BadRequestException, ConflictException } from '@nestjs/common';
import { MAINTENANCE_MODES } from '../interfaces/maintenance-mode.type';
import { MaintenanceRecurrence } from '../interfaces/maintenance-scope.interface';
import { UpdateWindowInput } from '../interfaces/maintenance-service-inputs.interface';
import { MAINTENANCE_LIMITS } from '../maintenance.limits';
import { MESSAGES } from '../maintenance.messages';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { nextOccurrence, occurrenceAt, seriesEndMs } from '../recurrence/recurrence';
import { isInForce } from '../state/maintenance-snapshot';
import { seriesOf } from '../state/window-occurrences';
import { checkWindowShape } from './window-shape';

/** The fields of a window `updateWindow` may change, in the order messages list them. */
const EDITABLE = ['mode', 'scope', 'startsAt', 'exemptions', 'recurrence', 'endsAt', 'message', 'translations'] as const;
type Editable = (typeof EDITABLE)[number];

/** Changing these changes what approvers approved: an approved window needs approving again. */
const NEEDS_APPROVAL: ReadonlySet<Editable> = new Set(['mode', 'scope', 'startsAt', 'exemptions', 'recurrence']);

/** What an edit does to a window. */
export interface WindowEdit {
  /** The fields whose value changes. */
  changed: Editable[];
  /** Whether one of them is approved content. */
  needsApproval: boolean;
  /** The new values of every editable field. */
  after: Pick<MaintenanceWindow, Editable>;
  /** The old and new values of the changed fields, as the audit log shows them. */
  before: Record<string, unknown>;
  afterDetails: Record<string, unknown>;
}

/**
 * Works out an edit of `window` (see `MaintenanceCommands.updateWindow`), or throws the 400 or 409 that says why it
 * cannot be made.
 */
export function windowChanges(window: MaintenanceWindow, input: UpdateWindowInput, now: Date, checkScope: (scope: string | null) => void): WindowEdit {
  if (!['pending', 'approved', 'active'].includes(window.status)) throw new ConflictException(MESSAGES.notEditable(window.status));
  if (window.status !== 'pending' && window.endsAt !== null && window.endsAt.getTime() <= now.getTime()) {
    throw new ConflictException(MESSAGES.notEditable('completed'));
  }
  if (EDITABLE.every((field) => input[field] === undefined)) throw new BadRequestException([MESSAGES.nothingToChange]);
  if (input.mode !== undefined && !MAINTENANCE_MODES.includes(input.mode)) {
    throw new BadRequestException([`mode must be one of the following values: ${MAINTENANCE_MODES.join(', ')}`]);
  }
  const startsAt = input.startsAt ?? window.startsAt;
  const current = window.recurrence;
  const recurrenceInput =
    input.recurrence !== undefined ? input.recurrence : current && { rule: current.rule, timeZone: current.timeZone, durationMinutes: current.durationMinutes };
  const shape = checkWindowShape(
    {
      scope: input.scope !== undefined ? input.scope : window.scope,
      exemptions: input.exemptions !== undefined ? input.exemptions : window.exemptions,
      recurrence: recurrenceInput,
      translations: input.translations !== undefined ? input.translations : window.translations,
    },
    startsAt,
  );
  if (input.scope !== undefined && shape.scope !== window.scope) checkScope(shape.scope);
  let recurrence = shape.recurrence;
  // The same series keeps its cancelled occurrences.
  if (recurrence && current && sameSeries(recurrence, current) && startsAt.getTime() === window.startsAt.getTime()) {
    recurrence = { ...recurrence, cancelled: current.cancelled };
  }
  let endsAt = input.endsAt !== undefined ? input.endsAt : window.endsAt;
  if (input.endsAt && input.endsAt.getTime() <= now.getTime()) throw new BadRequestException(['endsAt must be in the future']);
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw new BadRequestException(['endsAt must be after startsAt']);
  if (recurrence) endsAt = recurringEnd({ startsAt, endsAt, recurrence }, now);

  const after: Pick<MaintenanceWindow, Editable> = {
    mode: input.mode ?? window.mode,
    scope: shape.scope,
    startsAt,
    exemptions: shape.exemptions,
    recurrence,
    endsAt,
    message: input.message !== undefined ? input.message : window.message,
    translations: shape.translations,
  };
  const changed = EDITABLE.filter((field) => !sameValue(window[field], after[field]));
  const needsApproval = changed.some((field) => NEEDS_APPROVAL.has(field));
  const approved = changed.filter((field) => NEEDS_APPROVAL.has(field));
  if (needsApproval && window.emergency) throw new ConflictException(MESSAGES.emergencyShapeFixed(approved));
  if (needsApproval && (window.status === 'active' || (window.status === 'approved' && isInForce(window, now.getTime())))) {
    throw new ConflictException(MESSAGES.activeShapeFixed(approved));
  }
  const shown = (source: Pick<MaintenanceWindow, Editable>) => Object.fromEntries(changed.map((field) => [field, source[field]]));
  return { changed, needsApproval, after, before: shown(window), afterDetails: shown(after) };
}

/**
 * Checks that a recurring window has an occurrence still to come (or in force), and returns where its series ends:
 * the end of its last occurrence when the rule or `endsAt` bounds it, null when nothing does.
 */
export function recurringEnd(window: Pick<MaintenanceWindow, 'startsAt' | 'endsAt'> & { recurrence: MaintenanceRecurrence }, now: Date): Date | null {
  const series = seriesOf(window);
  if (occurrenceAt(series, now.getTime()) === null && nextOccurrence(series, now.getTime()) === null) {
    throw new BadRequestException(['recurrence.rule gives no occurrence after now (before endsAt)']);
  }
  const end = seriesEndMs(series);
  return end === null ? null : new Date(end);
}

/**
 * Ends a window in force now (the emergency toggle): a one-off window is completed; a recurring one loses only its
 * current occurrence, and its series goes on.
 */
export function endInForce(window: MaintenanceWindow, now: Date, actor: string): void {
  if (window.recurrence) {
    const occurrence = occurrenceAt(seriesOf({ ...window, recurrence: window.recurrence }), now.getTime());
    if (occurrence) {
      const cancelled = [...window.recurrence.cancelled, occurrence.startMs].slice(-MAINTENANCE_LIMITS.cancelledOccurrences);
      Object.assign(window, { recurrence: { ...window.recurrence, cancelled }, status: 'approved', updatedAt: now });
      return;
    }
  }
  Object.assign(window, { status: 'completed', endedAt: now, closedBy: actor, updatedAt: now });
}

function sameSeries(a: MaintenanceRecurrence, b: MaintenanceRecurrence): boolean {
  return a.rule === b.rule && a.timeZone === b.timeZone && a.durationMinutes === b.durationMinutes;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
