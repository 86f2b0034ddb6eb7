// Operators and public trust: a host confirms a booking and the visitor sees it; village
// finance confirms a pledge and the browser verifies the ledger; tampering is caught.
import * as path from 'path';
import { Page } from '@playwright/test';
import { data, expect, liveSchools, test, useLanguage } from './helpers';

const password = process.env.E2E_OPS_PASSWORD!;
let hostSchool: any;

test.beforeAll(async ({ playwright }, info) => {
  hostSchool = (await liveSchools(playwright, info.project.use.baseURL!)).find((s: any) => s.slug === process.env.E2E_HOST_SCHOOL);
});

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'en');
});

async function logIn(page: Page, username: string) {
  await page.goto('/ops');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).tap();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}

/** Taps a screen in the dashboard's own bar. */
async function openSection(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Dashboard sections' }).getByRole('link', { name }).tap();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

/** A session of the host's school with places left, after today. */
function openSession() {
  const today = new Date().toISOString().slice(0, 10);
  const bookable = (s: any) => s.start > today && s.capacity > (s.booked || 0);
  const program = hostSchool.programs.find((p: any) => p.sessions.some(bookable));
  return { program, session: program.sessions.find(bookable) };
}

test('a wrong password is refused without saying which part was wrong', async ({ page }) => {
  await page.goto('/ops');
  await page.getByLabel('Username').fill('e2e.host');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).tap();
  await expect(page.getByText('Wrong username or password.')).toBeVisible();
});

test('a host confirms a booking and the visitor sees it confirmed in My trips', async ({ page, browser }) => {
  const today = new Date().toISOString().slice(0, 10);
  const program = hostSchool.programs.find((p: any) => p.sessions.some((s: any) => s.start > today && s.capacity > (s.booked || 0)));
  const session = program.sessions.find((s: any) => s.start > today && s.capacity > (s.booked || 0));
  // The visitor books on their phone.
  await page.goto(`/schools/${hostSchool.slug}/book?program=${program.id}`);
  await page.locator('.sessions-pick .day').nth(program.sessions.indexOf(session)).tap();
  await page.getByLabel('Name', { exact: true }).fill('Visitor Wang');
  await page.getByLabel('Phone', { exact: true }).fill('139 0000 0777');
  await page.getByLabel('I accept the cancellation policy').check();
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  const reference = page.url().match(/CJG-[A-Z0-9-]+/)![0];
  await expect(page.locator('.badge.status')).toHaveText('Requested');

  // The host, on another phone, sees the new request and confirms it.
  const hostContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: test.info().project.use.baseURL });
  const host = await hostContext.newPage();
  await useLanguage(host, 'en');
  await logIn(host, 'e2e.host');
  await openSection(host, 'Bookings');
  const item = host.locator(`.ops-item[data-reference="${reference}"]`);
  await expect(item).toContainText('Visitor Wang');
  await item.getByRole('button', { name: 'Confirm' }).tap();
  await expect(item.locator('.badge.status')).toHaveText('Confirmed');
  await hostContext.close();

  await page.goto('/trips');
  await page.goto(`/trips/${reference}`);
  await expect(page.locator('.badge.status')).toHaveText('Confirmed');
});

test('finance confirms a pledge, and the public ledger verifies in the browser', async ({ page, request }) => {
  const project = data('projects')[0];
  const res = await request.post('/api/v1/donations', {
    headers: { 'Idempotency-Key': `e2e-ledger-${Date.now()}` },
    data: { project: project.slug, amount: 50000, display_name: 'E2E donor' },
  });
  expect(res.status()).toBe(201);
  const pledge = await res.json();
  await logIn(page, 'e2e.finance');
  await page.getByLabel('Pledge reference (from the transfer note)').fill(pledge.reference);
  await page.getByRole('button', { name: 'Confirm received' }).tap();
  await expect(page.getByText('Confirmed and written to the public ledger.')).toBeVisible();

  await page.goto('/ledger');
  await expect(page.getByRole('status').filter({ hasText: 'The ledger verifies' })).toBeVisible();
  // Other tests confirm pledges at the same time: find this one's entry, not the newest, and
  // not one of the seeded history's (public/data/ledger.json) of the same amount.
  const history = data('ledger').length;
  const entries = page.locator('.entries li').filter({ hasText: '¥500' }).filter({ hasText: project.name.en });
  await expect.poll(async () => (await entries.locator('.badge').allTextContents())
    .some((seq) => Number(seq.replace('#', '')) > history)).toBe(true);
  await expect(page.getByRole('img', { name: 'QR code of the head hash' })).toBeVisible();
});

