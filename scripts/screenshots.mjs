// Screenshots of every section at phone size (390x844) in both languages, for a human look.
// Usage: node scripts/screenshots.mjs [base-url] [out-dir]   (server must be running)
import { createRequire } from 'node:module';
const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const base = process.argv[2] || 'http://127.0.0.1:8080';
const out = process.argv[3] || 'target/screenshots';
const paths = (process.env.PAGES || '/,/schools,/stay,/shop,/visit,/donate,/saved').split(',');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
for (const locale of ['zh-CN', 'en-US']) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[${locale}] console error: ${m.text()}`); });
  for (const p of paths) {
    await page.goto(base + p, { waitUntil: 'networkidle' });
    await page.waitForTimeout(300);
    const name = `${out}/${locale}${p.replace(/[/?=&]/g, '_') || '_'}.png`;
    await page.screenshot({ path: name, fullPage: process.env.FULL === '1' });
    console.log(name);
  }
  await ctx.close();
}
await browser.close();
