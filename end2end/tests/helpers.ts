import { expect, Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** The sample data the server was seeded from: tests pick their listings from it. */
export function data<T = any>(name: string): T[] {
  return JSON.parse(readFileSync(new URL(`../../public/data/${name}.json`, import.meta.url), 'utf8'));
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

/** Sets the UI language through the switch in the header, whatever it is now. */
export async function useLanguage(page: Page, lang: 'zh' | 'en') {
  const html = page.locator('html');
  if ((await html.getAttribute('lang'))?.startsWith(lang)) return;
  await page.locator('.lang-switch').click();
  await expect(html).toHaveAttribute('lang', new RegExp(`^${lang}`));
}

export { expect, test };
