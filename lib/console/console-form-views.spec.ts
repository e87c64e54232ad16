import { requestFormView, toggleConfirmView, toggleFormView } from './console-form-views';
import { errorFieldOf, REQUEST_ERROR_FIELDS, TOGGLE_ERROR_FIELDS } from './console-form-fields';

const BASE = '/maintenance/console';
const ctx = { base: BASE, csrf: 'csrf-token', scopes: ['checkout', 'search'] };

/** The opening tag of the control with this id. */
const controlTag = (html: string, id: string): string => new RegExp(`<(?:input|select|textarea)[^>]* id="${id}"[^>]*>`).exec(html)?.[0] ?? '';

describe('errorFieldOf', () => {
  it.each([
    ['reason should not be empty', 'reason'],
    ['startsAt must be an ISO 8601 date-time with an offset or Z', 'starts'],
    ['endsAt must be after startsAt', 'ends'],
    ['mode must be one of the following values: full, read-only', 'mode'],
    ['message must be shorter than or equal to 2000 characters', 'message'],
    ['scope "x" is not a known scope', 'scope'],
    ['exemptions.ips[1] must be an IP address or a CIDR range', 'exemptIps'],
    ['exemptions.paths must contain no more than 50 elements', 'exemptPaths'],
    ['messages are hard', null],
    ['translations.de must be a string', null],
    ['The window overlaps another one', null],
  ])('maps "%s" to %s', (message, field) => {
    expect(errorFieldOf(message, REQUEST_ERROR_FIELDS)).toBe(field);
  });

  it('maps the toggle end to the minutes field', () => {
    expect(errorFieldOf('endsAt must be in the future', TOGGLE_ERROR_FIELDS)).toBe('minutes');
    expect(errorFieldOf('minutes must be a whole number from 1 to 10080', TOGGLE_ERROR_FIELDS)).toBe('minutes');
  });
});

