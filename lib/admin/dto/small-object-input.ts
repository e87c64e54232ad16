import { MAINTENANCE_LIMITS } from '../../maintenance.limits';

/** What one field of a small input object may hold: a single value, or a list of strings. */
export type SmallObjectField = 'value' | 'strings';

const SHAPES = Symbol('maintenance:small-object-input');

type WithShapes = { [SHAPES]?: Record<string, Readonly<Record<string, SmallObjectField>>> };

/**
 * Lets a body property be one small object of known fields (`exemptions`, `recurrence`), where the admin input guard
 * otherwise takes single values only. The guard checks its shape as sent (known fields, no deeper nesting, short
 * lists); the service checks the values.
 */
export function SmallObjectInput(fields: Readonly<Record<string, SmallObjectField>>): PropertyDecorator {
  return (target, key) => {
    const holder = target as WithShapes;
    holder[SHAPES] = { ...holder[SHAPES], [String(key)]: fields };
  };
}

/** The problems of `value` as the small object `key` of `dto` declares, or null when `key` is not one. */
export function smallObjectProblems(dto: { prototype: object }, key: string, value: object): string[] | null {
  const fields = (dto.prototype as WithShapes)[SHAPES]?.[key];
  if (!fields) return null;
  if (Array.isArray(value)) return [`${key} must be an object, not a list`];
  const problems: string[] = [];
  const entries = Object.entries(value);
  // `'*'`: any field names (the language tags of `translations`), as many as a window may have; the service checks them.
  if (fields['*'] !== undefined && entries.length > MAINTENANCE_LIMITS.translations) {
    return [`${key} must have no more than ${MAINTENANCE_LIMITS.translations} entries`];
  }
  for (const [field, entry] of entries) {
    const name = `${key}.${field}`;
    const kind = Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : fields['*'];
    if (kind === undefined) problems.push(`property ${name} should not exist`);
    else if (entry === null || entry === undefined) continue;
    else if (kind === 'value' && typeof entry === 'object') problems.push(`${name} must be a single value, not an object or a list`);
    else if (kind === 'strings') {
      if (!Array.isArray(entry)) problems.push(`${name} must be a list of strings`);
      else if (entry.length > MAINTENANCE_LIMITS.exemptions) problems.push(`${name} must contain no more than ${MAINTENANCE_LIMITS.exemptions} elements`);
      else if (entry.some((item) => typeof item !== 'string')) problems.push(`${name} must be a list of strings`);
    }
  }
  return problems;
}
