// Whole journeys as a visitor moves: one page load, then only taps (tab bar, cards, buttons,
// back), on a slow phone. Jumping between screens with page.goto restarts the WASM and hides
// what a tap-through meets: a screen disposed while its request or code is still on the way.
import { CDPSession, Page } from '@playwright/test';
import { data, expect, test, useLanguage } from './helpers';

const lodgings = data('lodgings');
const products = data('products');

const words = {
  zh: { schools: '学拳', stay: '住宿', shop: '特产', home: '首页', book: '预订', checkIn: '入住日期', checkOut: '退房日期', guests: '入住人数',
    name: '姓名', phone: '手机号', accept: '我已阅读并接受取消政策', confirm: '确认预订', thanks: '已提交！请保存预订号和 PIN 码。',
    stayTitle: /农家住宿/, schoolsTitle: /太极拳学校与武馆/, shopTitle: /陈家沟特产/ },
  en: { schools: 'Schools', stay: 'Stay', shop: 'Shop', home: 'Home', book: 'Book', checkIn: 'Check-in', checkOut: 'Check-out', guests: 'Guests',
    name: 'Name', phone: 'Phone', accept: 'I accept the cancellation policy', confirm: 'Confirm booking', thanks: 'Done! Keep the reference and PIN.',
    stayTitle: /Family lodgings/, schoolsTitle: /Tai chi schools and family halls/, shopTitle: /Local products/ },
};

/** A slow phone: the CPU 4× slower, and optionally a slow 3G-like network. */
async function slowPhone(page: Page, network = true): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: 400 * 1024 / 8 * 8, uploadThroughput: 200 * 1024,
    });
  }
  return cdp;
}

function tab(page: Page, name: string) {
  return page.locator('nav.tabbar').getByRole('link', { name, exact: true });
}

function day(n: number) {
  return new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);
}

for (const lang of ['zh', 'en'] as const) {
  const w = words[lang];

  test(`${lang}: home → schools → stay → a lodging → book → ticket → shop → a product, by taps on a slow phone`, async ({ page }) => {
    test.setTimeout(120_000);
    await useLanguage(page, lang);
    await slowPhone(page);
    await page.goto('/');
    await tab(page, w.schools).tap();
    await tab(page, w.stay).tap();
    await expect(page).toHaveURL(/\/stay$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.stayTitle, { timeout: 30_000 });
    // The lodging at the top of the list, whichever it is.
    const first = page.locator('.card-list .card-link').first();
    const name = (await first.locator('h3').textContent())!.trim();
    const lodging = lodgings.find((l: any) => l.name[lang] === name);
    expect(lodging, `a lodging named ${name}`).toBeTruthy();
    await first.tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await page.locator('.sticky-action, .page').getByRole('link', { name: w.book, exact: true }).first().tap();
    await expect(page).toHaveURL(new RegExp(`/stay/${lodging.slug}/book`));
    const offset = lang === 'zh' ? 40 : 44;
    await page.getByLabel(w.checkIn).fill(day(offset));
    await page.getByLabel(w.checkOut).fill(day(offset + 2));
    await page.getByLabel(w.guests, { exact: true }).fill('1');
    const free = page.locator('.room-option:not([disabled])').first();
    await expect(free).toBeVisible({ timeout: 20_000 });
    await free.tap();
    await page.getByLabel(w.name, { exact: true }).fill(lang === 'zh' ? '林晓' : 'Lin Journey');
    await page.getByLabel(w.phone, { exact: true }).fill('139 0000 0123');
    await page.getByLabel(w.accept).check();
    await page.getByRole('button', { name: w.confirm }).tap();
    await expect(page).toHaveURL(/\/trips\/CJG-/, { timeout: 30_000 });
    await expect(page.getByText(w.thanks)).toBeVisible();
    await tab(page, w.shop).tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.shopTitle, { timeout: 30_000 });
    const product = page.locator('.card-grid .card-link').first();
    const productName = (await product.locator('h3').textContent())!.trim();
    expect(products.some((p: any) => p.name[lang] === productName)).toBe(true);
    await product.tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(productName);
    // Back goes where the visitor came from, and the app still answers taps.
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.shopTitle);
    await tab(page, w.home).tap();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('.hero h1')).toBeVisible();
  });

  test(`${lang}: a second tab tapped while the first screen's code and data are held still opens the second`, async ({ page }) => {
    await useLanguage(page, lang);
    await slowPhone(page, false);
    // Hold back every screen's code (the split modules, not the main one) and the listing
    // answers until the taps have been made.
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    await page.route(/\/(pkg-[^/]+\/(split|chunk)_[^/]*\.wasm|api\/v1\/(schools|lodgings))/, async (route) => { await held; await route.continue(); });
    await page.goto('/');
    await expect(tab(page, w.schools)).toBeVisible();
    for (let round = 0; round < 3; round++) {
      await tab(page, w.schools).tap();
      await tab(page, w.stay).tap();
    }
    release();
    await expect(page).toHaveURL(/\/stay$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.stayTitle, { timeout: 30_000 });
    await expect(page.locator('.card-list .card')).toHaveCount(lodgings.length);
    // And the app is alive: another tab opens at once.
    await tab(page, w.schools).tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.schoolsTitle);
  });
}