describe('requestFormView', () => {
  it('posts every field to the windows with the CSRF token and the zone of the times', () => {
    const html = requestFormView({}, [], ctx);
    expect(html).toContain(`<form class="panel" method="post" action="${BASE}/windows"`);
    expect(html).toContain('<input type="hidden" name="_csrf" value="csrf-token">');
    expect(html).toContain('<input type="hidden" name="tz" id="request-tz" value="UTC">');
    for (const name of ['mode', 'reason', 'message', 'starts', 'ends', 'scope', 'exemptIps', 'exemptPaths']) {
      expect(html).toContain(`<label for="request-${name}">`);
      expect(controlTag(html, `request-${name}`)).toContain(`name="${name}"`);
    }
    expect(controlTag(html, 'request-starts')).toContain('type="datetime-local"');
    expect(controlTag(html, 'request-ends')).toContain('type="datetime-local"');
    expect(html).toContain('<label for="request-starts">Starts (<span data-tz-label>UTC</span>)</label>');
    expect(controlTag(html, 'request-reason')).toContain(' required');
    expect(html).toContain('<option value="" selected>Whole app</option>');
    expect(html).toContain('<option value="search">search</option>');
    expect(html).not.toContain('role="alert"');
    expect(html).not.toContain('aria-invalid');
  });

  it('has no scope field when the app has no scopes', () => {
    expect(requestFormView({}, [], { ...ctx, scopes: [] })).not.toContain('name="scope"');
  });

  it('fills the values in again, escaped', () => {
    const html = requestFormView(
      {
        mode: 'read-only',
        reason: 'a "quoted" <reason>',
        message: '<script>alert(1)</script>',
        starts: '2030-01-31T22:00',
        scope: 'search',
        exemptIps: '1.2.3.4\n10.0.0.0/8',
      },
      [],
      ctx,
    );
    expect(html).toContain('<option value="read-only" selected>');
    expect(controlTag(html, 'request-reason')).toContain('value="a &quot;quoted&quot; &lt;reason&gt;"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(controlTag(html, 'request-starts')).toContain('value="2030-01-31T22:00"');
    expect(html).toContain('<option value="search" selected>');
    expect(html).toContain('1.2.3.4\n10.0.0.0/8</textarea>');
    expect(html).not.toContain('<script>');
  });

  it('lists every error at the top and ties those about a field to its input', () => {
    const errors = [
      'reason should not be empty',
      'startsAt must be an ISO 8601 date-time with an offset or Z',
      'exemptions.ips[1] must be an IP address or a CIDR range',
      'The window <overlaps> another one',
    ];
    const html = requestFormView({ reason: '' }, errors, ctx);
    const summary = /<div class="errors" role="alert"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(summary).toContain('<li><a href="#request-reason">reason should not be empty</a></li>');
    expect(summary).toContain('<li>The window &lt;overlaps&gt; another one</li>');
    expect(summary.match(/<li>/g)).toHaveLength(4);

    const reason = controlTag(html, 'request-reason');
    expect(reason).toContain('aria-invalid="true"');
    expect(reason).toContain('aria-describedby="request-reason-error-0 request-reason-hint"');
    expect(html).toContain('<p class="field-error" id="request-reason-error-0">reason should not be empty</p>');
    expect(controlTag(html, 'request-starts')).toContain('aria-describedby="request-starts-error-0 request-starts-hint"');
    expect(controlTag(html, 'request-exemptIps')).toContain('aria-invalid="true"');
    expect(html).toContain('id="request-exemptIps-error-0">exemptions.ips[1] must be an IP address or a CIDR range</p>');
    expect(controlTag(html, 'request-message')).not.toContain('aria-invalid');
  });
});

describe('toggleFormView', () => {
  it('posts mode, reason, message, minutes and scope to the toggle, without a script confirmation', () => {
    const html = toggleFormView({ mode: 'off' }, [], ctx);
    expect(html).toContain(`method="post" action="${BASE}/toggle"`);
    expect(html).not.toContain('data-confirm');
    expect(html).toContain('<input type="hidden" name="_csrf" value="csrf-token">');
    expect(html).toContain('<option value="off" selected>');
    for (const name of ['mode', 'reason', 'message', 'minutes', 'scope']) expect(controlTag(html, `toggle-${name}`)).toContain(`name="${name}"`);
    expect(controlTag(html, 'toggle-minutes')).toContain('type="number"');
  });

  it('shows a minutes error under the minutes field', () => {
    const html = toggleFormView({ minutes: '0' }, ['minutes must be a whole number from 1 to 10080'], ctx);
    expect(controlTag(html, 'toggle-minutes')).toContain('aria-invalid="true"');
    expect(controlTag(html, 'toggle-minutes')).toContain('value="0"');
    expect(html).toContain('<a href="#toggle-minutes">');
  });
});

describe('toggleConfirmView', () => {
  const values = { mode: 'full', reason: 'Payment "provider" outage', message: 'Line one\n<b>two</b>', minutes: '30', scope: 'checkout' };

  it('says what is about to happen', () => {
    const html = toggleConfirmView(values, ctx);
    expect(html).toContain('You are about to switch maintenance to <strong>Full</strong> now, for the scope <code>checkout</code>, without approval.');
    expect(toggleConfirmView({ ...values, mode: 'off', scope: '' }, ctx)).toContain(
      'You are about to switch maintenance <strong>off</strong> now, for the whole app, without approval.',
    );
  });

  it('carries every value as a hidden field, with the CSRF token and confirm=yes', () => {
    const html = toggleConfirmView({ ...values, extra: 'not passed on' }, ctx);
    const form = /<form\b[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    expect(form).toContain(`<form method="post" action="${BASE}/toggle">`);
    expect(form).toContain('<input type="hidden" name="_csrf" value="csrf-token">');
    expect(form).toContain('<input type="hidden" name="mode" value="full">');
    expect(form).toContain('<input type="hidden" name="reason" value="Payment &quot;provider&quot; outage">');
    expect(form).toContain('<input type="hidden" name="message" value="Line one\n&lt;b&gt;two&lt;/b&gt;">');
    expect(form).toContain('<input type="hidden" name="minutes" value="30">');
    expect(form).toContain('<input type="hidden" name="scope" value="checkout">');
    expect(form).toContain('<input type="hidden" name="confirm" value="yes">');
    expect(form).not.toContain('extra');
    expect(form).toContain('<button type="submit" class="button-danger">Yes, switch now</button>');
    expect(form).toContain(`<a class="button button-secondary" href="${BASE}/toggle">Cancel</a>`);
  });
});
