// The register's conflict queue (issue #18): a supervisor sees two claims side by side with what
// they share marked and why they were flagged, decides with one key on a Cyrillic layout, and
// undoes at once; letting both go on asks for the reason first.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiSession, signIn, screenshot } from './harness.js';

describe('conflict queue', () => {
  let server, browser, call;
  before(async () => {
    server = await startServer({ demo: false, users: [{ username: 'admin', role: 'admin' }, { username: 'super1', role: 'supervisor' }] });
    browser = await launchBrowser();
    call = await apiSession(server.url);
    const programme = await call('POST', '/api/v1/recovery/programmes', {
      code: 'homes', name: 'Damaged homes', claim_kinds: ['home'], amount_rule: 'assessed', period_start: '2020-01-01',
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    // One IIN claiming the same flat twice, from the line and from a field visit.
    for (const [name, channel] of [['Әбенова Гүлнар', 'call'], ['Абенова Гульнар', 'field_visit']]) {
      const r = await call('POST', '/api/v1/recovery/claims', {
        kind: 'home', programme: 'homes', channel, applicant_name: name, applicant_id: '900101300017',
        object: { kind: 'home', address: 'г. Алматы, ул. Абая, д. 7, кв. 3' },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const open = await call('GET', '/api/v1/recovery/conflicts');
    assert.ok(open.body.items.length >= 1, JSON.stringify(open.body));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('side by side, D on a Russian layout, undo, then N', async () => {
    const page = await newPage(browser, { width: 1280, height: 900, lang: 'ru' });
    await signIn(page, server.url, 'super1');
    // The supervisor's top bar fits a 1280 px screen in Russian ("Выйти" was off the edge).
    assert.ok(await page.evaluate(() => document.getElementById('topbar').scrollWidth <= innerWidth));
    assert.ok(await page.locator('#signout').isVisible());
    await page.goto(`${server.url}/#/conflicts`);
    const card = page.locator('#conflict-list .conflict').first();
    await card.waitFor();
    const count = await page.locator('#conflict-list .conflict').count();
    assert.match(await card.locator('.conflict-why').innerText(), /ИИН|адрес|объект/);
    // What both claims share is marked: the IIN; the names differ in their letters.
    assert.equal(await card.locator('tr[data-field="applicant_id"]').getAttribute('class'), 'shared');
    assert.notEqual(await card.locator('tr[data-field="applicant_name"]').getAttribute('class'), 'shared');
    await screenshot(page, 'conflicts');
    // The queue is no wider than the screen.
    const [listWidth, screenWidth] = await page.evaluate(() => [document.getElementById('conflict-list').scrollWidth, innerWidth]);
    assert.ok(listWidth <= screenWidth, `${listWidth} > ${screenWidth}`);
    const id = await card.getAttribute('data-conflict-id');
    await card.focus();
    // "в" is where D is on the Russian layout.
    await page.keyboard.down('KeyD');
    await page.keyboard.up('KeyD');
    await page.locator('#toast-action').waitFor();
    let c = (await call('GET', '/api/v1/recovery/conflicts?state=all')).body.items.find((x) => x.id === id);
    assert.equal(c.state, 'duplicate');
    await page.click('#toast-action');
    await page.locator(`#conflict-list .conflict[data-conflict-id="${id}"]`).waitFor();
    c = (await call('GET', '/api/v1/recovery/conflicts?state=all')).body.items.find((x) => x.id === id);
    assert.equal(c.state, 'open');
    await page.locator(`#conflict-list .conflict[data-conflict-id="${id}"]`).focus();
    // N lets both claims go on, so both may be paid: it asks why first, and the key is not typed.
    await page.keyboard.press('KeyN');
    const note = page.locator(`#note-${id}`);
    await page.waitForFunction((i) => document.activeElement && document.activeElement.id === `note-${i}`, id);
    assert.equal(await note.inputValue(), '');
    assert.match(await page.locator(`.conflict[data-conflict-id="${id}"] [role=status]`).innerText(), /оплачены оба/);
    c = (await call('GET', '/api/v1/recovery/conflicts?state=all')).body.items.find((x) => x.id === id);
    assert.equal(c.state, 'open');
    await note.fill('две квартиры: 3 и 3а');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('#conflict-list .conflict').length < n || document.querySelector('.empty'), count);
    c = (await call('GET', '/api/v1/recovery/conflicts?state=all')).body.items.find((x) => x.id === id);
    assert.equal(c.state, 'not_duplicate');
    assert.equal(c.resolution_note, 'две квартиры: 3 и 3а');
    // Without a reason the server refuses it too, naming the field.
    const bare = await call('POST', `/api/v1/recovery/conflicts/${id}/undo`, { version: c.version });
    assert.equal(bare.status, 200, JSON.stringify(bare.body));
    const refused = await call('POST', `/api/v1/recovery/conflicts/${id}/resolution`, { resolution: 'not_duplicate', version: bare.body.version });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /note/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
