import { CONSOLE_CSS, CONSOLE_JS } from './console-assets';

/** The `--name: #rrggbb` custom properties of the first `:root` block after `from` in the stylesheet. */
function paletteAfter(from: number): Record<string, string> {
  const start = CONSOLE_CSS.indexOf(':root', from);
  const block = CONSOLE_CSS.slice(start, CONSOLE_CSS.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((match) => [match[1], match[2]]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((index) => parseInt(hex.slice(index, index + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('CONSOLE_CSS', () => {
  const light = paletteAfter(0);
  const dark = { ...light, ...paletteAfter(CONSOLE_CSS.indexOf('prefers-color-scheme: dark')) };

  // What axe's color-contrast rule checks, done on the palette itself: the pages only ever use these pairs.
  const textPairs = [
    ['fg', 'bg'],
    ['fg', 'card'],
    ['fg', 'input-bg'],
    ['muted', 'card'],
    ['muted', 'bg'],
    ['link', 'card'],
    ['link', 'bg'],
    ['btn-fg', 'btn'],
    ['danger-fg', 'danger'],
    ['ok-fg', 'ok-bg'],
    ['err-fg', 'err-bg'],
    ['err-fg', 'card'],
  ];
  // Focus rings, input borders and the invalid border: 3:1 against what surrounds them (WCAG 1.4.11).
  const nonTextPairs = [
    ['focus', 'bg'],
    ['focus', 'card'],
    ['input-line', 'input-bg'],
    ['input-line', 'card'],
    ['err-fg', 'input-bg'],
  ];

  it.each([
    ['light', light],
    ['dark', dark],
  ])('has enough contrast in the %s scheme', (_scheme, palette) => {
    for (const [fg, bg] of textPairs) expect([fg, bg, contrast(palette[fg], palette[bg]) >= 4.5]).toEqual([fg, bg, true]);
    for (const [fg, bg] of nonTextPairs) expect([fg, bg, contrast(palette[fg], palette[bg]) >= 3]).toEqual([fg, bg, true]);
  });

  it('has a dark scheme that overrides the colours, and a visible focus ring', () => {
    expect(dark.bg).not.toBe(light.bg);
    expect(CONSOLE_CSS).toContain(':focus-visible { outline: 3px solid var(--focus)');
    expect(CONSOLE_CSS).toContain('color-scheme: light dark');
  });

  it('keeps the public page accent', () => {
    expect(light.accent).toBe('#d97706');
    expect(light.link).toBe('#b45309');
  });
});

class FakeElement {
  textContent = '';
  value = '';
  constructor(private readonly attributes: Record<string, string> = {}) {}
  getAttribute(name: string): string | null {
    return name in this.attributes ? this.attributes[name] : null;
  }
}

interface ScriptRun {
  /** Dispatches a submit event from `form`; whether the script prevented it. */
  submit(form: FakeElement): boolean;
}

/** Runs the script against a fake document: `elements` answers `querySelectorAll` by selector. */
function runScript(elements: Record<string, FakeElement[]>, zone: string | null, confirm?: (question: string) => boolean): ScriptRun {
  let onSubmit: ((event: unknown) => void) | undefined;
  const document = {
    querySelectorAll: (selector: string) => elements[selector] ?? [],
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      if (type === 'submit') onSubmit = listener;
    },
  };
  const fakeIntl = {
    DateTimeFormat: () => ({
      resolvedOptions: () => {
        if (zone === null) throw new Error('no Intl');
        return { timeZone: zone };
      },
    }),
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the asset as a browser would, with stand-ins
  new Function('document', 'window', 'Intl', CONSOLE_JS)(document, { confirm }, fakeIntl);
  return {
    submit(form) {
      let prevented = false;
      onSubmit?.({ target: form, preventDefault: () => (prevented = true) });
      return prevented;
    },
  };
}

describe('CONSOLE_JS', () => {
  const iso = '2030-01-31T22:00:00Z';

  it('is plain ES2017 without template literals (it is itself inside one)', () => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- only parsed, never run
    expect(() => new Function(CONSOLE_JS)).not.toThrow();
    expect(CONSOLE_JS).not.toMatch(/`|=>|\blet\b|\bconst\b/);
  });

  it('shows times in local time with the zone name, and leaves the UTC title alone', () => {
    const time = new FakeElement({ datetime: iso, title: `${iso} UTC` });
    const broken = new FakeElement({ datetime: 'nonsense' });
    broken.textContent = 'as drawn';
    runScript({ 'time[datetime]': [time, broken] }, 'Europe/Berlin');
    expect(time.textContent).toBe(`${new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} (Europe/Berlin)`);
    expect(time.getAttribute('title')).toBe(`${iso} UTC`);
    expect(broken.textContent).toBe('as drawn');
  });

  it('fills tz fields and labels with the browser zone and rewrites prefilled UTC values to it', () => {
    const tz = new FakeElement();
    tz.value = 'UTC';
    const label = new FakeElement();
    label.textContent = 'UTC';
    const input = new FakeElement({ 'data-utc': iso });
    input.value = '2030-01-31T22:00';
    runScript({ 'input[name="tz"]': [tz], '[data-tz-label]': [label], 'input[data-utc]': [input] }, 'Asia/Tokyo');
    const local = new Date(iso);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(tz.value).toBe('Asia/Tokyo');
    expect(label.textContent).toBe('Asia/Tokyo');
    expect(input.value).toBe(`${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`);
  });

  it('keeps everything in UTC when the zone is unknown, so values and zone still agree', () => {
    const tz = new FakeElement();
    tz.value = 'UTC';
    const input = new FakeElement({ 'data-utc': iso });
    input.value = '2030-01-31T22:00';
    runScript({ 'input[name="tz"]': [tz], 'input[data-utc]': [input] }, null);
    expect(tz.value).toBe('UTC');
    expect(input.value).toBe('2030-01-31T22:00');
  });

  it('asks before submitting a form with data-confirm, and only then', () => {
    const questions: string[] = [];
    let answer = false;
    const run = runScript({}, 'UTC', (question) => {
      questions.push(question);
      return answer;
    });
    const guarded = new FakeElement({ 'data-confirm': 'End it now?' });
    expect(run.submit(guarded)).toBe(true);
    answer = true;
    expect(run.submit(guarded)).toBe(false);
    expect(run.submit(new FakeElement())).toBe(false);
    expect(questions).toEqual(['End it now?', 'End it now?']);
  });
});
