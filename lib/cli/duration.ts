const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const WHOLE = /^(?:\d+[smhd])+$/;
const PART = /(\d+)([smhd])/g;
/** Beyond this a typo is far likelier than intent, and `Date` arithmetic stays exact. */
const MAX_MS = 100 * 365 * UNIT_MS.d;

/**
 * Parses a duration such as `90s`, `30m`, `2h`, `1d` or `1h30m` into milliseconds. A bare number is
 * refused: whether `30` means seconds or minutes is exactly the kind of guess a deploy script must not make.
 *
 * @example parseDuration('1h30m') // 5_400_000
 * @throws Error with a message fit for the command line when the text is not a positive duration.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (!WHOLE.test(trimmed)) {
    throw new Error(`"${text}" is not a duration: use a number with a unit s, m, h or d, e.g. 90s, 30m, 2h, 1h30m`);
  }
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  if (total <= 0) throw new Error(`"${text}" is not a duration: it must be longer than zero`);
  if (!(total <= MAX_MS)) throw new Error(`"${text}" is too long a duration`);
  return total;
}
