import { escapeHtml } from '../utils/html-escape';
import {
  REQUEST_ERROR_FIELDS,
  TOGGLE_ERROR_FIELDS,
  errorSummaryHtml,
  errorsByField,
  fieldHtml,
  inputControl,
  selectControl,
  textareaControl,
} from './console-form-fields';
import { TZ_LABEL_HTML, csrfField, factsHtml, hiddenField, modeHtml, textHtml, tzField } from './console-html';

/** What the request and toggle forms need besides their values and errors. @publicApi */
export interface ConsoleFormContext {
  /** The console's base path. */
  base: string;
  /** The CSRF token the form carries. */
  csrf: string;
  /** The scopes the module knows (the `scopes` option and `@MaintenanceScope()` names); none hides the scope field. */
  scopes: readonly string[];
}

/** What the toggle's confirmation page needs. @publicApi */
export interface ConsoleConfirmContext {
  base: string;
  csrf: string;
}

/**
 * The fields of the toggle form, in order. The confirmation page carries exactly these (when given) as hidden fields,
 * so what is confirmed is what was typed, and nothing else is passed along.
 * @publicApi
 */
export const TOGGLE_FIELDS: readonly string[] = ['mode', 'reason', 'message', 'minutes', 'scope'];

const MODE_OPTIONS: [string, string][] = [
  ['full', 'Full: every request gets the maintenance page'],
  ['read-only', 'Read-only: reads work, writes are refused'],
];

function scopeField(form: string, values: Record<string, string>, errors: Map<string, string[]>, scopes: readonly string[], hint: string): string {
  if (!scopes.length) return '';
  const options: [string, string][] = [['', 'Whole app'], ...scopes.map((scope): [string, string] => [scope, scope])];
  return fieldHtml({ form, name: 'scope', labelHtml: 'Scope', hint, errors, control: selectControl(options, values.scope) });
}

/**
 * The form to request a window (POST `{base}/windows`), filled in again with what was sent when the API refused it.
 * Every error is listed at the top as the API worded it; one that names a field (`reason …`, `startsAt …`,
 * `exemptions.ips[0] …`) is also shown under that field, which is then `aria-invalid` and described by it. Times are
 * typed in the viewer's zone (the hidden `tz`; UTC without JavaScript, as the labels then say).
 * @publicApi
 */
export function requestFormView(values: Record<string, string>, errors: readonly string[], ctx: ConsoleFormContext): string {
  const byField = errorsByField(errors, REQUEST_ERROR_FIELDS);
  const form = 'request';
  return `${errorSummaryHtml(errors, REQUEST_ERROR_FIELDS, form, 'The window was not requested')}
<form class="panel" method="post" action="${escapeHtml(`${ctx.base}/windows`)}" aria-labelledby="request-title">
<h2 id="request-title">New window</h2>
<p class="hint">It starts only once approved. Approvers and the audit log see everything entered here.</p>
${csrfField(ctx.csrf)}
${tzField('request-tz')}
${fieldHtml({ form, name: 'mode', labelHtml: 'Mode', errors: byField, control: selectControl(MODE_OPTIONS, values.mode) })}
${fieldHtml({
  form,
  name: 'reason',
  labelHtml: 'Reason',
  hint: 'Why, for the approvers and the audit log.',
  required: true,
  errors: byField,
  control: inputControl('text', values.reason),
})}
${fieldHtml({
  form,
  name: 'message',
  labelHtml: 'Message to users',
  hint: 'Shown on the maintenance page. Empty: the default text.',
  errors: byField,
  control: textareaControl(values.message),
})}
${fieldHtml({
  form,
  name: 'starts',
  labelHtml: `Starts (${TZ_LABEL_HTML})`,
  hint: 'Empty: as soon as it is approved.',
  errors: byField,
  control: inputControl('datetime-local', values.starts),
})}
${fieldHtml({
  form,
  name: 'ends',
  labelHtml: `Ends (${TZ_LABEL_HTML})`,
  hint: 'Empty: open-ended, until someone ends it.',
  errors: byField,
  control: inputControl('datetime-local', values.ends),
})}
${scopeField(form, values, byField, ctx.scopes, 'Whole app, or only the routes of one scope.')}
${fieldHtml({
  form,
  name: 'exemptIps',
  labelHtml: 'Let these addresses through',
  hint: 'One address or CIDR range per line, e.g. 203.0.113.7 or 10.0.0.0/8.',
  errors: byField,
  control: textareaControl(values.exemptIps, 3),
})}
${fieldHtml({
  form,
  name: 'exemptPaths',
  labelHtml: 'Let these paths through',
  hint: 'One path pattern per line, e.g. /health or /status/*.',
  errors: byField,
  control: textareaControl(values.exemptPaths, 3),
})}
<fieldset>
<legend>Repeat (optional)</legend>
<p class="hint">A recurring window is approved once for its whole series; its start is the first occurrence.</p>
${fieldHtml({
  form,
  name: 'rrule',
  labelHtml: 'Rule (RRULE)',
  hint: 'For example FREQ=WEEKLY;BYDAY=SU. Empty: once.',
  errors: byField,
  control: inputControl('text', values.rrule),
})}
${fieldHtml({
  form,
  name: 'timeZone',
  labelHtml: 'Time zone of the rule',
  hint: 'An IANA zone that keeps the local start time, e.g. Europe/Berlin.',
  errors: byField,
  control: inputControl('text', values.timeZone),
})}
${fieldHtml({
  form,
  name: 'durationMinutes',
  labelHtml: 'Minutes per occurrence',
  errors: byField,
  control: inputControl('number', values.durationMinutes, ' min="1" step="1"'),
})}
</fieldset>
<p class="actions"><button type="submit">Request window</button> <a href="${escapeHtml(`${ctx.base}/windows`)}">Back to the windows</a></p>
</form>
`;
}

