/**
 * C0 and C1 control characters and DEL, except tab, line feed and carriage return. PostgreSQL refuses NUL in
 * text and the others corrupt logs and terminals (the CLI prints these fields), so text fields refuse them on
 * every database alike.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Why a text value cannot be stored as it is, as the end of a sentence that starts with the field's name, or null. */
export function plainTextProblem(value: string): string | null {
  if (CONTROL_CHARACTERS.test(value)) return 'must not contain control characters (tab and line breaks are allowed)';
  if (!value.isWellFormed()) return 'must be well-formed Unicode text';
  return null;
}
