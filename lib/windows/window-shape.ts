import { BadRequestException } from '@nestjs/common';
import { compileIpMatcher } from '../bypass/ip-matcher';
import { compilePathMatcher } from '../bypass/path-matcher';
import { MaintenanceRecurrence, MaintenanceWindowExemptions } from '../interfaces/maintenance-scope.interface';
import { MaintenanceRecurrenceInput } from '../interfaces/maintenance-service-inputs.interface';
import { MAINTENANCE_LIMITS } from '../maintenance.limits';
import { recurrenceProblems } from '../recurrence/recurrence';
import { isScopeName, SCOPE_NAME_TEXT } from '../utils/scope-name';
import { isLanguageTag, LANGUAGE_TAG_TEXT } from '../utils/language-tag';
import { plainTextProblem } from '../utils/plain-text';

/** What a window covers besides its mode and time: a scope, exemptions, a recurrence (null or absent: none). */
export interface WindowShapeInput {
  scope?: string | null;
  exemptions?: Partial<MaintenanceWindowExemptions> | null;
  recurrence?: MaintenanceRecurrenceInput | null;
  translations?: Record<string, string> | null;
}

/**
 * Checks scope, exemptions and recurrence as the DTOs check the rest: a 400 naming each bad field. Returns them
 * normalised (trimmed, without duplicates, empty exemptions as null) for storing.
 */
export function checkWindowShape(
  input: WindowShapeInput,
  startsAt: Date,
): {
  scope: string | null;
  exemptions: MaintenanceWindowExemptions | null;
  recurrence: MaintenanceRecurrence | null;
  translations: Record<string, string> | null;
} {
  const problems: string[] = [];
  const scope = input.scope ?? null;
  if (scope !== null && !isScopeName(scope)) problems.push(`scope must be ${SCOPE_NAME_TEXT}`);
  const exemptions = input.exemptions ?? null;
  let ips: string[] = [];
  let paths: string[] = [];
  if (exemptions !== null) {
    if (typeof exemptions !== 'object' || Array.isArray(exemptions)) problems.push('exemptions must be an object with ips and/or paths');
    else {
      for (const key of Object.keys(exemptions)) if (key !== 'ips' && key !== 'paths') problems.push(`exemptions.${key} should not exist`);
      ips = listOf(
        'exemptions.ips',
        exemptions.ips,
        problems,
        (entry, name) => {
          compileIpMatcher([entry], name);
        },
        'an IP address or CIDR range, e.g. 203.0.113.0/24',
      );
      paths = listOf(
        'exemptions.paths',
        exemptions.paths,
        problems,
        (entry, name) => {
          if (!entry.startsWith('/')) throw new Error();
          compilePathMatcher([entry], name);
        },
        'a path pattern starting with "/", e.g. /admin/**',
      );
    }
  }
  let recurrence: MaintenanceRecurrence | null = null;
  if (input.recurrence !== undefined && input.recurrence !== null) {
    const given = input.recurrence;
    if (typeof given !== 'object' || Array.isArray(given)) problems.push('recurrence must be an object with rule, timeZone and durationMinutes');
    else {
      for (const key of Object.keys(given)) {
        if (!['rule', 'timeZone', 'durationMinutes'].includes(key)) problems.push(`recurrence.${key} should not exist`);
      }
      const found = recurrenceProblems({ rule: given.rule, timeZone: given.timeZone, durationMinutes: given.durationMinutes, startsAt });
      problems.push(...found);
      if (found.length === 0) recurrence = { rule: given.rule.trim(), timeZone: given.timeZone, durationMinutes: given.durationMinutes, cancelled: [] };
    }
  }
  const translations = checkTranslations(input.translations, problems);
  if (problems.length > 0) throw new BadRequestException(problems);
  return { scope, exemptions: ips.length + paths.length > 0 ? { ips, paths } : null, recurrence, translations };
}

/**
 * A window's message in other languages: an object of language tags to plain text, each as long as a message may be.
 * Returns it with its keys as given (null when absent or empty); adds a problem naming the field for each bad entry.
 */
export function checkTranslations(value: unknown, problems: string[]): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('translations must be an object of language tags to messages, e.g. { "de": "…" }');
    return null;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAINTENANCE_LIMITS.translations) problems.push(`translations must have no more than ${MAINTENANCE_LIMITS.translations} languages`);
  const translations: Record<string, string> = {};
  for (const [tag, text] of entries) {
    if (!isLanguageTag(tag)) {
      problems.push(`translations: "${String(tag).slice(0, 40)}" is not ${LANGUAGE_TAG_TEXT}`);
      continue;
    }
    const field = `translations.${tag}`;
    if (typeof text !== 'string' || text.length === 0) problems.push(`${field} must be a non-empty string`);
    else if ([...text].length > MAINTENANCE_LIMITS.message) problems.push(`${field} must be shorter than or equal to ${MAINTENANCE_LIMITS.message} characters`);
    else {
      const problem = plainTextProblem(text);
      if (problem) problems.push(`${field} ${problem}`);
      else translations[tag] = text;
    }
  }
  return Object.keys(translations).length > 0 ? translations : null;
}

function listOf(field: string, value: unknown, problems: string[], check: (entry: string, name: string) => void, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${field} must be an array`);
    return [];
  }
  if (value.length > MAINTENANCE_LIMITS.exemptions) problems.push(`${field} must contain no more than ${MAINTENANCE_LIMITS.exemptions} elements`);
  const entries: string[] = [];
  value.forEach((entry: unknown, index) => {
    const name = `${field}[${index}]`;
    if (typeof entry !== 'string' || entry.trim() === '' || entry.length > MAINTENANCE_LIMITS.exemption) {
      problems.push(`${name} must be ${what} (at most ${MAINTENANCE_LIMITS.exemption} characters)`);
      return;
    }
    try {
      check(entry.trim(), name);
      entries.push(entry.trim());
    } catch {
      problems.push(`${name} must be ${what}`);
    }
  });
  return [...new Set(entries)];
}
