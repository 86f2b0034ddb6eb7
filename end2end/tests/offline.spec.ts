// Tickets and pages already visited open with no network, through the service worker.
import { Page } from '@playwright/test';
import { data, expect, test, useLanguage } from './helpers';

test.use({ serviceWorkers: 'allow' });

/** In English, once the service worker controls the page: pledges anonymously to `project`
 *  and waits for the ticket page. */
async function pledgeUnderServiceWorker(page: Page, project: any) {
  await useLanguage(page, 'en');
  await page.goto('/');
  // Wait until the service worker controls the page, then load once more through it.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.goto(`/donate/${project.slug}`);
  await page.getByRole('button', { name: 'Give' }).tap();
  await page.getByLabel('Give anonymously').check();
  await page.getByRole('button', { name: 'Pledge and see how to pay' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-/);
}

test('a confirmation stays visible in My trips after a reload and with the phone offline', async ({ page, context }) => {
  const project = data('projects')[2];
  await pledgeUnderServiceWorker(page, project);
  const ticketUrl = page.url();
  await page.goto('/trips');
  await page.reload();
  await expect(page.locator('.tickets li')).toHaveCount(1);

  await context.setOffline(true);
  await page.goto('/trips');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My trips');
  await expect(page.locator('.tickets li')).toContainText(project.name.en);
  await page.goto(ticketUrl);
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expect(page.locator('.transfer')).toContainText(project.transfer.account_number);
  await context.setOffline(false);
});

test('My trips opens offline after a booking even if it was never opened online', async ({ page, context }) => {
  const project = data('projects')[1];
  await pledgeUnderServiceWorker(page, project);
  // My trips' code (one module with the ticket page) must be in the service worker's cache,
  // with every other module the page fetched; the app also fetches it in the background once a
  // ticket is kept.
  await expect.poll(() => page.evaluate(async () => {
    const fetched = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.includes('/pkg-'));
    const cache = await caches.open('cjg-v1');
    const kept = await Promise.all(fetched.map(async (u) => !!(await cache.match(u))));
    return fetched.some((u) => /split___trips_routes_view/.test(u)) && kept.every(Boolean);
  }), { timeout: 20_000 }).toBe(true);

  await context.setOffline(true);
  await page.goto('/trips');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My trips');
  await expect(page.locator('.tickets li')).toContainText(project.name.en);
  await context.setOffline(false);
});
