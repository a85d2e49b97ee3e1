import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { common } from '../../web/src/desks/common/messages';
import type { Locale, Messages } from '../../web/src/i18n/catalog';
import { CATALOGS } from '../../web/src/i18n/catalogs';
import { formatMessage, lookup, type MessageTree, type Params } from '../../web/src/i18n/format';
import { eventually } from './local-clients';
import { ROOT } from './stack-process';

/**
 * Waits until `probe` gives the expected value (20 s: the page answers when the local stack has),
 * then asserts it. Not `expect.poll`, which concurrent tests cannot call.
 */
export function until<T>(probe: () => Promise<T>) {
  const settle = async (ok: (value: T) => boolean) => eventually(probe, ok, 20_000);
  return {
    toBe: async (expected: T) => expect(await settle((v) => Object.is(v, expected))).toBe(expected),
    toBeGreaterThan: async (bound: number) => expect(await settle((v) => Number(v) > bound)).toBeGreaterThan(bound),
  };
}

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it when missing. No browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the Chromium tests keep their screenshots (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'test-results', 'console');

/**
 * One headless Chromium for a test file. Playwright gives each launch a fresh temporary profile
 * (its own user-data-dir), removed on close; background networking, updates and sync are off so
 * the browser talks to nothing but the local stack.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const VIEWPORTS = {
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** The console's own strings, as the page shows them in `locale`: tests find fields by their real labels. */
export function text(locale: Locale, key: string, params?: Params): string {
  const value = lookup(CATALOGS[locale] as unknown as MessageTree, key);
  if (value === undefined) throw new Error(`no message ${key}`);
  return formatMessage(value, locale, params);
}

/**
 * The names of the focused element, `|`-separated: its label, what aria-labelledby points at, its
 * aria-label, a button's or link's text. A string, evaluated in the page (no DOM types here).
 */
const FOCUSED_NAMES = `(() => {
  const el = document.activeElement;
  if (!el) return '';
  const byLabel = (el.labels && el.labels[0] && el.labels[0].textContent) || '';
  const ids = (el.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
  const byAria = ids.map((id) => (document.getElementById(id) || {}).textContent || '').join(' ');
  const own = el.tagName === 'BUTTON' || el.tagName === 'A' ? el.textContent : '';
  return [byLabel, byAria, el.getAttribute('aria-label') || '', own].join('|');
})()`;

/** API error codes and other snake_case words: what a page must never show a person. */
const RAW_CODE = /\b[a-z]+(?:_[a-z]+)+\b/;

/**
 * One person's browser: a fresh context (no cookies, no storage) in a viewport, with every page
 * error and CSP violation collected, and `check()` to screenshot a page and run axe-core on it.
 */
export class ConsoleSession {
  readonly errors: string[] = [];
  private shots = 0;
  /** Pages (and languages) axe-core has analysed in this test file. */
  private static readonly analysed = new Set<string>();

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly locale: Locale,
    private readonly folder: string,
    private readonly axe: boolean,
  ) {}

  /**
   * `axe`: run axe-core on the pages this session checks. The phone session of each flow does;
   * the desktop session of the same flow shows the same pages and DOM, so it keeps only the
   * screenshots. axe-core takes seconds a page: each page (by name) is analysed once per test
   * run, and each profile's first page once more, in its language.
   */
  static async open(
    browser: Browser,
    opts: { viewport: ViewportName; locale: Locale; folder: string; axe: boolean },
  ): Promise<ConsoleSession> {
    const context = await browser.newContext({ ...VIEWPORTS[opts.viewport], locale: opts.locale, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const folder = join(SCREENSHOTS, opts.folder);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const session = new ConsoleSession(context, page, opts.locale, folder, opts.axe);
    page.on('pageerror', (e) => session.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // Chromium logs every 4xx as "Failed to load resource": expected for the API's and Cognito's
      // refusals the tests provoke (the page explains them); not for the console's own files.
      const url = new URL(m.location().url || 'about:blank');
      const refusal =
        m.text().startsWith('Failed to load resource') && (url.pathname.startsWith('/v1/') || !page.url().startsWith(url.origin));
      if (!refusal) session.errors.push(`console: ${m.text()} ${m.location().url}`);
    });
    // A CSP refusal is reported as an event inside the page: collect it as an error too.
    await page.exposeBinding('__postaCspViolation', (_source, detail: string) => session.errors.push(`csp: ${detail}`));
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => window.__postaCspViolation(e.violatedDirective + ' ' + e.blockedURI));",
    );
    return session;
  }

  /** The page's text in this session's language. */
  t(key: string, params?: Params): string {
    return text(this.locale, key, params);
  }

  /**
   * A desk's text as its page shows it in this session's language: the desk's own catalog
   * (`messages` of `web/src/desks/<desk>/messages.ts`), then the common desk texts, then the main
   * catalog — the order the desk's `t` reads them.
   */
  deskT(messages: Record<Locale, unknown>, key: string, params?: Params): string {
    for (const tree of [messages[this.locale], common[this.locale]]) {
      const value = lookup(tree as MessageTree, key);
      if (value !== undefined) return formatMessage(value, this.locale, params);
    }
    return text(this.locale, key, params);
  }

  get messages(): Messages {
    return CATALOGS[this.locale];
  }

  /**
   * A page as a person sees it: its heading is there, it shows no raw code, axe-core finds no
   * serious or critical WCAG 2.1 A/AA violation, and a screenshot is kept.
   */
  async check(name: string, heading: string): Promise<void> {
    await until(() => this.page.getByRole('heading', { level: 1, name: heading }).count()).toBe(1);
    // Whatever is loading (aria-busy) has loaded.
    await until(() => this.page.locator('[aria-busy="true"]').count()).toBe(0);
    const body = (await this.page.locator('body').textContent()) ?? '';
    expect(body, `${name}: raw code on the page`).not.toMatch(RAW_CODE);
    this.shots += 1;
    await this.page.screenshot({ path: join(this.folder, `${String(this.shots).padStart(2, '0')}-${name}.png`), fullPage: true });
    const key = ConsoleSession.analysed.has(this.locale) ? name : `${this.locale}:${name}`;
    if (!this.axe || ConsoleSession.analysed.has(key)) return;
    ConsoleSession.analysed.add(key).add(this.locale);
    const result = await new AxeBuilder({ page: this.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, `${name}: axe-core`).toEqual([]);
  }

  /** Presses Tab until the focused element is the one named `name` (a field's label, a button's text); fails after `max` presses. */
  async tabTo(name: string, max = 40): Promise<void> {
    for (let i = 0; i <= max; i++) {
      if (i > 0) await this.page.keyboard.press('Tab');
      const focused = (await this.page.evaluate(FOCUSED_NAMES)) as string;
      if (focused.split('|').some((part) => part.trim() === name)) return;
    }
    throw new Error(`Tab never reached "${name}"`);
  }

  async close(): Promise<void> {
    await this.context.close();
    expect(this.errors, 'page errors and CSP violations').toEqual([]);
  }
}
