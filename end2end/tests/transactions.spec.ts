// A visitor books, buys and gives on a phone against the real server, and keeps the tickets.
// Each test uses its own listings, so tests running side by side do not share places or stock.
import { APIRequestContext, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chooseVariant, data, expect, liveSchools, test, useLanguage } from './helpers';

let schools: any[] = [];
const lodgings = data('lodgings');
const products = data('products');
const projects = data('projects');

test.beforeAll(async ({ playwright }, info) => {
  schools = await liveSchools(playwright, info.project.use.baseURL!);
});

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'en');
});

/** Places left in a session, as the API says now. */
async function placesLeft(request: APIRequestContext, school: string, program: string, session: string) {
  const res = await request.get(`/api/v1/schools/${school}/programs/${program}/sessions?party=1`);
  expect(res.ok()).toBe(true);
  const body = await res.json();
  return body.sessions.find((s: any) => s.id === session).places_left as number;
}

async function stockOf(request: APIRequestContext, slug: string, sku: string) {
  const res = await request.get(`/api/v1/products/${slug}`);
  return (await res.json()).variants.find((v: any) => v.sku === sku).stock as number;
}

async function fillContact(page: Page, name = 'Lin Test', phone = '139 0000 0456') {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone', { exact: true }).fill(phone);
}

/** A school, programme and a future session with room for `party`, picked from the live listing. */
function openSession(index: number, party: number) {
  const today = new Date().toISOString().slice(0, 10);
  const options = schools.filter((s: any) => s.slug !== process.env.E2E_HOST_SCHOOL).flatMap((s: any) => s.programs.flatMap((p: any) => p.sessions
    .filter((x: any) => x.start > today && x.capacity - (x.booked || 0) >= party + 2)
    .map((x: any) => ({ school: s, program: p, session: x }))));
  // Spread the tests over different schools.
  const bySchool = options.filter((o: any, i: number) => options.findIndex((q: any) => q.school.slug === o.school.slug) === i);
  return bySchool[index];
}

async function bookSession(page: Page, pick: any, party: number) {
  await page.goto(`/schools/${pick.school.slug}/book?program=${pick.program.id}`);
  await page.getByLabel('Persons').fill(String(party));
  const day = page.getByRole('radio').filter({ hasText: /places? left/ }).and(page.locator(`button:not([disabled])`));
  await expect(day.first()).toBeVisible();
  const dates = await page.locator('.sessions-pick .day').all();
  // Choose the session we picked from the data, by its position among the programme's sessions.
  await dates[pick.program.sessions.indexOf(pick.session)].tap();
  await fillContact(page);
  await page.getByLabel('I accept the cancellation policy').check();
}

test('a visitor books a programme and gets a ticket with reference, PIN and QR code', async ({ page, request }) => {
  const pick = openSession(0, 2);
  const before = await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id);
  await bookSession(page, pick, 2);
  await expect(page.locator('.review .price')).toHaveText(`¥${(pick.program.price_per_person * 2 / 100).toLocaleString('en-US')}`);
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/);
  await expect(page.getByText('Done! Keep the reference and PIN.')).toBeVisible();
  await expect(page.locator('.ticket .mono.big').nth(1)).toHaveText(/^[2-9A-HJKMNP-Z]{8}$/);
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expect(page.locator('.badge.status')).toHaveText('Requested');
  // When and where to come on the first day, as the school sets it.
  const meet = pick.school.arrival.meet.en;
  await expect(page.locator('.ticket-where .arrival')).toHaveText(`First day: be at ${meet} by ${pick.school.arrival.at}`);
  expect(await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id)).toBe(before - 2);
  // The ticket is on the phone: after a reload it is listed in My trips.
  await page.goto('/trips');
  await page.reload();
  await expect(page.locator('.tickets li')).toHaveCount(1);
  await expect(page.locator('.tickets li')).toContainText(pick.program.name.en);
});

