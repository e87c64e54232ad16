import { ConsolePage, ConsoleSection, renderConsolePage } from './console-layout';

const page = (overrides: Partial<ConsolePage> = {}): string =>
  renderConsolePage({ title: 'Overview', base: '/maintenance/console', actor: 'alice', active: 'overview', body: '<p>body</p>', ...overrides });

describe('renderConsolePage', () => {
  it('is a whole document with the assets from the base path and nothing inline', () => {
    const html = page();
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<link rel="stylesheet" href="/maintenance/console/assets/console.css">');
    expect(html).toContain('<script src="/maintenance/console/assets/console.js" defer></script>');
    expect(html).not.toMatch(/<style|\sstyle=|<script>/);
    expect(html).toContain('<title>Overview · Maintenance console</title>');
  });

  it('has a skip link to main, a banner with the navigation, and the title as h1', () => {
    const html = page();
    expect(html.indexOf('<a class="skip" href="#main">')).toBeLessThan(html.indexOf('<header'));
    expect(html).toContain('<nav class="nav" aria-label="Console">');
    expect(html).toContain('<main id="main">\n<h1>Overview</h1>');
    expect(html).toContain('Signed in as <strong>alice</strong>');
  });

  const links: [ConsoleSection, string][] = [
    ['overview', '/maintenance/console'],
    ['windows', '/maintenance/console/windows'],
    ['request', '/maintenance/console/windows/new'],
    ['toggle', '/maintenance/console/toggle'],
    ['audit', '/maintenance/console/audit'],
  ];

  it.each(links)('marks %s, and only it, as the current page', (active, href) => {
    const html = page({ active });
    expect(html.match(/aria-current="page"/g)).toHaveLength(1);
    expect(html).toContain(`<a href="${href}" aria-current="page">`);
    for (const [, other] of links) expect(html).toContain(`<a href="${other}"`);
  });

  it('marks nothing as current on an error page', () => {
    expect(page({ active: null })).not.toContain('aria-current');
  });

  it('shows a success as a status and a failure as an alert, escaped', () => {
    expect(page({ flash: { kind: 'ok', text: 'Window approved.' } })).toContain('<div class="flash flash-ok" role="status">Window approved.</div>');
    expect(page({ flash: { kind: 'error', text: '<b>no</b>' } })).toContain('<div class="flash flash-error" role="alert">&lt;b&gt;no&lt;/b&gt;</div>');
    expect(page({ flash: null })).not.toContain('class="flash');
  });

  it('escapes the title, the actor and the base path', () => {
    const html = page({ title: '<script>x</script>', actor: '"><img src=x onerror=alert(1)>', base: '/c"x' });
    expect(html).toContain('<h1>&lt;script&gt;x&lt;/script&gt;</h1>');
    expect(html).toContain('Signed in as <strong>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</strong>');
    expect(html).toContain('href="/c&quot;x/windows"');
    expect(html).not.toContain('<img');
  });

  it('says nobody is signed in on a 401 page', () => {
    expect(page({ actor: null, active: null, status: 401 })).toContain('<p class="who">Not signed in</p>');
  });

  it('says when the signed-in user has no name, and links somewhere when mounted at the root', () => {
    const html = page({ actor: null, base: '' });
    expect(html).toContain('Signed in without a name');
    expect(html).toContain('<a href="/" aria-current="page">Overview</a>');
    expect(html).toContain('<script src="/assets/console.js" defer></script>');
  });
});
