import { renderMaintenancePage } from './maintenance-page';

describe('renderMaintenancePage', () => {
  const full = { mode: 'full' as const, statusCode: 503, message: 'Back soon', until: null, retryAfterSeconds: 300 };

  it('is a whole, self-contained document with a language and a title', () => {
    const html = renderMaintenancePage(full);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Down for maintenance</title>');
    expect(html).not.toMatch(/\b(src|href)=/);
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
    expect(html).toContain('changes cannot be saved');
  });
});
