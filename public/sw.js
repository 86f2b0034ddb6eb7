// Service worker: keeps the app shell, listings and pictures on the phone so pages
// already visited open with a weak or no signal.
const CACHE = 'cjg-v1';
const SHELL = ['/', '/config.json', '/manifest.webmanifest', '/favicon.svg', '/img/village-map.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Hashed build files never change: cache first. Everything else: network first, cache as fallback.
// The WASM and its lazily loaded route modules live in a hashed folder (scripts/build-wasm).
// Photos' copies are named by their content's hash too (server/src/media).
const HASHED = /(-[0-9a-f]{16,}(_bg)?\.(js|wasm|css)$)|(^\/pkg-[0-9a-f]{16,}\/)|(^\/media\/[0-9a-f]{32}-\d+\.(webp|jpg)$)/;

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') && !isListing(url.pathname)) return;
  if (HASHED.test(url.pathname)) {
    event.respondWith(caches.match(req).then((hit) => hit || fetchAndKeep(req)));
    return;
  }
  const key = req.mode === 'navigate' ? '/' : req;
  event.respondWith(fetchAndKeep(req, key).catch(() => caches.match(key).then((hit) => hit || Response.error())));
});

function isListing(path) {
  return /^\/api\/v1\/(schools|lodgings|products|batches|attractions|events|projects)(\/|$)/.test(path);
}

async function fetchAndKeep(req, key = req) {
  const res = await fetch(req);
  if (res.ok) {
    const copy = res.clone();
    caches.open(CACHE).then((c) => c.put(key, copy));
  }
  return res;
}
