import { expect, Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sample data the server was seeded from: tests pick their listings from it. */
export function data<T = any>(name: string): T[] {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'public', 'data', `${name}.json`), 'utf8'));
}

/** Fails the test on any console error or uncaught exception in the page. */
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

export { expect, test };
