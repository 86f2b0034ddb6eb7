// What a phone really downloads, measured in Chromium against the running server:
// a first visit to / (empty cache, until the network is idle), then scrolling the home page,
// then what a booking adds: a school's page, its booking form, and the confirmation.
// Bytes are as they crossed the network (brotli where the server compressed, plus headers).
// The service worker is blocked: its fetches would hide the page's own. What it adds to a first
// visit (sw.js and its precache list) is counted from the files by sizes.sh.
//   node scripts/bench/first-visit.mjs http://127.0.0.1:PORT SCHOOL_SLUG
import { chromium } from '../../end2end/node_modules/playwright-core/index.mjs';

const [base, school] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({
  viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block',
});
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');

let log = [];
const urls = new Map();
cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
cdp.on('Network.loadingFinished', (e) => log.push([urls.get(e.requestId), e.encodedDataLength]));

async function settle() {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  const taken = log;
  log = [];
  return taken;
}

function report(title, entries) {
  const total = entries.reduce((sum, [, bytes]) => sum + bytes, 0);
  console.log(`${title}: ${entries.length} requests, ${total} bytes (${(total / 1024).toFixed(1)} KiB)`);
  for (const [url, bytes] of entries.sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  ${String(bytes).padStart(8)}  ${url.replace(base, '')}`);
  }
  return total;
}

// Client-side navigation, as a tap on a link does it (no page reload).
async function go(path) {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

const started = Date.now();
await page.goto(base + '/');
await page.locator('#main .hero h1').waitFor();
const painted = Date.now() - started;
report('First visit to /', await settle());
console.log(`  home page rendered by the app in ${painted} ms (loopback, no throttling)`);

await page.mouse.wheel(0, 4000);
report('Scrolling the home page to the end', await settle());

await go(`/schools/${school}`);
await page.locator('.detail, h1').first().waitFor();
const detail = report('Then a school page', await settle());
await go(`/schools/${school}/book`);
await page.locator('form').first().waitFor();
const form = report('Then its booking form', await settle());
console.log(`Booking flow beyond the first visit: ${detail + form} bytes (${((detail + form) / 1024).toFixed(1)} KiB)`);
await browser.close();
