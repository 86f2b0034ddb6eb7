// What a visitor weighs before committing, on a phone: availability on list cards, a stay
// searched by dates with its total, what is paid when, buttons that take you there, tickets
// found however the PIN is typed. Each test uses listings no other test books.
import { APIRequestContext } from '@playwright/test';
import { data, expect, test, useLanguage } from './helpers';

const schools = data('schools');
const lodgings = data('lodgings');
const projects = data('projects');

const day = (n: number) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US')}`;

/** Books every place left in every open session of `school`, through the API. */
async function fillSchool(request: APIRequestContext, school: any) {
  for (const program of school.programs) {
    const res = await request.get(`/api/v1/schools/${school.slug}/programs/${program.id}/sessions?party=1`);
    for (const s of (await res.json()).sessions.filter((s: any) => s.bookable)) {
      const booked = await request.post('/api/v1/bookings', {
        headers: { 'Idempotency-Key': `e2e-fill-${s.id}-${Date.now()}` },
        data: { kind: 'school', school: school.slug, session: s.id, party: s.places_left, contact: { name: 'Group', phone: '13900000777' } },
      });
      expect(booked.status(), `booking the last ${s.places_left} of ${s.id}`).toBe(201);
    }
  }
}

test('a full school says so and ranks below the open ones, in English and Chinese', async ({ page, request }) => {
  // A small hall whose sessions have too few places for the other tests to pick.
  const hall = schools.find((s: any) => s.slug === 'wang-family-hall');
  await fillSchool(request, hall);
  await useLanguage(page, 'en');
  await page.goto('/schools');
  const cards = page.locator('.card');
  await expect(cards).toHaveCount(schools.length);
  await expect(cards.last()).toContainText(hall.name.en);
  await expect(cards.last().locator('.card-availability.full')).toHaveText('Full — see similar');
  await expect(cards.first().locator('.card-availability')).toHaveText(/^Next open: \d+ \w+ \d{4}$/);
  // The "from" price is named for the programme it is quoted for, with what it includes.
  await expect(cards.last().locator('.price')).toHaveText(/^from ¥[\d,.]+\/day · .+/);
  await expect(cards.last().locator('.card-includes')).toHaveText('Meals included, lodging not');
  await page.getByLabel('Sort').selectOption('price_low');
  await expect(cards.last()).toContainText(hall.name.en);
  // "See similar" lists the open schools most like it: family halls first, none full.
  await cards.last().locator('.card-similar').tap();
  await expect(page).toHaveURL(new RegExp(`/schools\\?like=${hall.slug}$`));
  await expect(page.getByRole('heading', { name: `Like ${hall.name.en}, with places free` })).toBeVisible();
  await expect(cards).toHaveCount(4);
  await expect(page.locator('.card-availability.full')).toHaveCount(0);
  await expect(cards.first().locator('.badge').first()).toHaveText('Family hall');
  await expect(page.locator('.card', { hasText: hall.name.en })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show all' }).tap();
  await expect(cards).toHaveCount(schools.length);
  await useLanguage(page, 'zh');
  await expect(cards.last().locator('.card-availability.full')).toHaveText('已满 — 看看类似的');
});

test('a dated stay search lists only places free every night, with the total, and carries the dates into the form', async ({ page, request }) => {
  const [checkIn, checkOut] = [day(70), day(72)];
  // Every room of one lodging taken on the middle night.
  const taken = lodgings.find((l: any) => l.slug === 'rehmannia-garden-farmhouse');
  for (const room of taken.rooms) {
    const res = await request.post('/api/v1/bookings', {
      headers: { 'Idempotency-Key': `e2e-stay-${room.id}-${Date.now()}` },
      data: { kind: 'lodging', lodging: taken.slug, room: room.id, check_in: day(71), check_out: checkOut, guests: 1, contact: { name: 'Group', phone: '13900000778' } },
    });
    expect(res.status()).toBe(201);
  }
  const home = lodgings.find((l: any) => l.slug === 'tai-chi-home');
  const cheapest = [...home.rooms].sort((a: any, b: any) => a.nightly - b.nightly)[0];
  await useLanguage(page, 'en');
  await page.goto('/stay');
  await page.getByLabel('Check-in').fill(checkIn);
  await page.getByLabel('Check-out').fill(checkOut);
  await page.getByLabel('Guests').selectOption('1');
  await expect(page).toHaveURL(new RegExp(`check_in=${checkIn}.*check_out=${checkOut}.*guests=1|guests=1.*check_in=${checkIn}`));
  const cards = page.locator('.card');
  await expect(cards).toHaveCount(lodgings.length - 1);
  await expect(page.getByText('Not shown: 1 place with no room free for every night of these dates.')).toBeVisible();
  await expect(page.locator('.card', { hasText: taken.name.en })).toHaveCount(0);
  const card = page.locator('.card', { hasText: home.name.en });
  await expect(card.locator('.price')).toHaveText(`${yuan(cheapest.nightly * 2)} for 2 nights`);
  await expect(card.locator('.card-availability')).toHaveText(`Free for your dates: ${cheapest.name.en}`);
  // The search survives a reload (it is in the URL) and goes on to the booking form.
  await page.reload();
  await card.locator('.card-link').tap();
  await expect(page).toHaveURL(new RegExp(`/stay/${home.slug}\\?`));
  // The policy once, in terms of arrival, with no word of a refund: nothing is paid before.
  await expect(page.locator('.policy')).toContainText('before arrival');
  await expect(page.locator('.policy')).not.toContainText(/refund/i);
  await page.getByRole('link', { name: 'Book', exact: true }).tap();
  await expect(page.getByLabel('Check-in')).toHaveValue(checkIn);
  await expect(page.getByLabel('Check-out')).toHaveValue(checkOut);
  await page.locator('.room-option').filter({ hasText: cheapest.name.en }).tap();
  await expect(page.locator('.review .price')).toHaveText(yuan(cheapest.nightly * 2));
  await expect(page.locator('.pay-terms')).toHaveText(
    `Nothing is paid now. You pay ${yuan(cheapest.nightly * 2)} to your host, ${home.operator.name.en}, on arrival, in cash or by WeChat Pay.`);
  await expect(page.locator('.policy')).toHaveCount(1);
  await useLanguage(page, 'zh');
  await page.goto(`/stay?check_in=${checkIn}&check_out=${checkOut}&guests=1`);
  await expect(page.locator('.card', { hasText: home.name.zh }).locator('.price')).toHaveText(`2 晚共 ${yuan(cheapest.nightly * 2)}`);
});

test('a pledge is found with its reference and PIN typed with spaces, and is worded as a pledge', async ({ page, request }) => {
  const project = projects[projects.length - 1];
  const res = await request.post('/api/v1/donations', {
    headers: { 'Idempotency-Key': `e2e-spaced-pin-${Date.now()}` },
    data: { project: project.slug, amount: 8800, anonymous: true },
  });
  expect(res.status()).toBe(201);
  const pledge = await res.json();
  const pin: string = pledge.pin;
  await useLanguage(page, 'en');
  await page.goto('/trips/find');
  await page.getByLabel('Reference').fill(pledge.reference.replace(/-/g, ' ').replace(' ', '-'));
  await page.getByLabel('PIN').fill(`${pin.slice(0, 3)} ${pin.slice(3, 6)} ${pin.slice(6)}`);
  await page.getByRole('button', { name: 'Find' }).tap();
  await expect(page).toHaveURL(new RegExp(`/trips/${pledge.reference}$`));
  await expect(page.locator('.ticket')).toContainText('Pledge reference');
  await expect(page.locator('main')).not.toContainText(/on arrival|booking/i);
  await page.getByRole('button', { name: 'Withdraw pledge' }).tap();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Withdraw this pledge?');
  await dialog.getByRole('button', { name: 'Keep it' }).tap();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.badge.status')).toHaveText('Pledged');
});

test('a session row opens the booking form with its date chosen', async ({ page }) => {
  const school = schools[0];
  await useLanguage(page, 'zh');
  await page.goto(`/schools/${school.slug}`);
  const row = page.locator('.sessions li a').first();
  await expect(row).toBeVisible();
  const date = (await row.locator('span').first().textContent())!.trim();
  await row.tap();
  await expect(page).toHaveURL(/\/book\?program=.+&session=/);
  await expect(page.locator('.sessions-pick .day[aria-checked="true"]')).toContainText(date);
});

test('sending a form with problems brings the first one into view and focuses it', async ({ page }) => {
  await useLanguage(page, 'en');
  await page.goto(`/stay/${lodgings[0].slug}/book`);
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  const checkIn = page.getByLabel('Check-in');
  await expect(checkIn).toBeFocused();
  await expect(checkIn).toBeInViewport();
  // Fix the dates: the next problem (the room) comes into view on the next try.
  await checkIn.fill(day(90));
  await page.getByLabel('Check-out').fill(day(91));
  await expect(page.locator('.room-option').first()).toBeVisible();
  await page.getByRole('button', { name: 'Confirm booking' }).tap();
  await expect(page.locator('.room-option:not([disabled])').first()).toBeFocused();
  await expect(page.locator('.room-option').first()).toBeInViewport();
});