test('a ledger changed on the way is caught by the browser', async ({ page, request }) => {
  // Make sure there is an entry: a pledge confirmed by finance through the API.
  const origin = test.info().project.use.baseURL!;
  const pledge = await (await request.post('/api/v1/donations', {
    headers: { 'Idempotency-Key': `e2e-tamper-${Date.now()}` },
    data: { project: data('projects')[1].slug, amount: 20000, anonymous: true },
  })).json();
  expect((await request.post('/api/v1/ops/login', { headers: { Origin: origin }, data: { username: 'e2e.finance', password } })).status()).toBe(200);
  const confirmed = await request.post(`/api/v1/ops/pledges/${pledge.reference}/confirm`, {
    headers: { Origin: origin },
    data: { channel: 'bank transfer', date: new Date().toISOString().slice(0, 10), note: '' },
  });
  expect(confirmed.ok()).toBe(true);
  await page.route('**/api/v1/ledger', async (route) => {
    const body = await (await route.fetch()).json();
    body.entries[0].amount += 100; // one yuan more, hash left as it was
    await route.fulfill({ json: body });
  });
  await page.goto('/ledger');
  await expect(page.getByRole('alert')).toContainText('does NOT verify');
  await expect(page.getByRole('alert')).toContainText('#1');
});

function daysAhead(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('a host schedules a weekly series on a phone and a visitor books its third date', async ({ page, browser, request }) => {
  const program = hostSchool.programs[hostSchool.programs.length - 1];
  const hostContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: test.info().project.use.baseURL });
  const host = await hostContext.newPage();
  await useLanguage(host, 'en');
  await logIn(host, 'e2e.host');
  await openSection(host, 'My listings');
  await host.locator('details.ops-item summary').first().tap();
  const calendar = host.locator('section.ops-calendar').filter({ has: host.getByRole('heading', { name: program.name.en }) }).locator('form.ops-schedule');
  await calendar.getByLabel('First date').fill(daysAhead(10));
  await calendar.getByLabel('Repeat').selectOption('7');
  await calendar.getByLabel('How many dates').fill('4');
  await calendar.getByLabel('Places per date').fill('5');
  await calendar.getByRole('button', { name: 'Add dates' }).tap();
  await expect(calendar.getByRole('status')).toContainText('4 dates added');
  await hostContext.close();

  // The visitor, on their phone, books the third of the new dates.
  const res = await request.get(`/api/v1/schools/${hostSchool.slug}/programs/${program.id}/sessions?party=1`);
  const sessions = (await res.json()).sessions;
  const third = sessions.findIndex((s: any) => s.start === daysAhead(24) && s.capacity === 5);
  expect(third).toBeGreaterThanOrEqual(0);
  await page.goto(`/schools/${hostSchool.slug}/book?program=${program.id}`);
  await page.locator('.sessions-pick .day').nth(third).tap();
  await page.getByLabel('Name', { exact: true }).fill('Visitor Zhao');
  await page.getByLabel('Phone', { exact: true }).fill('139 0000 0778');
  await page.getByLabel('I accept the cancellation policy').check();
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  const after = await request.get(`/api/v1/schools/${hostSchool.slug}/programs/${program.id}/sessions?party=1`);
  const booked = (await after.json()).sessions.find((s: any) => s.id === sessions[third].id);
  expect(booked.booked).toBe(1);
});

