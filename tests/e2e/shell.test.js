// The console's shell without a connection (issue #18): an inspector opens the console once,
// the service worker keeps its static files; the phone loses the network, the console is
// reloaded and still opens (from the cache) on the field inspection with the day's list; an
// inspection recorded there reaches the server exactly once when the network returns. Cache
// Storage holds the shell's static files and nothing else: no /api/ answer, no personal data.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiSession, signIn, password } from './harness.js';

// The Kazakh IIN check digit (as src/recovery/keys.cc).
function kzId(first11) {
  const d = [...first11].map(Number);
  let check = d.reduce((s, x, i) => s + x * (i + 1), 0) % 11;
  if (check === 10) {
    const w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    check = d.reduce((s, x, i) => s + x * w[i], 0) % 11;
    if (check === 10) return null;
  }
  return first11 + check;
}

// A Kazakh IBAN for a 16-character BBAN (ISO 13616 check digits).
function kzIban(bban) {
  const digits = [...`${bban}KZ00`].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  let mod = 0;
  for (const c of digits) mod = (mod * 10 + Number(c)) % 97;
  return `KZ${String(98 - mod).padStart(2, '0')}${bban}`;
}

// Every cache's name and the URLs it holds, as the page sees them.
function cacheContents(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const r of await cache.keys()) out.push({ name, path: new URL(r.url).pathname + new URL(r.url).search });
    }
    return out;
  });
}

// Waits until a service worker is active and controls the page (its shell is then cached).
async function controlled(page) {
  await page.waitForFunction(() => !!(navigator.serviceWorker && navigator.serviceWorker.controller &&
    navigator.serviceWorker.controller.state === 'activated'), null, { timeout: 15000 });
}

describe('the console offline', () => {
  let server, browser, objectId, address;
  before(async () => {
    server = await startServer({ demo: false, users: [{ username: 'admin', role: 'admin' }, { username: 'insp1', role: 'inspector' }] });
    browser = await launchBrowser();
    const call = await apiSession(server.url);
    const programme = await call('POST', '/api/v1/recovery/programmes', {
      code: 'e2e-homes', name: 'Damaged homes', claim_kinds: ['home'], amount_rule: 'assessed', period_start: '2020-01-01',
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    const { csrf_token: csrf } = await login.json();
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const pdf = await fetch(`${server.url}/api/v1/recovery/files`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/pdf' },
      body: '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n',
    });
    assert.equal(pdf.status, 201, await pdf.clone().text());
    const doc = await pdf.json();
    let iin = null;
    for (let serial = 1; !iin; serial++) iin = kzId(`8504113${String(serial).padStart(4, '0')}`);
    address = 'г. Текели, ул. Абая, д. 17';
    const claim = await call('POST', '/api/v1/recovery/claims', {
      kind: 'home', programme: 'e2e-homes', channel: 'field_visit',
      applicant_name: 'Жақсылықов Бауыржан', applicant_id: iin,
      iban: kzIban('125KZT5004100017'), amount_claimed: 1500000,
      documents: [{ kind: 'id_card', ...doc }, { kind: 'title_deed', ...doc }],
      object: { kind: 'home', address },
    });
    assert.equal(claim.status, 201, JSON.stringify(claim.body));
    const id = claim.body.claim.id;
    assert.equal((await call('POST', `/api/v1/recovery/claims/${id}/review`)).body.state, 'complete');
    assert.equal((await call('POST', `/api/v1/recovery/claims/${id}/check`)).body.state, 'checked');
    objectId = claim.body.claim.object_id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the shell reloads offline, the inspection is recorded and reaches the server once', async () => {
    const page = await newPage(browser, { width: 360, height: 740, lang: 'kk' });
    await signIn(page, server.url, 'insp1');
    await page.goto(`${server.url}/#/inspect`);
    await page.locator('#inspect-list .inspect-object').first().waitFor();
    await controlled(page);

    await page.context().setOffline(true);
    const reachable = await page.evaluate(() => fetch('/healthz').then(() => true, () => false));
    assert.equal(reachable, false, 'the phone has no connection');
    // Nor has the worker: what it answers below comes from its cache.
    const [worker] = page.context().serviceWorkers();
    assert.ok(worker, 'a service worker runs');
    assert.equal(await worker.evaluate(() => fetch('/index.html', { cache: 'no-store' }).then(() => true, () => false)), false,
      'the worker cannot reach the server');
    const reloaded = await page.reload();
    assert.ok(reloaded && reloaded.fromServiceWorker(), 'the shell came from the service worker');
    // The console opens for the inspector (not the sign-in form), in Kazakh, on the day's list.
    await page.locator('#signout').waitFor();
    await page.locator('#inspect-list .inspect-object').first().waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
    assert.match(await page.locator('#inspect-list').innerText(), /Абая, д\. 17/);
    assert.equal(await page.locator('link[rel=stylesheet]').evaluate((l) => !!l.sheet && l.sheet.cssRules.length > 0), true,
      'the style sheet came along');

    const card = page.locator(`#inspect-list .inspect-object[data-object-id="${objectId}"]`);
    await card.locator('.inspect-open').click();
    await page.selectOption('#i-grade', 'D3');
    await page.check('#i-looted');
    await page.fill('#i-notes', 'терезелер сынған');
    await page.click('#inspect-save');
    await page.locator('#inspect-queue[data-count="1"]').waitFor();

    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.locator('#inspect-queue[data-count="0"]').waitFor({ timeout: 30000 });

    const call = await apiSession(server.url);
    const o = await call('GET', `/api/v1/recovery/objects/${objectId}`);
    assert.equal(o.body.assessments.length, 1, JSON.stringify(o.body.assessments));
    assert.equal(o.body.assessments[0].grade, 'D3');

    // Only the shell's static files are cached, in one cache of this version.
    const cached = await cacheContents(page);
    const paths = cached.map((c) => c.path);
    for (const p of ['/index.html', '/js/app.js', '/js/pages/inspect.js', '/js/field_queue.js', '/js/strings/kk.js',
      '/js/strings/ru.js', '/js/strings/en.js', '/css/app.css', '/favicon.svg']) {
      assert.ok(paths.includes(p), `${p} is in the cache: ${paths.join(' ')}`);
    }
    assert.deepEqual(paths.filter((p) => /^\/api\/|healthz|\?/.test(p)), [], 'no answer of the API is cached');
    assert.deepEqual(paths.filter((p) => !/\.(html|js|css|svg|csv)$/.test(p)), [], 'static files only');
    const names = [...new Set(cached.map((c) => c.name))];
    assert.equal(names.length, 1, names.join(' '));
    assert.match(names[0], /^aftermath-shell-\d+\.\d+\.\d+-[0-9a-f]{16}$/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a new version of the shell replaces the old cache', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/#/signin`);
    await controlled(page);
    // The cache an earlier deploy left behind, and the worker of that deploy gone.
    await page.evaluate(async () => {
      const old = await caches.open('aftermath-shell-0.0.1-0000000000000000');
      await old.put('/index.html', new Response('<!doctype html><title>old</title>'));
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.unregister();
    });
    await page.reload();
    await controlled(page);
    let names = [];
    for (let i = 0; i < 50; i++) {
      names = await page.evaluate(() => caches.keys());
      if (names.length === 1) break;
      await page.waitForTimeout(100);
    }
    assert.equal(names.length, 1, names.join(' '));
    assert.match(names[0], /^aftermath-shell-/);
    assert.notEqual(names[0], 'aftermath-shell-0.0.1-0000000000000000');
    assert.ok((await cacheContents(page)).some((c) => c.path === '/index.html'));
    await page.context().close();
  });
});