test('tabs tapped in quick succession, again and again, on a slow CPU always end on the last one', async ({ page }) => {
  test.setTimeout(90_000);
  await useLanguage(page, 'en');
  await slowPhone(page);
  await page.goto('/');
  const tabs: [string, RegExp][] = [['Schools', words.en.schoolsTitle], ['Stay', words.en.stayTitle], ['Shop', words.en.shopTitle]];
  for (let round = 0; round < 4; round++) {
    for (const [name] of tabs) await tab(page, name).tap({ noWaitAfter: true });
    const [last, title] = tabs[round % tabs.length];
    await tab(page, last).tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title, { timeout: 30_000 });
    await tab(page, 'Home').tap();
    await expect(page.locator('.hero h1')).toBeVisible({ timeout: 30_000 });
  }
});

test('an idle screen asks the server nothing: each screen left open 10 s', async ({ page }) => {
  test.setTimeout(120_000);
  const lodging = lodgings[2];
  await useLanguage(page, 'en');
  await page.goto('/');
  // A ticket on this phone, made by tapping through a pledge (the ticket page refreshes its status).
  const project = data('projects')[0];
  await page.goto(`/donate/${project.slug}`);
  await page.getByRole('button', { name: 'Give' }).tap();
  await page.getByLabel('Give anonymously').check();
  await page.getByRole('button', { name: 'Pledge and see how to pay' }).tap();
  await expect(page).toHaveURL(/\/trips\/CJG-/);
  const ticket = new URL(page.url()).pathname;
  let requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const screens: [string, () => Promise<void>][] = [
    ['ticket', async () => { await page.goto(ticket); await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible(); }],
    ['my trips', async () => { await page.locator('nav.tabbar, header').getByRole('link', { name: 'My trips' }).first().tap(); await expect(page.locator('.tickets li')).toHaveCount(1); }],
    ['home', async () => { await tab(page, 'Home').tap(); await expect(page.locator('.hero h1')).toBeVisible(); }],
    ['stay', async () => { await tab(page, 'Stay').tap(); await expect(page.locator('.card-list .card')).toHaveCount(lodgings.length); }],
    ['lodging', async () => { await page.locator('.card-link', { hasText: lodging.name.en }).tap(); await expect(page.getByRole('heading', { level: 1 })).toHaveText(lodging.name.en); }],
    ['shop', async () => { await tab(page, 'Shop').tap(); await expect(page.locator('.card-grid .card').first()).toBeVisible(); }],
    ['donate', async () => { await tab(page, 'Donate').tap(); await expect(page.locator('.project-card').first()).toBeVisible(); }],
  ];
  for (const [name, open] of screens) {
    await open();
    await page.waitForTimeout(1_000); // let the screen's own loading finish
    requests = [];
    await page.waitForTimeout(10_000);
    expect(requests, `requests from the idle ${name} screen in 10 s`).toEqual([]);
  }
});
