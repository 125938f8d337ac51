// Field inspection without a connection (issue #18): an inspector loads the day's list, goes
// offline, records 20 inspections with photos, reloads while the server is still out of reach
// (the queue is in the browser's storage), comes back online, and the server holds all 20
// exactly once, even though the answer to the first one was lost on the way back.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiSession, signIn, screenshot, password } from './harness.js';

const kCount = 20;

// The Kazakh IIN/BIN check digit (two passes of weights mod 11), as src/recovery/keys.cc.
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

// A Kazakh IBAN for a 16-character BBAN (ISO 13616 check digits, mod 97).
function kzIban(bban) {
  const digits = [...`${bban}KZ00`].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  let mod = 0;
  for (const c of digits) mod = (mod * 10 + Number(c)) % 97;
  return `KZ${String(98 - mod).padStart(2, '0')}${bban}`;
}

const kSurnames = ['Абенов', 'Байжанов', 'Ғалымов', 'Дүйсенов', 'Ергалиев', 'Жақсылықов', 'Зейнуллин',
  'Иманов', 'Кәрімов', 'Лесбеков', 'Мұратов', 'Нұрпейісов', 'Оспанов', 'Пірімқұлов', 'Рахымов',
  'Сәрсенов', 'Тоқтаров', 'Уәлиев', 'Хасенов', 'Шәкенов'];
const kGiven = ['Арман', 'Болат', 'Ғани', 'Дәурен', 'Ерлан', 'Жандос', 'Зарлық', 'Ильяс', 'Қайрат',
  'Ләззат', 'Марат', 'Нұрлан', 'Олжас', 'Пәрізат', 'Руслан', 'Серік', 'Талғат', 'Ұлан', 'Хамит', 'Шынар'];

// A 1×1 PNG, made distinct per inspection by bytes after its end (the type sniff reads the head).
const kPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('field inspection offline', () => {
  let server, browser, objectIds;
  before(async () => {
    server = await startServer({ demo: false, users: [{ username: 'admin', role: 'admin' }, { username: 'insp1', role: 'inspector' }] });
    browser = await launchBrowser();
    const call = await apiSession(server.url);
    const programme = await call('POST', '/api/v1/recovery/programmes', {
      code: 'e2e-homes', name: 'Damaged homes', claim_kinds: ['home'], amount_rule: 'assessed', period_start: '2020-01-01',
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    // The documents' scan, uploaded as bytes (apiSession sends JSON only).
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
    objectIds = [];
    for (let i = 0; i < kCount; i++) {
      // Born on the (i+1)th of March 1985, a man (7th digit 3): distinct, each with its check digit.
      let iin = null;
      for (let serial = 1; !iin; serial++) iin = kzId(`8503${String(i + 1).padStart(2, '0')}3${String(serial).padStart(4, '0')}`);
      const claim = await call('POST', '/api/v1/recovery/claims', {
        kind: 'home', programme: 'e2e-homes', channel: 'field_visit',
        applicant_name: `${kSurnames[i]} ${kGiven[i]}`, applicant_id: iin,
        iban: kzIban(`125KZT50041${String(10000 + i * 7919).slice(-5)}`), amount_claimed: 1000000 + i,
        documents: [{ kind: 'id_card', ...doc }, { kind: 'title_deed', ...doc }],
        object: { kind: 'home', address: `г. Текели, ул. Сейфуллина, д. ${i * 3 + 1}` },
      });
      assert.equal(claim.status, 201, JSON.stringify(claim.body));
      const id = claim.body.claim.id;
      const reviewed = await call('POST', `/api/v1/recovery/claims/${id}/review`);
      assert.equal(reviewed.body.state, 'complete', JSON.stringify(reviewed.body));
      const checked = await call('POST', `/api/v1/recovery/claims/${id}/check`);
      assert.equal(checked.body.state, 'checked', JSON.stringify(checked.body));
      objectIds.push(claim.body.claim.object_id);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('20 inspections with photos recorded offline reach the server exactly once', async () => {
    const page = await newPage(browser, { width: 360, height: 740, lang: 'ru' });
    await signIn(page, server.url, 'insp1');
    await page.goto(`${server.url}/#/inspect`);
    await page.locator('#inspect-list .inspect-object').nth(kCount - 1).waitFor();
    assert.equal(await page.locator('#inspect-list .inspect-object').count(), kCount);

    await page.context().setOffline(true);
    for (let i = 0; i < kCount; i++) {
      const card = page.locator('#inspect-list .inspect-object[data-queued="false"]').first();
      await card.locator('.inspect-open').click();
      await page.selectOption('#i-grade', `D${(i % 5) + 1}`);
      if (i % 2) await page.check('#i-looted');
      await page.fill('#i-notes', `осмотр ${i + 1}: окна выбиты`);
      await page.setInputFiles('#i-photos', [
        { name: `front-${i}.png`, mimeType: 'image/png', buffer: Buffer.concat([kPng, Buffer.from(`front ${i}`)]) },
        { name: `inside-${i}.png`, mimeType: 'image/png', buffer: Buffer.concat([kPng, Buffer.from(`inside ${i}`)]) },
      ]);
      await page.click('#inspect-save');
      await page.locator(`#inspect-queue[data-count="${i + 1}"]`).waitFor();
    }
    if (process.env.AFTERMATH_SCREENSHOTS === '1') await screenshot(page, 'inspect-offline');

    // Back in reach of the network but not of the server: the reload finds the queue in storage.
    await page.route('**/api/v1/recovery/**', (route) => route.abort('internetdisconnected'));
    await page.context().setOffline(false);
    await page.reload();
    await page.locator(`#inspect-queue[data-count="${kCount}"]`).waitFor();

    // The server is back; the answer to the first assessment is lost on its way to the phone.
    // (The newer route runs first, so it is in place before the block is lifted: no assessment
    // slips past it in between.)
    let lost = 0;
    await page.route('**/assessments', async (route) => {
      if (lost++ === 0) {
        await route.fetch();  // the server records it ...
        await route.abort('connectionreset');  // ... and the phone never hears back
      } else {
        await route.continue();
      }
    });
    await page.unroute('**/api/v1/recovery/**');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.locator('#inspect-queue[data-count="0"]').waitFor({ timeout: 60000 });
    assert.ok(lost > kCount, `the lost answer was retried (${lost} sends)`);

    const call = await apiSession(server.url);
    for (const id of objectIds) {
      const o = await call('GET', `/api/v1/recovery/objects/${id}`);
      assert.equal(o.body.assessments.length, 1, `object ${id}: ${o.body.assessments.length} assessments`);
      assert.equal(o.body.assessments[0].photos.length, 2);
    }
    const left = await call('GET', '/api/v1/recovery/claims?state=checked');
    assert.equal(left.body.items.length, 0, 'every claim moved on to inspected');
    await page.locator('#inspect-list, .empty').first().waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