test('a seller records a batch stage and prints the QR label that opens the trace page', async ({ page, request }) => {
  const product = data('products').find((p: any) => p.slug === process.env.E2E_SELLER_PRODUCT);
  await logIn(page, 'e2e.seller');
  await openSection(page, 'My listings');
  await page.locator('details.ops-item summary').first().tap();
  await page.getByLabel('Stage').selectOption({ label: 'Inspection' });
  await page.getByLabel('Place').fill('Wen County inspection station');
  await page.getByLabel('Who').fill('E2E inspector');
  await page.getByLabel('Note', { exact: true }).fill('Second sample, all clear');
  await page.getByRole('button', { name: 'Record this stage' }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Trace QR label for the package' })).toBeVisible();
  await expect(page.locator('.qr-label')).toContainText(`/trace/${product.batch}`);
  const batch = await (await request.get(`/api/v1/batches/${product.batch}`)).json();
  expect(batch.stages.at(-1).note.en).toBe('Second sample, all clear');
  await page.goto(`/trace/${product.batch}`);
  await expect(page.locator('.timeline li').last()).toContainText('Second sample, all clear');
});

test('a seller adds a kind of their product on a phone and a visitor buys it', async ({ page, browser, request }) => {
  const product = data('products').find((p: any) => p.slug === process.env.E2E_SELLER_PRODUCT);
  const n = Date.now() % 100000;
  const kind = { zh: `尝鲜装 ${n}`, en: `Taster pack ${n}` };
  await logIn(page, 'e2e.seller');
  await openSection(page, 'My listings');
  await page.locator('details.ops-item summary').first().tap();
  const form = page.locator('details.ops-new', { hasText: 'Add a size, colour or kind' });
  await form.locator('summary').tap();
  // Bad input is told beside its field and sends nothing.
  await form.getByLabel('Kind (English)').fill(kind.en);
  await form.getByRole('button', { name: 'Add', exact: true }).tap();
  await expect(form.locator('.form-field.invalid')).not.toHaveCount(0);
  await form.getByLabel('Kind (Chinese)').fill(kind.zh);
  await form.getByLabel('Price (¥)').fill('38.5');
  await form.getByLabel('Stock').fill('6');
  await form.getByRole('button', { name: 'Add', exact: true }).tap();
  await expect(form.getByRole('status')).toContainText(`Added: ${kind.en}`);
  await expect(page.locator('.ops-variant', { hasText: kind.en })).toBeVisible();

  // A visitor on another phone finds it and buys two.
  const visitor = await browser.newPage();
  await useLanguage(visitor, 'en');
  await visitor.goto(`/shop/${product.slug}`);
  await visitor.getByRole('radio', { name: kind.en }).tap();
  await expect(visitor.locator('.variant-price')).toContainText('¥38.50');
  await visitor.getByRole('button', { name: 'Add to cart' }).tap();
  await visitor.getByRole('link', { name: 'Cart', exact: true }).tap();
  await visitor.locator('.cart-line').getByRole('button', { name: 'More' }).tap();
  await visitor.getByLabel('Name', { exact: true }).fill('Buyer Zhao');
  await visitor.getByLabel('Phone', { exact: true }).fill('139 0000 0999');
  await visitor.getByRole('button', { name: 'Place order' }).tap();
  await expect(visitor).toHaveURL(/\/trips\/CJG-/);
  await expect(visitor.locator('table.budget')).toContainText(kind.en);
  const live = await (await request.get(`/api/v1/products/${product.slug}`)).json();
  expect(live.variants.find((v: any) => v.label.en === kind.en).stock).toBe(4);
  // The seller takes it off sale (the first tap only asks); buyers no longer see it.
  const row = page.locator('.ops-variant', { hasText: kind.en });
  await row.getByRole('button', { name: 'Stop selling' }).tap();
  await row.getByRole('button', { name: 'Yes, stop selling' }).tap();
  await expect(row).toHaveCount(0);
  await visitor.goto(`/shop/${product.slug}`);
  await expect(visitor.getByRole('radio').first()).toBeVisible();
  await expect(visitor.getByRole('radio', { name: kind.en })).toHaveCount(0);
  await visitor.close();
});

test('a host adds a room on a phone and a visitor books it at its price', async ({ page, browser }) => {
  const lodging = data('lodgings').find((l: any) => l.slug === process.env.E2E_HOST_LODGING);
  const n = Date.now() % 100000;
  const name = { zh: `阁楼房 ${n}`, en: `Loft room ${n}` };
  await logIn(page, 'e2e.host');
  await openSection(page, 'My listings');
  const editor = page.locator('details.ops-item').filter({ hasText: lodging.name.en });
  await editor.locator(':scope > summary').tap();
  const form = editor.locator('details.ops-new', { hasText: 'Add a room' });
  await form.locator('summary').tap();
  await form.getByLabel('Name (Chinese)').fill(name.zh);
  await form.getByLabel('Name (English)').fill(name.en);
  // No beds, no guests: told beside the fields, nothing sent.
  await form.getByRole('button', { name: 'Add room' }).tap();
  await expect(form.locator('.form-field.invalid')).not.toHaveCount(0);
  await form.getByLabel('Beds (Chinese)').fill('一张 1.5 米床');
  await form.getByLabel('Beds (English)').fill('1 bed (1.5 m)');
  await form.getByLabel('Guests in the price').fill('2');
  await form.getByLabel('Most guests').fill('3');
  await form.getByLabel('Price per night (¥)').fill('150');
  await form.getByLabel('Each extra guest, per night (¥)').fill('30');
  await form.getByRole('button', { name: 'Add room' }).tap();
  await expect(form.getByRole('status')).toContainText(name.en);
  await expect(editor.locator('details.ops-room summary', { hasText: name.en })).toBeVisible();

  // A visitor books it for two nights, three guests: 2 × (150 + 30).
  const visitor = await browser.newPage();
  await useLanguage(visitor, 'en');
  const day = (k: number) => new Date(Date.now() + k * 86400_000).toISOString().slice(0, 10);
  await visitor.goto(`/stay/${lodging.slug}/book`);
  await visitor.getByLabel('Check-in').fill(day(30));
  await visitor.getByLabel('Check-out').fill(day(32));
  await visitor.getByLabel('Guests').fill('3');
  const option = visitor.locator('.room-option').filter({ hasText: name.en });
  await expect(option).toContainText('¥360');
  await option.tap();
  await visitor.getByLabel('Name', { exact: true }).fill('Guest Sun');
  await visitor.getByLabel('Phone', { exact: true }).fill('139 0000 0555');
  await visitor.getByLabel('I accept the cancellation policy').check();
  await visitor.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(visitor).toHaveURL(/\/trips\/CJG-/);
  await expect(visitor.getByRole('heading', { level: 1 })).toContainText(name.en);
  await visitor.close();
});

test('a host adds photos from the file picker, makes one the cover, and visitors see it, without the page moving, and in the shared link', async ({ page, browser, request }) => {
  const lodging = data('lodgings').find((l: any) => l.slug === process.env.E2E_HOST_LODGING);
  expect(lodging.photos ?? []).toHaveLength(0);
  // Two photos from the phone's gallery: copies of the sample ones, so new bytes to the server.
  const sample = data('lodgings').concat(data('schools')).flatMap((l: any) => l.photos ?? []);
  const file = (photo: any, width: number) => path.join(__dirname, `../../public/media/${photo.id}-${width}.jpg`);
  await logIn(page, 'e2e.host');
  await openSection(page, 'My listings');
  const editor = page.locator('details.ops-item').filter({ hasText: lodging.name.en });
  await editor.locator(':scope > summary').tap();
  // The lodging's own photos come first; each room has its own below.
  const photos = editor.locator('section.ops-photos-editor').first();
  const gallery = photos.locator('label', { hasText: 'Choose from gallery' }).locator('input[type=file]');
  await expect(photos.locator('label', { hasText: 'Take a photo' }).locator('input')).toHaveAttribute('capture', 'environment');
  await gallery.setInputFiles([file(sample[0], 1280), file(sample[1], 640)]);
  const rows = photos.locator('.ops-photo');
  await expect(rows).toHaveCount(2);
  await expect(photos.getByRole('status')).toContainText('Photo added');
  // The second becomes the cover, described in both languages.
  const second = rows.nth(1);
  await second.getByLabel('Description (Chinese)').fill('院子里的客房');
  await second.getByLabel('Description (English)').fill('The guest room off the courtyard');
  await second.getByRole('button', { name: 'Make cover' }).tap();
  await expect(rows.first().getByLabel('Description (English)')).toHaveValue('The guest room off the courtyard');
  await expect(rows.first().locator('.badge')).toHaveText('Cover');
  const cover = (await rows.first().locator('img').getAttribute('src'))!.match(/[0-9a-f]{32}/)![0];

  // A visitor on a fresh phone: the list card and the page show that photo, in WebP at the
  // width the screen needs, and nothing moves when it arrives.
  const visitor = await browser.newPage();
  await useLanguage(visitor, 'en');
  await visitor.addInitScript(() => {
    (window as any).__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await visitor.goto('/stay');
  const card = visitor.locator('article.card').filter({ hasText: lodging.name.en });
  await expect(card.locator('picture source[type="image/webp"]')).toHaveAttribute('srcset', new RegExp(`/media/${cover}-320\\.webp 320w`));
  await card.locator('a.card-link').tap();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(lodging.name.en);
  const hero = visitor.locator('.hero-photos img').first();
  await expect(hero).toHaveAttribute('alt', 'The guest room off the courtyard');
  await expect(hero).toHaveAttribute('width', /\d+/);
  await expect.poll(() => hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  expect(await hero.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(new RegExp(`/media/${cover}-\\d+\\.webp$`));
  await expect(visitor.locator('.hero-photos img')).toHaveCount(2);
  await expect(visitor.locator('.hero-photos img').nth(1)).toHaveAttribute('loading', 'lazy');
  await visitor.waitForTimeout(300);
  expect(await visitor.evaluate(() => (window as any).__cls)).toBeLessThanOrEqual(0.05);
  await visitor.close();

  // The link shared in a chat: its HTML, read with no script, previews that photo.
  const shared = await (await request.get(`/stay/${lodging.slug}`, { headers: { 'Accept-Language': 'en' } })).text();
  expect(shared).toContain(`<meta property="og:title" content="${lodging.name.en} · 陈家沟 Chenjiagou">`);
  expect(shared).toMatch(new RegExp(`<meta property="og:image" content="http://[^"]+/media/${cover}-\\d+\\.jpg">`));
});

test('the village admin makes an account for a lodging, and its new host logs in and confirms a booking there', async ({ page, browser, request }) => {
  const lodging = data('lodgings')[1];
  const n = Date.now() % 100000;
  const username = `e2e.family${n}`;
  await logIn(page, 'e2e.admin');
  await openSection(page, 'Accounts');
  await expect(page.locator('.ops-account', { hasText: 'e2e.host' })).toBeVisible();
  await page.locator('details.ops-new summary', { hasText: 'Add an account' }).tap();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Name shown').fill(`Family ${n}`);
  await page.getByLabel('Role').selectOption({ label: 'host' });
  await page.getByRole('checkbox', { name: lodging.name.en }).check();
  await page.getByRole('button', { name: 'Create account' }).tap();
  const once = page.locator('.one-time');
  await expect(once).toContainText(username);
  const password = (await once.locator('.big').textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(16);
  await expect(page.locator('.ops-account', { hasText: username })).toContainText(`lodgings/${lodging.slug}`);

  const day = (k: number) => new Date(Date.now() + k * 86400_000).toISOString().slice(0, 10);
  const res = await request.post('/api/v1/bookings', {
    headers: { 'Idempotency-Key': `e2e-admin-${n}-${Math.random()}` },
    data: { kind: 'lodging', lodging: lodging.slug, room: lodging.rooms[0].id, check_in: day(40), check_out: day(41),
            guests: 1, contact: { name: 'Guest Qian', phone: '139 0000 0444' } },
  });
  expect(res.status()).toBe(201);
  const reference: string = (await res.json()).reference;

  // The family, on their own phone, logs in with the password they were given.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: test.info().project.use.baseURL });
  const host = await phone.newPage();
  await useLanguage(host, 'en');
  await host.goto('/ops');
  await host.getByLabel('Username').fill(username);
  await host.getByLabel('Password').fill(password);
  await host.getByRole('button', { name: 'Log in' }).tap();
  await expect(host.getByRole('button', { name: 'Log out' })).toBeVisible();
  await openSection(host, 'Bookings');
  const item = host.locator(`.ops-item[data-reference="${reference}"]`);
  await expect(item).toContainText('Guest Qian');
  await item.getByRole('button', { name: 'Confirm' }).tap();
  await expect(item.locator('.badge.status')).toHaveText('Confirmed');
  await phone.close();
});

test('a host adds a programme, changes its price and retires it, and visitors see each step', async ({ page, request }) => {
  const n = Date.now() % 100000;
  const name = { zh: `晚间推手 ${n}`, en: `Evening push hands ${n}` };
  const live = async () => ((await (await request.get(`/api/v1/schools/${hostSchool.slug}`)).json()).programs as any[])
    .find((p: any) => p.name.en === name.en);
  const openEditor = async () => {
    await openSection(page, 'My listings');
    await page.locator('details.ops-item').filter({ hasText: hostSchool.name.en }).locator(':scope > summary').tap();
  };
  await logIn(page, 'e2e.host');
  await openEditor();
  const add = page.locator('details.ops-new', { hasText: 'Add a programme' });
  await add.locator('summary').tap();
  await add.getByLabel('Name (Chinese)').fill(name.zh);
  await add.getByLabel('Name (English)').fill(name.en);
  await add.getByLabel('Description (Chinese)').fill('三个晚上的推手入门。');
  await add.getByLabel('Description (English)').fill('Three evenings of push hands for beginners.');
  await add.getByLabel('Days').fill('3');
  await add.getByLabel('Price per person (yuan)').fill('300');
  await add.getByRole('button', { name: 'Create programme' }).tap();
  await expect(add.getByRole('status')).toContainText(name.en);
  expect((await live()).price_per_person).toBe(30000);

  await page.reload();
  await openEditor();
  const calendar = page.locator('.ops-calendar').filter({ has: page.getByRole('heading', { name: name.en }) });
  const change = calendar.locator('details.ops-new', { hasText: 'Change or retire this programme' });
  await change.locator('summary').tap();
  await expect(change.getByLabel('Name (English)')).toHaveValue(name.en);
  await change.getByLabel('Price per person (yuan)').fill('320');
  await change.getByRole('button', { name: 'Save', exact: true }).tap();
  await expect(change.getByRole('status')).toContainText('Saved');
  expect((await live()).price_per_person).toBe(32000);

  await change.getByRole('button', { name: 'Retire this programme' }).tap();
  await change.getByRole('button', { name: 'Yes, retire it' }).tap();
  await expect(change.getByRole('status').filter({ hasText: 'Retired' })).toBeVisible();
  expect(await live()).toBeUndefined();
});

test('a host edits the listing text in both languages and visitors see it', async ({ page }) => {
  await logIn(page, 'e2e.host');
  await openSection(page, 'My listings');
  // The school's editor: the host keeps a lodging too.
  const editor = page.locator('details.ops-item').filter({ hasText: hostSchool.name.en });
  await editor.locator(':scope > summary').tap();
  await editor.getByLabel('Summary (English)').fill('Small classes by the East Ditch, now with evening push hands.');
  await editor.getByLabel('Summary (Chinese)').fill('东沟边的小班教学，新增晚间推手课。');
  await editor.getByRole('button', { name: 'Save text' }).tap();
  await expect(editor.getByRole('status').filter({ hasText: 'Saved' }).first()).toBeVisible();
  await page.goto(`/schools/${hostSchool.slug}`);
  await expect(page.locator('.lead')).toHaveText('Small classes by the East Ditch, now with evening push hands.');
  await useLanguage(page, 'zh');
  await expect(page.locator('.lead')).toHaveText('东沟边的小班教学，新增晚间推手课。');
});

test('a host on a phone sees the requests waiting, finds a booking by its reference and confirms it, all in Chinese', async ({ page, request }) => {
  const { session } = openSession();
  const res = await request.post('/api/v1/bookings', {
    headers: { 'Idempotency-Key': `e2e-desk-${Date.now()}-${Math.random()}` },
    data: { kind: 'school', school: hostSchool.slug, session: session.id, party: 1,
            contact: { name: '访客周', phone: '139 0000 0888' }, note: '' },
  });
  expect(res.status()).toBe(201);
  const reference: string = (await res.json()).reference;

  await useLanguage(page, 'zh');
  await page.goto('/ops');
  await page.getByLabel('用户名').fill('e2e.host');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).tap();
  // At the top: how many requests wait for an answer (other tests book too: at least this one).
  const waiting = page.locator('.waiting');
  await expect(waiting).toContainText('个新请求等你确认');
  expect(Number(await waiting.locator('.count').textContent())).toBeGreaterThanOrEqual(1);
  // Its own bar, not the visitor's tabs; every label in Chinese.
  await expect(page.locator('.tabbar')).toBeHidden();
  const bar = page.getByRole('navigation', { name: '后台栏目' });
  await expect(bar.getByRole('link')).toHaveText(['今天', '预订', '我的房源与商品']);
  await expect(page.locator('.ops-who')).toContainText('房东 / 武馆');
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  for (const text of await page.locator('h1, h2, h3, .desk-bar, .waiting, .desk-search, .legend, .today .muted').allInnerTexts()) {
    expect(text, 'no English word on a Chinese screen').not.toMatch(/[A-Za-z]{2,}/);
  }

  // The visitor reads out the reference: the host types it as heard.
  await page.getByRole('searchbox', { name: '预订号、姓名或电话' }).fill(reference.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: '搜索' }).tap();
  await expect(page).toHaveURL(/\/ops\/bookings\?q=/);
  const items = page.locator('.ops-item');
  await expect(items).toHaveCount(1);
  const item = items.first();
  await expect(item).toHaveAttribute('data-reference', reference);
  await expect(item).toContainText('访客周');
  await expect(item.locator('.badge.status')).toHaveText('待确认');
  await item.getByRole('button', { name: '确认', exact: true }).tap();
  await expect(item.locator('.badge.status')).toHaveText('已确认');
  await expect(item.getByRole('button', { name: '已收款' })).toBeVisible();
});

test("a host's open dashboard shows a booking made on another phone within 2 s, without a reload", async ({ page, request }) => {
  await logIn(page, 'e2e.host');
  await openSection(page, 'Bookings');
  await expect(page.locator('.ops-item').first()).toBeVisible();
  // The stream is open before the visitor books (its first answer comes with the list).
  await page.waitForTimeout(1000);
  const { session } = openSession();
  const res = await request.post('/api/v1/bookings', {
    headers: { 'Idempotency-Key': `e2e-live-${Date.now()}-${Math.random()}` },
    data: { kind: 'school', school: hostSchool.slug, session: session.id, party: 1,
            contact: { name: 'Visitor Live', phone: '139 0000 0999' }, note: '' },
  });
  expect(res.status()).toBe(201);
  const reference: string = (await res.json()).reference;
  // The list polls every 15 s: seeing it within 2 s is the live stream's doing.
  await expect(page.locator(`.ops-item[data-reference="${reference}"]`)).toContainText('Visitor Live', { timeout: 2000 });
});
