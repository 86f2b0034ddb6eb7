// Phone flows: the tab bar, filters, detail pages, hearts, and data that fails to load.
import { data, expect, test, useLanguage } from './helpers';

const schools = data('schools');
const lodgings = data('lodgings');
const products = data('products');

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await useLanguage(page, 'en');
});

test('the tab bar reaches each section', async ({ page }) => {
  const tabs = page.getByRole('navigation', { name: 'Sections' }).last();
  const expected: [string, RegExp, string][] = [
    ['Schools', /\/schools$/, 'Tai chi schools and family halls'],
    ['Stay', /\/stay$/, 'Family lodgings'],
    ['Shop', /\/shop$/, 'Local products'],
    ['Visit', /\/visit$/, 'Visit Chenjiagou'],
    ['Donate', /\/donate$/, 'Support village projects'],
    ['Home', /\/$/, 'Chenjiagou, where tai chi was born'],
  ];
  for (const [tab, url, heading] of expected) {
    await tabs.getByRole('link', { name: tab }).tap();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(tabs.getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
  }
});

test('school filters narrow the list, and clearing them brings everything back', async ({ page }) => {
  await page.goto('/schools');
  const cards = page.locator('.card');
  await expect(cards).toHaveCount(schools.length);
  const english = schools.filter((s: any) => s.english_instruction).length;
  await page.getByLabel('Taught in English').check();
  await expect(cards).toHaveCount(english);
  await expect(page).toHaveURL(/en=1/);
  // Every card left is an English-taught school.
  for (const card of await cards.all()) await expect(card.getByText('English', { exact: true })).toBeVisible();
  // A filter combination nothing satisfies: ask for a month-long course at the lowest price.
  await page.getByRole('button', { name: 'A month or more' }).click();
  await page.getByLabel('Price per day').selectOption('150');
  await page.getByLabel('Board and lodging included').check();
  const left = await cards.count();
  if (left === 0) {
    await expect(page.getByText('Nothing matches these filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
  } else {
    await page.goto('/schools?length=taster&max=150&board=1&en=1');
    await expect(page.getByText('Nothing matches these filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
  }
  await expect(cards).toHaveCount(schools.length);
  await expect(page).toHaveURL(/\/schools$/);
});

test('sorting schools by price puts the cheapest per day first', async ({ page }) => {
  await page.goto('/schools');
  await page.getByLabel('Sort').selectOption('price_low');
  await expect(page).toHaveURL(/sort=price_low/);
  await expect(page.locator('.card')).toHaveCount(schools.length);
  // Cheapest per day first among the schools open for booking, then the full ones (another
  // test may have filled one), cheapest first among those too.
  const rows = await page.locator('.card').evaluateAll((cards) => cards.map((c) => ({
    yuan: Number(c.querySelector('.price')!.textContent!.match(/¥([\d,]+(?:\.\d+)?)/)![1].replace(/,/g, '')),
    full: !!c.querySelector('.card-availability.full'),
  })));
  expect(rows.length).toBe(schools.length);
  const open = rows.filter((r) => !r.full).map((r) => r.yuan);
  const full = rows.filter((r) => r.full).map((r) => r.yuan);
  expect(rows.map((r) => r.yuan)).toEqual([...open, ...full]);
  expect([...open].sort((a, b) => a - b)).toEqual(open);
  expect([...full].sort((a, b) => a - b)).toEqual(full);
});

test('lodging filters narrow by guests and walking distance', async ({ page }) => {
  await page.goto('/stay');
  const cards = page.locator('.card');
  await expect(cards).toHaveCount(lodgings.length);
  const roomy = lodgings.filter((l: any) => l.rooms.some((r: any) => r.max_guests >= 5));
  await page.getByLabel('Guests').selectOption('5');
  await expect(cards).toHaveCount(roomy.length);
  const near = roomy.filter((l: any) => l.location.walk_minutes <= 5);
  await page.getByLabel('Walk to training grounds').selectOption('5');
  await expect(cards).toHaveCount(near.length);
});

test('shop categories narrow the products', async ({ page }) => {
  await page.goto('/shop');
  await expect(page.locator('.card')).toHaveCount(products.length);
  await page.getByRole('button', { name: 'Snacks' }).click();
  await expect(page.locator('.card')).toHaveCount(products.filter((p: any) => p.category === 'snacks').length);
  await expect(page).toHaveURL(/cat=snacks/);
});

test('a school page shows its programmes with prices and start dates', async ({ page }) => {
  const school = schools[0];
  await page.goto(`/schools/${school.slug}`);
  const programmes = page.locator('.programme');
  await expect(programmes).toHaveCount(school.programs.length);
  await expect(programmes.first().getByRole('heading', { level: 3 })).toHaveText(school.programs[0].name.en);
  // Counts read as English: "1 day", "7 days".
  for (const [i, p] of school.programs.entries()) {
    await expect(programmes.nth(i)).toContainText(p.days === 1 ? /\b1 day\b(?!s)/ : new RegExp(`\\b${p.days} days\\b`));
  }
  await expect(page.getByRole('link', { name: /Call/ })).toHaveAttribute('href', `tel:${school.contact.phone.replace(/-/g, '')}`);
  await expect(page.getByRole('heading', { name: 'Whom your money supports' })).toBeVisible();
});

test('a lodging page lists its rooms with nightly prices', async ({ page }) => {
  const lodging = lodgings[0];
  await page.goto(`/stay/${lodging.slug}`);
  await expect(page.locator('.room')).toHaveCount(lodging.rooms.length);
  await expect(page.locator('.room').first()).toContainText(lodging.rooms[0].name.en);
});

test('a product page offers its variants and shows the traced batch', async ({ page }) => {
  const product = products.find((p: any) => p.batch && p.variants.length > 1);
  await page.goto(`/shop/${product.slug}`);
  await expect(page.getByRole('radio')).toHaveCount(product.variants.length);
  await page.getByRole('radio').nth(1).tap();
  await expect(page.getByRole('radio').nth(1)).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('heading', { name: 'Traced from planting to packaging' })).toBeVisible();
  await expect(page.locator('.timeline li')).toHaveCount(6);
});

test('a heart survives a reload and shows up in Saved', async ({ page }) => {
  const lodging = lodgings[2];
  await page.goto(`/stay/${lodging.slug}`);
  await page.getByRole('button', { name: 'Save', exact: true }).tap();
  await expect(page.getByRole('button', { name: 'Remove from saved' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Remove from saved' })).toBeVisible();
  await page.goto('/saved');
  await expect(page.locator('.card')).toHaveCount(1);
  await expect(page.locator('.card h3')).toHaveText(lodging.name.en);
});

test('data that fails to load shows an error with a retry that works', async ({ page }) => {
  await page.route('**/api/v1/schools', (route) => route.abort('internetdisconnected'));
  await page.goto('/schools');
  await expect(page.getByRole('alert')).toContainText('No connection');
  await page.unroute('**/api/v1/schools');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('.card')).toHaveCount(schools.length);
});

test('the village map shows a card for a tapped pin', async ({ page }) => {
  await page.goto('/visit');
  const attraction = data('attractions')[0];
  await page.getByRole('button', { name: attraction.name.en }).first().click();
  await expect(page.locator('.map-card')).toContainText(attraction.name.en);
  await expect(page.locator('.map-card').getByRole('link', { name: 'Open in Amap' })).toHaveAttribute('href', /uri\.amap\.com/);
});

test('a data file that cannot be read shows an error, not a blank page', async ({ page }) => {
  await page.route('**/api/v1/lodgings', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"not": "a list"' }));
  await page.goto('/stay');
  await expect(page.getByRole('alert')).toContainText('This could not be loaded');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Family lodgings');
});

test('a traced batch has its own public page with every stage', async ({ page }) => {
  const batch = data('batches')[0];
  await page.goto(`/trace/${batch.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(batch.name.en);
  await expect(page.locator('.timeline li')).toHaveCount(batch.stages.length);
  await expect(page.locator('.timeline li').first()).toContainText('Planting');
  await page.getByRole('link', { name: 'See the product' }).tap();
  await expect(page).toHaveURL(new RegExp(`/shop/${batch.product}$`));
});
