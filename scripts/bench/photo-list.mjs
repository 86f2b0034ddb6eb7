// What the photos of a list page cost a phone: 390 px wide on a 2× screen (so the 640 px
// copies are chosen), WebP, scrolled to the end so every lazy photo loads. Bytes as they
// crossed the network, headers included.
//   node scripts/bench/photo-list.mjs http://127.0.0.1:PORT
import { chromium } from '../../end2end/node_modules/playwright-core/index.mjs';

const [base] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
const context = await browser.newContext({
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  serviceWorkers: 'block',
});
for (const path of ['/stay', '/schools', '/shop', '/donate']) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const photos = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) || '';
    if (url.includes('/media/')) photos.push([url.replace(base, ''), e.encodedDataLength]);
  });
  await page.goto(base + path);
  await page.locator('article.card').first().waitFor();
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(100);
  }
  await page.waitForLoadState('networkidle');
  const total = photos.reduce((sum, [, bytes]) => sum + bytes, 0);
  const each = photos.map(([url, bytes]) => `${url.split('/').pop()} ${bytes}`).join(', ');
  console.log(`${path} at 390 px, 2×: ${photos.length} photos, ${total} bytes (${(total / 1024).toFixed(1)} KiB)${each ? ': ' + each : ''}`);
  await page.close();
}
await browser.close();
