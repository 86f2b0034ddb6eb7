// The same build on a static host: listings from data/*.json, giving by bank transfer.
import { data, expect, test, useLanguage, watchConsole } from './helpers';

test('listings load from the static JSON files', async ({ page }) => {
  const errors = watchConsole(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto('/schools');
  await useLanguage(page, 'en');
  await expect(page.locator('.card')).toHaveCount(data('schools').length);
  expect(requests).toContain('/data/schools.json');
  expect(requests.some((p) => p.startsWith('/api/'))).toBe(false);
  expect(errors).toEqual([]);
});

test('giving shows the project account for a bank transfer', async ({ page }) => {
  const project = data('projects')[0];
  await page.goto(`/donate/${project.slug}`);
  await useLanguage(page, 'en');
  await page.getByRole('button', { name: 'Give' }).tap();
  const transfer = page.getByRole('region', { name: 'Give by bank transfer' });
  await expect(transfer).toContainText(project.transfer.account_number);
  await expect(transfer).toContainText(project.transfer.account_name.en);
});
