import { expect, Page, test as base } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Schools as the API lists them: the sessions their series offer are dated there, not in the file. */
export async function liveSchools(playwright: any, baseURL: string): Promise<any[]> {
  const api = await playwright.request.newContext({ baseURL });
  const res = await api.get('/api/v1/schools');
  if (!res.ok()) throw new Error(`GET /api/v1/schools: ${res.status()}`);
  const schools = await res.json();
  await api.dispose();
  return schools;
}

/** Console errors every test may see: a browser's own line for a request the test made fail
 *  on purpose (offline, a held or aborted answer, a 4xx the page shows as a message). */
const ALWAYS_ALLOWED: RegExp[] = [
  /^Failed to load resource: (net::ERR_INTERNET_DISCONNECTED|net::ERR_FAILED|net::ERR_CONNECTION_REFUSED|net::ERR_CONNECTION_RESET|net::ERR_ABORTED)/,
  /^Failed to load resource: the server responded with a status of 4\d\d/,
];

type ConsoleFixtures = {
  /** The console errors a test expects (its own allow-list), checked after the test. */
  allowedConsoleErrors: RegExp;
  /** Every console error and uncaught page error seen during the test. */
  consoleErrors: string[];
};

/** Every spec's `test`: fails after the test on any console error or uncaught exception in any
 *  page of the test (a Rust panic prints one before the WASM aborts), unless allow-listed. */
export const test = base.extend<ConsoleFixtures>({
  allowedConsoleErrors: [/(?!)/, { option: true }],
  consoleErrors: [async ({ context, allowedConsoleErrors }, use) => {
    const errors: string[] = [];
    const watch = (page: Page) => {
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.stack || e}`));
    };
    context.pages().forEach(watch);
    context.on('page', watch);
    await use(errors);
    // An uncaught exception passes only where the test itself expects it.
    const unexpected = errors.filter((e) => e.startsWith('uncaught:')
      ? !allowedConsoleErrors.test(e)
      : ![...ALWAYS_ALLOWED, allowedConsoleErrors].some((r) => r.test(e)));
    expect(unexpected, 'console errors or uncaught exceptions in the page').toEqual([]);
  }, { auto: true }],
});

/** The sample data the server was seeded from: tests pick their listings from it. */
export function data<T = any>(name: string): T[] {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'public', 'data', `${name}.json`), 'utf8'));
}

/** Console errors and uncaught exceptions of one page, for a test that asserts on them itself. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Asserts the page cannot be scrolled sideways on a phone. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'page is wider than the screen').toBeLessThanOrEqual(0);
}

/** Chooses the UI language the way a returning visitor has it: through the remembered cookie. */
export async function useLanguage(page: Page, lang: 'zh' | 'en') {
  const url = new URL(page.url().startsWith('http') ? page.url() : test.info().project.use.baseURL!);
  await page.context().addCookies([{ name: 'i18n_pref_locale', value: lang, url: url.origin }]);
  if (!page.url().startsWith('http')) return; // the caller's next goto picks it up
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', new RegExp(`^${lang}`));
}

/** Flips the language with the header switch and waits until the choice is stored. */
export async function switchLanguage(page: Page, to: 'zh' | 'en') {
  await page.locator('.lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', new RegExp(`^${to}`));
  await expect.poll(() => page.evaluate(() => document.cookie)).toContain(`i18n_pref_locale=${to}`);
}

export { expect };

/** Picks a product's variant as a buyer does: size and colour selects for clothes and shoes,
 *  the variant's chip otherwise (labels in English). */
export async function chooseVariant(page: Page, variant: any) {
  if (!variant.size && !variant.colour) {
    await page.getByRole('radio', { name: variant.label.en }).tap();
    return;
  }
  // A product of one colour has no colour select: wait for the selects before counting.
  await expect(page.getByRole('combobox', { name: /^(Size|Colour)/ }).first()).toBeVisible();
  const colour = page.getByRole('combobox', { name: /^Colour/ });
  if (variant.colour && await colour.count()) await colour.selectOption(variant.colour.en);
  if (variant.size) await page.getByRole('combobox', { name: /^Size/ }).selectOption(variant.size.en);
}
