import { runInNewContext } from 'node:vm';
import { BUILT_IN_TEXTS } from '../../i18n/maintenance-texts';
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

  describe('in other languages', () => {
    const readOnly = { mode: 'read-only' as const, statusCode: 403, message: 'x', until: null, retryAfterSeconds: null };

    it.each([
      ['de', 'Wegen Wartungsarbeiten nicht verfügbar', 'Bitte versuchen Sie es in etwa 5 Minuten erneut.', 'Voraussichtlich wieder verfügbar:'],
      ['fr', 'Maintenance en cours', 'Veuillez réessayer dans environ 5 minutes.', 'Retour prévu\u00a0:'],
      ['es', 'Fuera de servicio por mantenimiento', 'Vuelva a intentarlo en aproximadamente 5 minutos.', 'Regreso previsto:'],
    ])('%s: title, hint and end time in that language, and lang says so', (locale, title, hint, expectedBack) => {
      const html = renderMaintenancePage({ ...full, locale, until: '2030-01-31T23:00:00.000Z' });
      expect(html).toMatch(new RegExp(`^<!doctype html>\n<html lang="${locale}">`));
      expect(html).toContain(`<title>${title}</title>`);
      expect(html).toContain(`<h1 id="title">${title}</h1>`);
      expect(html).toContain(`<p class="hint">${hint}</p>`);
      expect(html).toContain(`<p>${expectedBack} <time id="until" datetime="2030-01-31T23:00:00.000Z">2030-01-31 23:00 UTC</time>.</p>`);
      expect(text(html)).not.toMatch(/Down for maintenance|try again|Expected back/);
    });

    it.each(['de', 'fr', 'es'] as const)('%s: a refused write, the reload hint and the singular', (locale) => {
      const texts = BUILT_IN_TEXTS[locale];
      const refused = renderMaintenancePage({ ...readOnly, locale, backUrl: '/a' });
      expect(refused).toContain(`<title>${texts.readOnlyTitle}</title>`);
      expect(refused).toContain(`<p class="hint">${texts.changeNotSaved}</p>\n<p><a href="/a">${texts.goBack}</a></p>`);
      const reloading = renderMaintenancePage({ ...full, locale, retryAfterSeconds: 1, refreshAfterSeconds: 5 });
      expect(reloading).toContain(`<p class="hint">${texts.reloadsIn(texts.duration(1))}</p>`);
      expect(texts.duration(1)).toMatch(/^1 \S+[^s]$/);
      expect(renderMaintenancePage({ ...full, locale, retryAfterSeconds: null })).toContain(`<p class="hint">${texts.tryAgainIn(null)}</p>`);
    });

    it('takes the texts of the language for a regional tag, and keeps the tag in lang', () => {
      const html = renderMaintenancePage({ ...full, locale: 'de-CH' });
      expect(html).toMatch(/^<!doctype html>\n<html lang="de-CH">/);
      expect(html).toContain(`<title>${BUILT_IN_TEXTS.de.fullTitle}</title>`);
    });

    it('is in English, and says so, for a language it has no texts for', () => {
      for (const locale of [undefined, '', 'ja', 'constructor']) {
        const html = renderMaintenancePage({ ...full, locale });
        expect(html).toBe(renderMaintenancePage(full));
        expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
      }
      expect(renderMaintenancePage({ ...full, locale: 'en-GB' })).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    });

    it('escapes the tag in lang', () => {
      const html = renderMaintenancePage({ ...full, locale: 'de-"><script>x</script>' });
      expect(html).toMatch(/^<!doctype html>\n<html lang="de-&quot;&gt;&lt;script&gt;x&lt;\/script&gt;">/);
      expect(html.match(/<script>/g)).toHaveLength(1);
    });
  });

  describe('the inline script', () => {
    /** Runs the page's script against a stub DOM; returns the text it puts in <time>. */
    function runScript(html: string, languages: string[]): string {
      const lang = /<html lang="([^"]*)">/.exec(html)![1];
      const until = /datetime="([^"]*)"/.exec(html)![1];
      const time = { textContent: '', getAttribute: () => until };
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
      runInNewContext(script, { document: { documentElement: { lang }, getElementById: () => time }, navigator: { languages } });
      return time.textContent;
    }
    const data = { ...full, until: '2030-01-31T23:00:00.000Z' };

    it('writes the end time the way the page’s language does', () => {
      expect(runScript(renderMaintenancePage({ ...data, locale: 'de' }), ['en-US'])).toMatch(/31\. Jan/);
      expect(runScript(renderMaintenancePage({ ...data, locale: 'fr' }), ['en-US'])).toMatch(/janv\./);
      expect(runScript(renderMaintenancePage({ ...data, locale: 'es' }), ['en-US'])).toMatch(/ene/);
      expect(runScript(renderMaintenancePage(data), ['de-DE'])).toMatch(/Jan \d+, 2030/);
    });

    it('takes the visitor’s variant of a page in plain "en" (day before month in Britain)', () => {
      expect(runScript(renderMaintenancePage(data), ['de-DE', 'en-GB'])).toMatch(/^\d+ Jan 2030/);
      expect(runScript(renderMaintenancePage({ ...data, locale: 'en-US' }), ['en-GB'])).toMatch(/^Jan \d+, 2030/);
    });

    it('falls back to the browser’s language for a tag it rejects', () => {
      expect(runScript(renderMaintenancePage({ ...data, locale: 'de_CH' }), [])).toMatch(/2030/);
    });
  });
});
