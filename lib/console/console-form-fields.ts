import { escapeHtml } from '../utils/html-escape';
import { optionHtml } from './console-html';

/**
 * Which form field an API error message is about, by the name it starts with: the admin API names the field first
 * (`reason should not be empty`, `exemptions.ips[1] must be …`), so the console can show the message under the
 * input it concerns. Keys are API names (or the form's own), values the form field names.
 */
export type ConsoleErrorFields = Readonly<Record<string, string>>;

/** API names to fields of the request form (`startsAt` is typed into `starts`, and so on). */
export const REQUEST_ERROR_FIELDS: ConsoleErrorFields = Object.freeze({
  mode: 'mode',
  reason: 'reason',
  message: 'message',
  startsAt: 'starts',
  starts: 'starts',
  endsAt: 'ends',
  ends: 'ends',
  scope: 'scope',
  'exemptions.ips': 'exemptIps',
  exemptIps: 'exemptIps',
  'exemptions.paths': 'exemptPaths',
  exemptPaths: 'exemptPaths',
  'recurrence.rule': 'rrule',
  'recurrence.timeZone': 'timeZone',
  'recurrence.durationMinutes': 'durationMinutes',
});

/** API names to fields of the toggle form: the end it computes from `minutes` is the API's `endsAt`. */
export const TOGGLE_ERROR_FIELDS: ConsoleErrorFields = Object.freeze({
  mode: 'mode',
  reason: 'reason',
  message: 'message',
  endsAt: 'minutes',
  minutes: 'minutes',
  scope: 'scope',
});

/**
 * The field `message` is about, or null. The name must be followed by something that cannot continue a name
 * (a space, `.`, `[`, `:` or the end), so `messages …` is not about `message`; the longest name wins, so
 * `exemptions.ips[0] …` is about the IPs, not about `exemptions`.
 */
export function errorFieldOf(message: string, fields: ConsoleErrorFields): string | null {
  const names = Object.keys(fields).sort((a, b) => b.length - a.length);
  for (const name of names) {
    if (message.startsWith(name) && !/^[A-Za-z0-9_]/.test(message.slice(name.length))) return fields[name];
  }
  return null;
}

/** The messages of each field, in the order given. */
export function errorsByField(errors: readonly string[], fields: ConsoleErrorFields): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const message of errors) {
    const field = errorFieldOf(message, fields);
    if (field) byField.set(field, [...(byField.get(field) ?? []), message]);
  }
  return byField;
}

/**
 * Every message at the top of the form, as the API gave it, in a `role="alert"` box; a message about a field links
 * to its input, so a keyboard user gets there in one step. Empty when there are no errors.
 */
export function errorSummaryHtml(errors: readonly string[], fields: ConsoleErrorFields, formId: string, title: string): string {
  if (!errors.length) return '';
  const items = errors.map((message) => {
    const field = errorFieldOf(message, fields);
    return field ? `<li><a href="#${escapeHtml(`${formId}-${field}`)}">${escapeHtml(message)}</a></li>` : `<li>${escapeHtml(message)}</li>`;
  });
  return `<div class="errors" role="alert" aria-labelledby="${escapeHtml(formId)}-errors-title">
<h2 id="${escapeHtml(formId)}-errors-title">${escapeHtml(title)}</h2>
<ul>
${items.join('\n')}
</ul>
</div>`;
}

/** How to draw one labelled field of a form. */
export interface ConsoleFieldOptions {
  /** The form's id, prefixed to the field's ids so two forms on a page never share one. */
  form: string;
  name: string;
  /** The label's content: HTML, from the console's own constants (it may hold the `data-tz-label` span). */
  labelHtml: string;
  hint?: string;
  required?: boolean;
  errors: Map<string, string[]>;
  /** The control, given its `id`, `name`, `required`, `aria-invalid` and `aria-describedby` attributes. */
  control: (attributes: string) => string;
}

/**
 * A label, an optional hint, the control and its error messages under it. The control is `aria-invalid` when it has
 * errors and `aria-describedby` its errors (first, they matter most) and its hint.
 */
export function fieldHtml(options: ConsoleFieldOptions): string {
  const id = `${options.form}-${options.name}`;
  const messages = options.errors.get(options.name) ?? [];
  const errorIds = messages.map((_, index) => `${id}-error-${index}`);
  const hintId = options.hint ? `${id}-hint` : null;
  const describedBy = hintId ? [...errorIds, hintId] : errorIds;
  const attributes =
    `id="${escapeHtml(id)}" name="${escapeHtml(options.name)}"` +
    (options.required ? ' required' : '') +
    (messages.length ? ' aria-invalid="true"' : '') +
    (describedBy.length ? ` aria-describedby="${escapeHtml(describedBy.join(' '))}"` : '');
  const required = options.required ? ' <span class="required">(required)</span>' : '';
  const hint = hintId ? `\n<p class="hint" id="${escapeHtml(hintId)}">${escapeHtml(options.hint!)}</p>` : '';
  const errorLines = messages.map((message, index) => `\n<p class="field-error" id="${escapeHtml(errorIds[index])}">${escapeHtml(message)}</p>`).join('');
  return `<div class="field${messages.length ? ' field-invalid' : ''}">
<label for="${escapeHtml(id)}">${options.labelHtml}${required}</label>${hint}
${options.control(attributes)}${errorLines}
</div>`;
}

/** `<input>` of a type, with its value filled in again. */
export function inputControl(type: string, value: string | undefined, extra = ''): (attributes: string) => string {
  return (attributes) => `<input type="${escapeHtml(type)}" ${attributes} value="${escapeHtml(value ?? '')}"${extra}>`;
}

/** `<textarea>`, with its text filled in again. */
export function textareaControl(value: string | undefined, rows = 4): (attributes: string) => string {
  // The newline after the start tag is eaten by the parser, so a value starting with a line break keeps it.
  return (attributes) => `<textarea ${attributes} rows="${rows}">\n${escapeHtml(value ?? '')}</textarea>`;
}

/** `<select>` of `[value, label]` options, the current one selected. */
export function selectControl(options: readonly (readonly [string, string])[], current: string | undefined): (attributes: string) => string {
  return (attributes) => `<select ${attributes}>\n${options.map(([value, label]) => optionHtml(value, label, current)).join('\n')}\n</select>`;
}