/**
 * The emergency toggle's form (POST `{base}/toggle`). It has no `data-confirm`: the server answers it with
 * `toggleConfirmView`, a confirmation step that works without JavaScript.
 * @publicApi
 */
export function toggleFormView(values: Record<string, string>, errors: readonly string[], ctx: ConsoleFormContext): string {
  const byField = errorsByField(errors, TOGGLE_ERROR_FIELDS);
  const form = 'toggle';
  const modes: [string, string][] = [...MODE_OPTIONS, ['off', 'Off: end maintenance now']];
  return `${errorSummaryHtml(errors, TOGGLE_ERROR_FIELDS, form, 'Maintenance was not switched')}
<form class="panel" method="post" action="${escapeHtml(`${ctx.base}/toggle`)}" aria-labelledby="toggle-title">
<h2 id="toggle-title">Switch now, without approval</h2>
<p class="hint">For emergencies. The switch is recorded in the audit log; you confirm it on the next page.</p>
${csrfField(ctx.csrf)}
${fieldHtml({ form, name: 'mode', labelHtml: 'Switch to', errors: byField, control: selectControl(modes, values.mode) })}
${fieldHtml({
  form,
  name: 'reason',
  labelHtml: 'Reason',
  hint: 'Why, for the audit log.',
  required: true,
  errors: byField,
  control: inputControl('text', values.reason),
})}
${fieldHtml({
  form,
  name: 'message',
  labelHtml: 'Message to users',
  hint: 'Shown on the maintenance page. Not used when switching off.',
  errors: byField,
  control: textareaControl(values.message),
})}
${fieldHtml({
  form,
  name: 'minutes',
  labelHtml: 'Ends after (minutes)',
  hint: 'Empty: until someone switches it off. Not used when switching off.',
  errors: byField,
  control: inputControl('number', values.minutes, ' min="1" step="1" inputmode="numeric"'),
})}
${scopeField(form, values, byField, ctx.scopes, 'Whole app, or only the routes of one scope.')}
<p class="actions"><button type="submit">Continue</button></p>
</form>
`;
}

/**
 * The toggle's confirmation step: says what is about to happen in one sentence, lists what was entered, and posts
 * it all again (hidden fields, the CSRF token and `confirm=yes`) from a "Yes, switch now" button; "Cancel" goes back
 * to the form without switching.
 * @publicApi
 */
export function toggleConfirmView(values: Record<string, string>, ctx: ConsoleConfirmContext): string {
  const mode = values.mode ?? '';
  const scope = values.scope ?? '';
  const target = scope ? `the scope <code>${escapeHtml(scope)}</code>` : 'the whole app';
  const sentence =
    mode === 'off'
      ? `You are about to switch maintenance <strong>off</strong> now, for ${target}, without approval.`
      : `You are about to switch maintenance to <strong>${modeHtml(mode)}</strong> now, for ${target}, without approval.`;
  const minutes = values.minutes ?? '';
  const rows: [string, string][] = [['Reason', textHtml(values.reason)]];
  if (mode !== 'off') {
    rows.push(['Message', textHtml(values.message, 'The default text')]);
    rows.push(['Ends', minutes ? `After ${escapeHtml(minutes)} minutes` : 'When someone switches it off']);
  }
  const hidden = TOGGLE_FIELDS.filter((name) => typeof values[name] === 'string').map((name) => hiddenField(name, values[name]));
  return `<section class="panel" aria-labelledby="confirm-title">
<h2 id="confirm-title">Please confirm</h2>
<p>${sentence}</p>
<p>${escapeHtml(consequence(mode, scope !== ''))}</p>
${factsHtml(rows)}
<form method="post" action="${escapeHtml(`${ctx.base}/toggle`)}">
${csrfField(ctx.csrf)}
${hidden.join('\n')}
${hiddenField('confirm', 'yes')}
<p class="actions"><button type="submit" class="button-danger">Yes, switch now</button> <a class="button button-secondary" href="${escapeHtml(`${ctx.base}/toggle`)}">Cancel</a></p>
</form>
</section>
`;
}

/** What the switch does, in the words of the toggle API's own description. */
function consequence(mode: string, scoped: boolean): string {
  if (mode === 'off') return scoped ? 'The windows in force for this scope end.' : 'Every window in force ends, scoped ones too.';
  const effect = mode === 'read-only' ? 'Reads keep working; writes are refused' : 'Every request gets the maintenance page';
  return scoped
    ? `${effect} on the routes of this scope. Its windows in force end and an emergency window opens for it.`
    : `${effect} across the app. Windows of single scopes stay as they are.`;
}
