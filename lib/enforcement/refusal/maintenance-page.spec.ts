import { MAINTENANCE_DEFAULTS } from '../../maintenance.constants';
import { renderMaintenancePage } from './maintenance-page';

describe('renderMaintenancePage', () => {
  const full = { mode: 'full' as const, statusCode: 503, message: 'Back soon', until: null, retryAfterSeconds: 300 };

  it('is a whole, self-contained document with a language and a title', () => {
    const html = renderMaintenancePage(full);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Down for maintenance</title>');
    expect(html).not.toMatch(/\bsrc=/);
    // Links, if any, stay on this site.
    for (const [, href] of html.matchAll(/\bhref="([^"]*)"/g)) expect(href).toMatch(/^\/(?!\/)/);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('escapes the message and the end time, in text and in the datetime attribute', () => {
    const html = renderMaintenancePage({ ...full, message: '<script>alert(1)</script> & "quotes"', until: '"><img src=x onerror=alert(1)>' });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('datetime="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).not.toContain('<img');
    expect(html.match(/<script>/g)).toHaveLength(1); // the page's own inline script only
  });

  it('shows the end in UTC without JavaScript and a retry hint from Retry-After', () => {
    const html = renderMaintenancePage({ ...full, until: '2030-01-31T23:00:00.000Z', retryAfterSeconds: 7200 });
    expect(html).toContain('<time id="until" datetime="2030-01-31T23:00:00.000Z">2030-01-31 23:00 UTC</time>');
    expect(html).toContain('try again in about 2 hours');
  });

  it('says that browsing goes on in read-only mode', () => {
    const html = renderMaintenancePage({ mode: 'read-only', statusCode: 403, message: 'No writes', until: null, retryAfterSeconds: null });
    expect(html).toContain('<title>Read-only maintenance</title>');
    expect(html).toContain('Your change was not saved. You can keep browsing');
  });

  const text = (html: string) =>
    html
      .replace(/<(head|script)[\s\S]*?<\/\1>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');

  it.each([
    ['full', { ...full, message: MAINTENANCE_DEFAULTS.message }],
    ['read-only', { mode: 'read-only' as const, statusCode: 403, message: MAINTENANCE_DEFAULTS.readOnlyMessage, until: null, retryAfterSeconds: null }],
  ])('does not say again what the default %s message says', (_mode, data) => {
    const words = text(renderMaintenancePage(data)).toLowerCase();
    for (const phrase of ['try again', 'back shortly', 'cannot be saved', 'not saved', 'read-only mode', 'later']) {
      expect(words.split(phrase).length - 1).toBeLessThanOrEqual(1);
    }
  });

  it('offers a way back from a refused write: the page the visitor came from, else the home page', () => {
    const readOnly = { mode: 'read-only' as const, statusCode: 403, message: 'No writes', until: null, retryAfterSeconds: null };
    expect(renderMaintenancePage({ ...readOnly, backUrl: '/orders?page=2&sort="x"' })).toContain('<a href="/orders?page=2&amp;sort=&quot;x&quot;">');
    expect(renderMaintenancePage(readOnly)).toContain('<a href="/">');
    expect(renderMaintenancePage(full)).not.toContain('<a ');
  });

  it('reloads itself when asked (refreshAfterSeconds), and says so; never otherwise', () => {
    const refreshing = renderMaintenancePage({ ...full, refreshAfterSeconds: 120 });
    expect(refreshing).toContain('<meta http-equiv="refresh" content="120">');
    expect(text(refreshing)).toMatch(/reloads by itself/);
    const still = renderMaintenancePage(full);
    expect(still).not.toContain('http-equiv="refresh"');
    expect(text(still)).not.toMatch(/reloads by itself/);
  });
});
