// The console's service worker (issue #18): the app shell opens without a connection. An
// inspector who reloads the console in a street without a network gets the shell from Cache
// Storage; what the page does there (the day's list in the tab's storage, the inspections queued
// in IndexedDB) is the page's business.
//
// Only the shell's static files are ever put in a cache: the list the server writes into this
// file when it serves it (every file of the web root, with a version made of the server's
// version and a digest of those files). Anything else (/api/, /healthz, a file not in the list)
// passes to the network untouched, so no answer carrying personal data lands in Cache Storage.
// A new deploy changes the version, so this file's bytes change: the browser installs the new
// worker, which caches the new shell and deletes every older cache when it takes over.
//
// Online, the network answers first (the console behaves as without a worker); the cache answers
// when the network fails, or when it keeps the inspector waiting longer than kPatienceMs.
const kShell = '__AFTERMATH_SHELL__';  // replaced by the server: { version, files: ["/index.html", ...] }
const kPrefix = 'aftermath-shell-';
const kPatienceMs = 4000;

const shell = typeof kShell === 'object' && kShell && Array.isArray(kShell.files) ? kShell : null;
const cacheName = shell ? `${kPrefix}${shell.version}` : null;
const files = new Set(shell ? shell.files : []);

// The cache key of a same-origin GET, or null when the request is not the shell's.
function shellKey(request) {
  if (!shell || request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.search) return null;
  const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
  return files.has(path) ? path : null;
}

self.addEventListener('install', (event) => {
  if (!shell) return;
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    // Past the HTTP cache, so the files are those of this version.
    await cache.addAll(shell.files.map((f) => new Request(f, { cache: 'reload', credentials: 'omit' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(kPrefix) && name !== cacheName) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const key = shellKey(event.request);
  if (!key) return;  // not the shell's: the browser fetches it as if there were no worker
  event.respondWith((async () => {
    const cached = caches.open(cacheName).then((c) => c.match(key));
    const network = fetch(event.request);
    network.catch(() => {});  // a failure is answered from the cache below
    let timer;
    const patience = new Promise((resolve) => { timer = setTimeout(resolve, kPatienceMs, null); });
    try {
      const first = await Promise.race([network, patience.then(() => cached)]);
      if (first) return first;
      return await network;
    } catch (err) {
      const copy = await cached;
      if (copy) return copy;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  })());
});
