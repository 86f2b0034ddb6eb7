// A monkey on a phone: a seeded random walk of taps over tabs, cards, hearts, filters and
// forms, with back, forward, reloads, a slow network and spells with no signal. It fails on
// any panic, uncaught error or a screen left blank. The seed is printed; replay a failure with
// MONKEY_SEED=<seed> (and MONKEY_STEPS=<n> for a longer walk).
import { CDPSession, Page } from '@playwright/test';
import { expect, test, useLanguage } from './helpers';

// No action may wait long for an element that vanished under the monkey's tap.
test.use({ actionTimeout: 2_000, navigationTimeout: 15_000 });

const STEPS = Number(process.env.MONKEY_STEPS || 200);

/** mulberry32: a small seeded generator, so a walk can be replayed exactly. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Net = 'fast' | 'slow' | 'offline';

async function setNetwork(cdp: CDPSession, net: Net) {
  const conditions = {
    fast: { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
    slow: { offline: false, latency: 300, downloadThroughput: 50_000, uploadThroughput: 25_000 },
    offline: { offline: true, latency: 0, downloadThroughput: 0, uploadThroughput: 0 },
  }[net];
  await cdp.send('Network.emulateNetworkConditions', conditions);
}

/** Each tab's screen by its heading: a router left showing the old screen fails here. */
const HEADINGS: Record<'zh' | 'en', [string, RegExp][]> = {
  zh: [['/schools', /太极拳学校与武馆/], ['/stay', /农家住宿/], ['/shop', /陈家沟特产/], ['/visit', /游览陈家沟/], ['/donate', /支持村里的项目/], ['/', /太极拳发源地/]],
  en: [['/schools', /Tai chi schools and family halls/], ['/stay', /Family lodgings/], ['/shop', /Local products/], ['/visit', /Visit Chenjiagou/], ['/donate', /Support village projects/], ['/', /where tai chi was born/]],
};

/** Values a visitor might type: valid ones and wrong ones. */
const TYPED = ['2', '1', '0', '-3', '99', 'abc', '', 'Lin Monkey', '林晓', '139 0000 0456', '12', 'monkey@example.com',
  'not-an-email', '2027-01-10', '2020-01-01', '   ', '<script>alert(1)</script>', 'x'.repeat(300)];

/** The screen shows something: text in main, or a loading state on its way. */
async function screenShown(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    if (!main) return false;
    const text = (main.textContent || '').trim();
    return text.length > 0 || !!main.querySelector('.skeleton-list, [role=status]');
  });
}

