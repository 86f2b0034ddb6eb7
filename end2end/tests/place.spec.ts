// Issue 16, part B on a phone: figures backed by the ledger, the Give button, shipping before
// an order, the size chart, and the driver card. Nothing here books, orders or pledges.
import { data, expect, test, useLanguage } from './helpers';

/** An amount in fen as the portal writes it: 1600 → "¥16", 7040 → "¥70.40". */
function yuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en');
  return fen % 100 === 0 ? `¥${whole}` : `¥${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** The first ¥ amount in a text, in fen: "¥86,500 raised of ¥250,000" → 8650000. */
function fen(text: string | null): number {
  const m = (text ?? '').match(/¥([\d,]+(?:\.\d{2})?)/);
  expect(m, `an amount in ${JSON.stringify(text)}`).not.toBeNull();
  return Math.round(Number(m![1].replace(/,/g, '')) * 100);
}

// The cold-store project: no other test confirms pledges to it, so its figures hold still.
const project = data('projects')[2];

for (const lang of ['en', 'zh'] as const) {
  test(`a project's figures are the ledger's totals (${lang})`, async ({ page }) => {
    await useLanguage(page, lang);
    await page.goto(`/donate/${project.slug}`);
    const shownRaised = fen(await page.locator('.detail-head .progress-text').textContent());
    const shownDonors = (await page.locator('.detail-head .progress-text').textContent())!.match(/·\s*(\d+)/)![1];
    const spentLine = await page.locator('.detail-head .spent').textContent();

    await page.goto('/ledger');
    // Readable totals come first, before any hash.
    await expect(page.locator('h2').first()).toHaveText(lang === 'en' ? 'Totals per project' : '各项目收支');
    const row = page.locator(`tr[data-project="${project.slug}"]`);
    expect(fen(await row.locator('.received').textContent())).toBe(shownRaised);
    await expect(row).toContainText(shownDonors);
    const paid = fen(await row.locator('.paid').textContent());
    if (paid > 0) expect(fen(spentLine)).toBe(paid);
    else expect(spentLine).not.toMatch(/¥/);
    // The seeded history, and the chain re-computed in this browser.
    expect(shownRaised).toBe(project.raised);
    await expect(page.getByRole('status').filter({ hasText: lang === 'en' ? 'The ledger verifies' : '账本核对无误' })).toBeVisible();
  });
}

test('the Give button brings the pledge form into view and focuses it', async ({ page }) => {
  await useLanguage(page, 'en');
  await page.goto(`/donate/${project.slug}`);
  const form = page.locator('#give');
  await expect(form).toHaveCount(0);
  await page.getByRole('button', { name: 'Give' }).tap();
  await expect(form).toBeInViewport();
  await expect(form).toBeFocused();
});

for (const [lang, province, city, fee] of [
  ['en', '湖北省', '武汉市', '¥10'],
  ['zh', '河南省', '焦作市', '免运费'],
] as const) {
  test(`the shipping fee to ${province} shows before the order is placed (${lang})`, async ({ page }) => {
    const product = data('products').find((p: any) => p.slug === 'yam-crisps');
    await useLanguage(page, lang);
    await page.goto(`/shop/${product.slug}`);
    await page.getByRole('button', { name: lang === 'en' ? 'Add to cart' : '加入购物车' }).tap();
    await page.goto('/cart');
    await page.getByLabel(lang === 'en' ? 'Send by post' : '快递到家').check();
    // A select's name is its label and the option shown: "Province Choose…".
    const select = (label: string) => page.getByRole('combobox', { name: new RegExp(`^${label}`) });
    await select(lang === 'en' ? 'Province' : '省').selectOption(province);
    await select(lang === 'en' ? 'City' : '市').selectOption(city);
    await expect(select(lang === 'en' ? 'District or county' : '区/县')).toBeEnabled();
    // In English each name is shown with its pinyin too; the Chinese name is what is kept.
    const district = lang === 'en' ? "Jiang'an District 江岸区" : '温县';
    await expect(select(lang === 'en' ? 'District or county' : '区/县').locator('option', { hasText: district })).toHaveCount(1);
    if (lang === 'en') await expect(select('Province')).toHaveValue('湖北省');
    if (lang === 'en') await expect(select('Province').locator('option:checked')).toHaveText('Hubei 湖北省');
    const shipping = page.locator('.shipping');
    await expect(shipping).toContainText(`${province} ${city}`);
    await expect(shipping).toContainText(fee);
    await expect(shipping).toContainText(lang === 'en' ? 'estimate' : '预计');
    const items = product.variants[0].price;
    const total = items + (lang === 'en' ? 1000 : 0);
    await expect(shipping.locator('.review')).toContainText(yuan(total));
    await expect(page.getByRole('button', { name: lang === 'en' ? 'Place order' : '提交订单' })).toBeVisible();
  });
}

test('a uniform is chosen by size and colour, and its size chart suggests a size', async ({ page }) => {
  await useLanguage(page, 'en');
  await page.goto('/shop/cotton-tai-chi-uniform');
  const size = page.getByRole('combobox', { name: /^Size/ });
  await page.getByRole('combobox', { name: /^Colour/ }).selectOption('black');
  await size.selectOption('L');
  await expect(page.locator('.variant-price')).toContainText('In stock');
  await expect(page.locator('.variants .chip')).toHaveCount(0);
  await page.getByText('Size chart').tap();
  await page.getByLabel('Height (cm)').fill('170');
  await page.getByLabel('Weight (kg)').fill('62');
  await expect(page.locator('.size-suggestion')).toContainText('Your size: M');
  await page.locator('.size-suggestion').getByRole('button').tap();
  await expect(size).toHaveValue(await size.locator('option', { hasText: /^M$/ }).getAttribute('value') as string);
});

for (const lang of ['en', 'zh'] as const) {
  test(`a lodging's driver card shows its Chinese name and address, with its map links once (${lang})`, async ({ page }) => {
    const lodging = data('lodgings')[0];
    await useLanguage(page, lang);
    await page.goto(`/stay/${lodging.slug}`);
    const card = page.locator('.driver-card');
    await expect(card.locator('.driver-name')).toHaveText(lodging.name.zh);
    await expect(card.locator('.driver-address')).toHaveText(`河南省焦作市温县${lodging.location.address.zh}`);
    const { lat, lng } = lodging.location;
    await expect(page.locator('.open-in-maps')).toHaveCount(1);
    await expect(card.locator('a[href*="maps.apple.com"]')).toHaveAttribute('href', new RegExp(`ll=${lat},${lng}`));
    await expect(card.locator('a[href*="uri.amap.com"]')).toHaveAttribute('href', new RegExp(`position=${lng},${lat}`));
    await card.getByRole('button', { name: lang === 'en' ? 'Full screen' : '全屏显示' }).tap();
    await expect(card).toHaveClass(/fullscreen/);
  });
}
