// A visitor browses the whole village: every route, both languages, phone and desktop.
import { data, expect, expectNoHorizontalScroll, switchLanguage, test, useLanguage, watchConsole } from './helpers';

const schools = data('schools');
const lodgings = data('lodgings');
const products = data('products');
const projects = data('projects');

const routes: [string, { zh: RegExp; en: RegExp }][] = [
  ['/', { zh: /太极拳发源地/, en: /where tai chi was born/ }],
  ['/schools', { zh: /太极拳学校与武馆/, en: /Tai chi schools and family halls/ }],
  [`/schools/${schools[0].slug}`, { zh: new RegExp(schools[0].name.zh), en: new RegExp(schools[0].name.en) }],
  ['/stay', { zh: /农家住宿/, en: /Family lodgings/ }],
  [`/stay/${lodgings[0].slug}`, { zh: new RegExp(lodgings[0].name.zh), en: new RegExp(lodgings[0].name.en) }],
  ['/shop', { zh: /陈家沟特产/, en: /Local products/ }],
  [`/shop/${products[0].slug}`, { zh: new RegExp(products[0].name.zh), en: new RegExp(products[0].name.en) }],
  ['/visit', { zh: /游览陈家沟/, en: /Visit Chenjiagou/ }],
  ['/donate', { zh: /支持村里的项目/, en: /Support village projects/ }],
  [`/donate/${projects[0].slug}`, { zh: new RegExp(projects[0].name.zh), en: new RegExp(projects[0].name.en) }],
  ['/saved', { zh: /我的收藏/, en: /Saved/ }],
];

for (const lang of ['zh', 'en'] as const) {
  for (const [path, heading] of routes) {
    test(`${path} renders in ${lang} without errors or sideways scrolling`, async ({ page }) => {
      const errors = watchConsole(page);
      await useLanguage(page, lang);
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading[lang]);
      await expect(page.locator('.skeleton-card')).toHaveCount(0);
      await expectNoHorizontalScroll(page);
      expect(errors).toEqual([]);
    });
  }
}

test('the home page shows the featured listings as the visitor scrolls to them', async ({ page }) => {
  const errors = watchConsole(page);
  await useLanguage(page, 'en');
  await page.goto('/');
  const sections: [string, number][] = [
    ['Schools and halls', schools.filter((s) => s.featured).length],
    ['Places to stay', lodgings.filter((l) => l.featured).length],
    ['Local products', products.filter((p) => p.featured).length],
    ['Support the village', projects.length],
  ];
  for (const [title, count] of sections) {
    const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: title }) });
    await section.scrollIntoViewIfNeeded();
    await expect(section.locator('.carousel .card')).toHaveCount(count);
  }
  const school = schools.find((s) => s.featured);
  await page.locator('.carousel .card-link', { hasText: school.name.en }).click();
  await expect(page).toHaveURL(new RegExp(`/schools/${school.slug}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(school.name.en);
  expect(errors).toEqual([]);
});

test('a deep link survives a reload', async ({ page }) => {
  const school = schools[1];
  await page.goto(`/schools/${school.slug}`);
  await useLanguage(page, 'en');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(school.name.en);
  await expect(page).toHaveURL(new RegExp(`/schools/${school.slug}$`));
});

test('the language switch works and the choice is remembered after a reload', async ({ page }) => {
  await useLanguage(page, 'zh');
  await page.goto('/visit');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('游览陈家沟');
  await switchLanguage(page, 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Visit Chenjiagou');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', /^en/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Visit Chenjiagou');
  await switchLanguage(page, 'zh');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('游览陈家沟');
});

test('an unknown route shows a friendly not-found page with a way home', async ({ page }) => {
  await page.goto('/no-such-page');
  await useLanguage(page, 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/where tai chi was born/);
});

for (const section of ['schools', 'stay', 'shop', 'donate']) {
  test(`an unknown ${section} slug shows the not-found page`, async ({ page }) => {
    await page.goto(`/${section}/no-such-listing`);
    await useLanguage(page, 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  });
}