test('a visitor books a lodging room for two nights at the quoted price', async ({ page }) => {
  const lodging = lodgings[4];
  const room = lodging.rooms[0];
  const day = (n: number) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);
  await page.goto(`/stay/${lodging.slug}/book`);
  await page.getByLabel('Check-in').fill(day(20));
  await page.getByLabel('Check-out').fill(day(22));
  await page.getByLabel('Guests').fill(String(room.base_guests));
  const option = page.locator('.room-option').filter({ hasText: room.name.en });
  await expect(option).toContainText(`¥${(room.nightly * 2 / 100).toLocaleString('en-US')}`);
  await option.tap();
  await expect(page.locator('.review')).toContainText('2 nights');
  await fillContact(page);
  await page.getByLabel('I accept the cancellation policy').check();
  // The booking says which language the visitor used: their e-mail comes in it.
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/bookings'));
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  expect((await sent).postDataJSON().contact.lang).toBe('en');
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(room.name.en);
  await expect(page.locator('.ticket-where .arrival')).toHaveText(
    `Check-in from ${lodging.arrival.at} · check-out by ${lodging.arrival.leave_by}`);
  // "Add to calendar" downloads the stay as an .ics file, made on the phone.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Add to calendar' }).tap();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^CJG-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\.ics$/);
  const ics = readFileSync(await file.path(), 'utf8');
  expect(ics).toContain(`DTSTART;VALUE=DATE:${day(20).replace(/-/g, '')}`);
  expect(ics).toContain(`SUMMARY:${lodging.name.en} · ${room.name.en}`);
  // The same room for the same nights is now shown as taken.
  await page.goto(`/stay/${lodging.slug}/book`);
  await page.getByLabel('Check-in').fill(day(20));
  await page.getByLabel('Check-out').fill(day(22));
  await page.getByLabel('Guests').fill(String(room.base_guests));
  await expect(page.locator('.room-option').filter({ hasText: room.name.en })).toBeDisabled();
});

test('a cart of two products becomes an order and the stock goes down', async ({ page, request }) => {
  const first = products.find((p: any) => p.slug === 'silk-tai-chi-uniform');
  const second = products.find((p: any) => p.category === 'snacks' && p.variants.some((v: any) => v.stock > 5));
  const lowVariant = first.variants.find((v: any) => v.sku === 'WEAR-SILK-M-WHITE');
  const snack = second.variants.find((v: any) => v.stock > 5);
  const stockBefore = await stockOf(request, first.slug, lowVariant.sku);
  await page.goto(`/shop/${first.slug}`);
  await chooseVariant(page, lowVariant);
  await expect(page.locator('.variant-price')).toContainText(`Only ${stockBefore} left`);
  await page.getByRole('button', { name: 'Add to cart' }).tap();
  await page.goto(`/shop/${second.slug}`);
  await chooseVariant(page, snack);
  await page.getByRole('button', { name: 'Add to cart' }).tap();
  await expect(page.getByRole('link', { name: 'Cart', exact: true }).locator('.count')).toHaveText('2');
  await page.getByRole('link', { name: 'Cart', exact: true }).tap();
  await expect(page.locator('.cart-line')).toHaveCount(2);
  await page.locator('.cart-line').nth(1).getByRole('button', { name: 'More' }).tap();
  await expect(page.locator('.cart-line').nth(1).locator('.stepper span')).toHaveText('2');
  const total = (lowVariant.price + 2 * snack.price) / 100;
  await expect(page.locator('.review .price')).toHaveText(`¥${total.toLocaleString('en-US', { minimumFractionDigits: total % 1 ? 2 : 0 })}`);
  await fillContact(page);
  await page.getByRole('button', { name: 'Place order' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  await expect(page.locator('table.budget tbody tr')).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'Cart', exact: true }).locator('.count')).toHaveCount(0);
  // Stock is visibly lower on the product page.
  expect(await stockOf(request, first.slug, lowVariant.sku)).toBe(stockBefore - 1);
  await page.goto(`/shop/${first.slug}`);
  await chooseVariant(page, lowVariant);
  await expect(page.locator('.variant-price')).toContainText(`Only ${stockBefore - 1} left`);
});

test('a sold-out variant cannot be added to the cart', async ({ page }) => {
  const product = products.find((p: any) => p.variants.some((v: any) => v.stock === 0) && p.variants.some((v: any) => v.stock > 0));
  const soldOut = product.variants.find((v: any) => v.stock === 0);
  await page.goto(`/shop/${product.slug}`);
  await chooseVariant(page, soldOut);
  await expect(page.getByRole('button', { name: 'Sold out' })).toBeDisabled();
});

