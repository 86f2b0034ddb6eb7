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

test('booking on a static host ends with the request written out for the host', async ({ page }) => {
  const school = data('schools')[3];
  await useLanguage(page, 'en');
  await page.goto(`/schools/${school.slug}/book`);
  await page.getByLabel('Persons').fill('2');
  await page.locator('.sessions-pick .day:not([disabled])').first().tap();
  await page.getByLabel('Name', { exact: true }).fill('Lin Test');
  await page.getByLabel('Phone', { exact: true }).fill('139 0000 0456');
  await page.getByLabel('I accept the cancellation policy').check();
  await page.getByRole('button', { name: 'Write out my request' }).tap();
  const request = page.getByLabel('Your request');
  await expect(request).toHaveValue(new RegExp(school.name.en));
  await expect(request).toHaveValue(/Lin Test/);
  await expect(page.getByRole('link', { name: /Call/ }).last()).toHaveAttribute('href', `tel:${school.contact.phone.replace(/-/g, '')}`);
});
