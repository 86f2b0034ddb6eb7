// End-to-end tests in Debian's Chromium against the release build served by the real server:
// one server in API mode (SQLite, seeded from public/data) and one in static mode.
import { defineConfig, devices } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const API_PORT = Number(process.env.E2E_API_PORT || 8181);
const STATIC_PORT = Number(process.env.E2E_STATIC_PORT || 8182);
const server = process.env.E2E_SERVER || '../target/server/server';
const varDir = process.env.E2E_VAR || '../target/e2e-var';

// Operators' password for this run only: made up here, passed to the server and the tests.
process.env.E2E_OPS_PASSWORD ||= randomBytes(18).toString('base64url');
// The school the e2e host operator owns; booking tests leave it alone.
const schools = JSON.parse(readFileSync(join(__dirname, '..', 'public', 'data', 'schools.json'), 'utf8'));
process.env.E2E_HOST_SCHOOL ||= schools[schools.length - 1].slug;
// The host also keeps a lodging, for the night-by-room calendar; other tests may book it.
const lodgings = JSON.parse(readFileSync(join(__dirname, '..', 'public', 'data', 'lodgings.json'), 'utf8'));
process.env.E2E_HOST_LODGING ||= lodgings[lodgings.length - 1].slug;
// The traced product the e2e seller owns; no other test buys it.
const products = JSON.parse(readFileSync(join(__dirname, '..', 'public', 'data', 'products.json'), 'utf8'));
process.env.E2E_SELLER_PRODUCT ||= products.filter((p: any) => p.batch && p.category === 'yam_and_herbs').pop().slug;

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
const phone = { ...devices['Pixel 7'], viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const desktop = { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 } };

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: { launchOptions: chromium, serviceWorkers: 'block', trace: 'off' },
  projects: [
    { name: 'phone', testIgnore: /static\.spec/, use: { ...phone, baseURL: `http://127.0.0.1:${API_PORT}` } },
    { name: 'desktop', testMatch: /(browse|desktop)\.spec/, use: { ...desktop, baseURL: `http://127.0.0.1:${API_PORT}` } },
    { name: 'phone-static', testMatch: /static\.spec/, use: { ...phone, baseURL: `http://127.0.0.1:${STATIC_PORT}` } },
  ],
  webServer: [
    {
      command: `./start-api-server.sh ${server} ${API_PORT} ${varDir}/api ${process.env.E2E_HOST_SCHOOL} ${process.env.E2E_SELLER_PRODUCT} ${process.env.E2E_HOST_LODGING}`,
      url: `http://127.0.0.1:${API_PORT}/readyz`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `rm -rf ${varDir}/static && mkdir -p ${varDir}/static && ${server} serve --addr 127.0.0.1:${STATIC_PORT} --dist ../dist --data ../public/data --database-url sqlite://${varDir}/static/portal.db --mode static`,
      url: `http://127.0.0.1:${STATIC_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