test('a donation pledge shows how to pay with the reference to quote', async ({ page }) => {
  const project = projects[1];
  await page.goto(`/donate/${project.slug}`);
  await page.getByRole('button', { name: 'Give' }).tap();
  await page.getByRole('button', { name: '¥200' }).tap();
  await page.getByLabel('Name to show on the donor list').fill('A friend from Hamburg');
  await page.getByRole('button', { name: 'Pledge and see how to pay' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  const reference = page.url().match(/CJG-[A-Z0-9-]+/)![0];
  await expect(page.locator('.transfer')).toContainText(project.transfer.account_number);
  await expect(page.locator('.transfer')).toContainText(reference);
  await expect(page.locator('.badge.status')).toHaveText('Pledged');
});

test('cancelling a booking frees its places', async ({ page, request }) => {
  const pick = openSession(1, 1);
  const before = await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id);
  await bookSession(page, pick, 1);
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  expect(await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id)).toBe(before - 1);
  // The in-page dialog says what cancelling costs before the visitor confirms.
  await page.getByRole('button', { name: 'Cancel booking' }).tap();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(/Cancelling now (is free|costs ¥)/);
  await dialog.getByRole('button', { name: 'Cancel booking' }).tap();
  await expect(page.locator('.badge.status')).toHaveText('Cancelled');
  await expect(page.locator('main')).toContainText(/Cancelled( free of charge|\. Cancellation fee)/);
  expect(await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id)).toBe(before);
});

test('a double-tapped confirm creates one booking', async ({ page, request }) => {
  const pick = openSession(2, 3);
  const before = await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id);
  await bookSession(page, pick, 3);
  // Slow the answer so the second tap lands while the first request is in flight.
  await page.route('**/api/v1/bookings', async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  // The button's label changes to "Sending…" after the first tap: hold it by position.
  const confirm = page.locator('form.book-form button[type=submit]');
  await confirm.dblclick();
  await confirm.dispatchEvent('click');
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  expect(await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id)).toBe(before - 3);
});

test('with the server stopped mid-flow the form keeps everything, and a retry after restart books once', async ({ page }) => {
  // This test runs its own server so that stopping it disturbs no other test.
  const port = Number(process.env.E2E_STOP_PORT || 8183);
  const base = `http://127.0.0.1:${port}`;
  const dir = join(process.env.E2E_VAR || '../target/e2e-var', 'stop');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const start = async () => {
    const proc = spawn(process.env.E2E_SERVER || '../target/server/server',
      ['serve', '--addr', `127.0.0.1:${port}`, '--dist', '../dist', '--data', '../public/data', '--database-url', `sqlite://${dir}/portal.db`],
      { stdio: 'ignore' });
    await expect.poll(async () => (await fetch(`${base}/readyz`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
    return proc;
  };
  let server = await start();
  try {
    const pick = openSession(3, 1);
    await page.context().addCookies([{ name: 'i18n_pref_locale', value: 'en', url: base }]);
    await page.goto(`${base}/schools/${pick.school.slug}/book?program=${pick.program.id}`);
    await page.locator('.sessions-pick .day').nth(pick.program.sessions.indexOf(pick.session)).tap();
    await fillContact(page);
    await page.getByLabel('Note (optional)').fill('Vegetarian meals, please');
    await page.getByLabel('I accept the cancellation policy').check();

    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await page.getByRole('button', { name: 'Confirm booking' }).tap();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not reach the server' })).toBeVisible();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Lin Test');
    await expect(page.getByLabel('Note (optional)')).toHaveValue('Vegetarian meals, please');
    await expect(page.locator('.sessions-pick .day[aria-checked="true"]')).toHaveCount(1);

    server = await start();
    await page.getByRole('button', { name: 'Confirm booking' }).tap();
    await expect(page).toHaveURL(/\/trips\/CJG-/);
    const res = await fetch(`${base}/api/v1/schools/${pick.school.slug}/programs/${pick.program.id}/sessions?party=1`);
    const left = (await res.json()).sessions.find((x: any) => x.id === pick.session.id).places_left;
    expect(left).toBe(pick.session.capacity - (pick.session.booked || 0) - 1);
  } finally {
    server.kill('SIGTERM');
  }
});

test('the form checks fields as the server does and shows the server\'s field errors', async ({ page }) => {
  const pick = openSession(4, 1);
  await page.goto(`/schools/${pick.school.slug}/book?program=${pick.program.id}`);
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page.locator('.form-field.invalid')).not.toHaveCount(0);
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await bookSession(page, pick, 1);
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'false');
  await page.route('**/api/v1/bookings', (route) => route.fulfill({
    status: 422, contentType: 'application/json',
    body: JSON.stringify({ message: 'invalid fields', code: 'invalid_fields', errors: { 'contact.phone': ['this number cannot receive calls'] } }),
  }));
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page.locator('.form-field', { hasText: 'Phone' })).toContainText('this number cannot receive calls');
});