async function walk(page: Page, cdp: CDPSession, seed: number) {
  const random = generator(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  let net: Net = 'slow';
  let offlineSteps = 0;
  const log: string[] = [];
  for (let step = 0; step < STEPS; step++) {
    // The network: mostly slow, now and then fast, and a few spells with no signal at all.
    if (offlineSteps > 0 && --offlineSteps === 0) { net = 'slow'; await setNetwork(cdp, net); }
    else if (offlineSteps === 0 && random() < 0.03) { net = 'offline'; offlineSteps = 3 + Math.floor(random() * 6); await setNetwork(cdp, net); }
    else if (offlineSteps === 0 && random() < 0.08) { net = net === 'fast' ? 'slow' : 'fast'; await setNetwork(cdp, net); }

    const roll = random();
    let action = '';
    try {
      if (roll < 0.25) {
        const tabs = await page.locator('nav.tabbar a').all();
        const t = pick(tabs);
        action = `tab ${await t.getAttribute('href', { timeout: 1_000 })}`;
        await t.tap({ timeout: 1_000 });
      } else if (roll < 0.45) {
        const links = await page.locator('main a[href^="/"]:visible').all();
        if (links.length) {
          const l = pick(links);
          action = `link ${await l.getAttribute('href', { timeout: 1_000 })}`;
          await l.tap({ timeout: 1_000 });
        }
      } else if (roll < 0.52) {
        const hearts = await page.locator('main button.heart:visible').all();
        if (hearts.length) { action = 'heart'; await pick(hearts).tap({ timeout: 1_000 }); }
      } else if (roll < 0.62) {
        const selects = await page.locator('main select:visible').all();
        const checks = await page.locator('main input[type=checkbox]:visible, main input[type=radio]:visible, main [role=radio]:visible').all();
        if (selects.length && random() < 0.5) {
          const s = pick(selects);
          const options = await s.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
          const v = pick(options);
          action = `select ${v}`;
          await s.selectOption(v, { timeout: 1_000 });
        } else if (checks.length) {
          action = 'check';
          await pick(checks).tap({ timeout: 1_000 });
        }
      } else if (roll < 0.75) {
        const fields = await page.locator('main input:visible:not([type=checkbox]):not([type=radio]), main textarea:visible').all();
        if (fields.length) {
          const f = pick(fields);
          const type = await f.getAttribute('type', { timeout: 1_000 });
          let v = pick(TYPED);
          if (type === 'date') v = pick(['2027-01-10', '2027-01-13', '2020-01-01', '']);
          if (type === 'number') v = pick(['1', '2', '0', '40', '']);
          action = `fill ${type} ${v.slice(0, 20)}`;
          await f.fill(v, { timeout: 1_000 });
        }
      } else if (roll < 0.82) {
        const buttons = await page.locator('main button:visible:not([disabled])').all();
        if (buttons.length) {
          const b = pick(buttons);
          action = `button ${(await b.textContent({ timeout: 1_000 }))?.trim().slice(0, 20)}`;
          page.once('dialog', (d) => (random() < 0.5 ? d.accept() : d.dismiss()).catch(() => {}));
          await b.tap({ timeout: 1_000 });
        }
      } else if (roll < 0.9) {
        action = 'back';
        await page.goBack({ timeout: 5_000, waitUntil: 'commit' });
        // Back from the first screen leaves the portal (about:blank): a visitor would come back.
        if (!page.url().startsWith('http')) await page.goForward({ timeout: 5_000, waitUntil: 'commit' });
      } else if (roll < 0.96) {
        action = 'forward';
        await page.goForward({ timeout: 5_000, waitUntil: 'commit' });
      } else if (net !== 'offline') {
        action = 'reload';
        await page.reload({ timeout: 15_000, waitUntil: 'commit' });
      }
    } catch (e) {
      // A tap that missed a vanishing element is part of a monkey's life, not a failure.
      action += ' (missed)';
    }
    // A back that left the portal (about:blank, even when the call itself timed out): a visitor
    // would come straight back.
    if (!page.url().startsWith('http')) await page.goto('/', { waitUntil: 'commit' }).catch(() => {});
    log.push(`${step} ${net} ${action}`);
    await page.waitForTimeout(40 + Math.floor(random() * 260));
    // Now and then, with a signal, the screen must come back to something within a few seconds.
    if (step % 25 === 24 && net !== 'offline') {
      await expect.poll(() => screenShown(page).catch(() => false), {
        timeout: 15_000, message: `blank screen at step ${step} (seed ${seed}):\n${log.slice(-10).join('\n')}`,
      }).toBe(true);
    }
  }
  return log;
}

for (const lang of ['zh', 'en'] as const) {
  test(`monkey (${lang}): a random walk of taps never kills the app or leaves a blank screen`, async ({ page, consoleErrors }, info) => {
    test.setTimeout(170_000);
    const seed = Number(process.env.MONKEY_SEED || Math.floor(Math.random() * 2 ** 31));
    console.log(`monkey ${lang} seed ${seed} (replay: MONKEY_SEED=${seed})`);
    info.annotations.push({ type: 'seed', description: String(seed) });
    await useLanguage(page, lang);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await setNetwork(cdp, 'slow');
    await page.goto('/');
    const log = await walk(page, cdp, seed);

    // After the walk, with a good signal, the app must still answer: every tab opens its screen.
    await setNetwork(cdp, 'fast');
    await page.goto('/');
    const panics = consoleErrors.filter((e) => /panicked|RuntimeError|unreachable|already borrowed/.test(e));
    expect(panics, `panics during the walk (seed ${seed}); last steps:\n${log.slice(-15).join('\n')}`).toEqual([]);
    for (const [href, heading] of HEADINGS[lang]) {
      await page.locator(`nav.tabbar a[href="${href}"]`).tap();
      await expect(page).toHaveURL(new RegExp(`${href === '/' ? '' : href}$`));
      await expect(page.locator('main h1').first()).toHaveText(heading, { timeout: 15_000 });
    }
  });
}