test('a booking made elsewhere is found with its reference and PIN', async ({ page, request }) => {
  const pick = openSession(5, 1);
  const res = await request.post('/api/v1/bookings', {
    headers: { 'Idempotency-Key': `e2e-find-${Date.now()}` },
    data: { kind: 'school', school: pick.school.slug, session: pick.session.id, party: 1, contact: { name: 'Elsewhere', phone: '13900000999' } },
  });
  expect(res.status()).toBe(201);
  const booking = await res.json();
  await page.goto('/trips/find');
  await page.getByLabel('Reference').fill(booking.reference);
  await page.getByLabel('PIN').fill(booking.pin);
  await page.getByRole('button', { name: 'Find' }).tap();
  await expect(page).toHaveURL(new RegExp(`/trips/${booking.reference}$`));
  await expect(page.locator('.badge.status')).toHaveText('Requested');
});

test('a booking whose answer was lost on the way is booked once when the visitor taps again', async ({ page, request }) => {
  const pick = openSession(6, 1);
  const before = await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id);
  await bookSession(page, pick, 1);
  // The first POST reaches the server and commits; its answer never reaches the phone.
  let cut = 0;
  await page.route('**/api/v1/bookings', async (route) => {
    if (cut++ === 0) {
      const answer = await route.fetch();
      expect(answer.status()).toBe(201);
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not reach the server' })).toBeVisible();
  expect(await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id)).toBe(before - 1);
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  await expect(page.locator('.badge.status')).toHaveText('Requested');
  expect(cut).toBe(2);
  expect(await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id)).toBe(before - 1);
});

test('the last places going while the form is open are told in Chinese, and nothing typed is lost', async ({ page, request }) => {
  await useLanguage(page, 'zh');
  const pick = openSession(7, 3);
  await page.goto(`/schools/${pick.school.slug}/book?program=${pick.program.id}`);
  await page.getByLabel('人数').fill('3');
  const day = page.getByRole('radio').filter({ hasText: /剩 \d+ 个名额/ }).and(page.locator('button:not([disabled])'));
  await expect(day.first()).toBeVisible();
  const dates = await page.locator('.sessions-pick .day').all();
  await dates[pick.program.sessions.indexOf(pick.session)].tap();
  await page.getByLabel('姓名', { exact: true }).fill('林测试');
  await page.getByLabel('手机号', { exact: true }).fill('139 0000 0457');
  await page.getByLabel('我已阅读并接受取消政策').check();
  // Someone on another phone takes all but one place meanwhile.
  const left = await placesLeft(request, pick.school.slug, pick.program.id, pick.session.id);
  const res = await request.post('/api/v1/bookings', {
    headers: { 'Idempotency-Key': `e2e-last-places-${Date.now()}` },
    data: { kind: 'school', school: pick.school.slug, session: pick.session.id, party: left - 1, contact: { name: 'Elsewhere', phone: '13900000998' } },
  });
  expect(res.status()).toBe(201);
  await page.getByRole('button', { name: '确认预订' }).tap();
  // The server answers the code places_left with { left: 1 }; the page words it in Chinese.
  await expect(page.getByText('这一期只剩 1 个名额。').first()).toBeVisible();
  await expect(page.locator('main')).not.toContainText(/only \d+ place|is full/i);
  await expect(page.getByLabel('姓名', { exact: true })).toHaveValue('林测试');
  await expect(page.getByLabel('手机号', { exact: true })).toHaveValue('139 0000 0457');
  await expect(page.getByLabel('人数')).toHaveValue('3');
});
