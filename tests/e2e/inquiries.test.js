// Inquiries as a call centre needs them (issue #19): "I called yesterday" finds the inquiry by the
// callback phone in whatever form the caller says it or by a name in another script; an inquiry
// is closed or withdrawn only with a reason; a search result is linked to the call in progress.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, screenshot, apiSession } from './harness.js';

describe('inquiries found again', () => {
  let server, browser, call;
  before(async () => {
    server = await startServer({ users: [{ username: 'admin', role: 'admin' }, { username: 'aigerim', role: 'operator' }] });
    browser = await launchBrowser();
    call = await apiSession(server.url, 'admin');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('found by the phone in another form and by the caller’s name; withdrawn only with a reason', async () => {
    const q = await call('POST', '/api/v1/inquiries', { sought_name: 'Жаксылыкбаев Бекзат', inquirer_name: 'Жаксылыкбаева Гульнар',
      inquirer_relation: 'mother', callback_phone: '+7 701 555 61 62' });
    assert.equal(q.status, 201);
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.click('a[href="#/inquiries"]');
    await page.fill('#inquiry-q', '8 (701) 5556162');
    const row = page.locator(`#inquiry-list li[data-inquiry-id="${q.body.id}"]`);
    // The newest inquiries show first; the search's answer says what it matched.
    await row.locator('.matched-on').waitFor();
    assert.equal(await page.locator('#inquiry-list li.inquiry-row').count(), 1);
    assert.match(await row.innerText(), /by phone/);
    // The caller spells her own name in Latin letters.
    await page.fill('#inquiry-q', 'Zhaksylykbayeva Gulnar');
    await row.locator('.matched-on:has-text("caller")').waitFor();
    await row.locator('button.result-link').click();
    await page.locator('#inquiry-detail-title').waitFor();
    // Withdrawing without a reason is refused in place; with one, it is kept and shown.
    await page.click('#withdraw-inquiry');
    assert.equal(await page.getAttribute('#close_reason', 'aria-invalid'), 'true');
    await page.fill('#close_reason', 'the mother found him at a friend’s home');
    await page.click('#withdraw-inquiry');
    await page.locator('#inquiry-detail .badge.inquiry-withdrawn').waitFor();
    await screenshot(page, 'inquiries');
    assert.match(await page.locator('#inquiry-detail').innerText(), /found him at a friend’s home/);
    const after = await call('GET', `/api/v1/inquiries/${q.body.id}`);
    assert.equal(after.body.state, 'withdrawn');
    assert.equal(after.body.close_reason, 'the mother found him at a friend’s home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a search result is linked to the call in progress', async () => {
    const q = await call('POST', '/api/v1/inquiries', { sought_name: 'Бекет Ермеков', inquirer_name: 'Ермекова Айман',
      callback_phone: '+7 701 555 71 72' });
    assert.equal(q.status, 201);
    // The family says a different name than the hospital wrote: the operator links them.
    const r = await call('POST', '/api/v1/reports', { source: 'City Hospital No. 4, Almaty', external_id: 'H4-LINK-1',
      full_name: 'Ермеков Бекмырза', sex: 'male', status: 'hospitalised' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.goto(`${server.url}/#/inquiries`);
    await page.fill('#inquiry-q', '555-71-72');
    await page.locator(`#inquiry-list li[data-inquiry-id="${q.body.id}"] .matched-on`).waitFor();
    await page.locator(`#inquiry-list li[data-inquiry-id="${q.body.id}"] button.result-link`).click();
    await page.click('#continue-call');
    await page.locator('#saved-inquiry').waitFor();
    assert.match(await page.locator('#saved-inquiry').innerText(), /Call in progress/);
    await page.fill('#q', 'Ермеков Бекмырза');
    const result = page.locator(`#results li[data-person-id="${r.body.person_id}"]`);
    await result.waitFor();
    // Searching does not end the call in progress.
    assert.equal(await page.locator('#saved-inquiry').count(), 1);
    await result.locator('button.link-person').click();
    await page.locator(`#candidates a[href="#/person/${encodeURIComponent(r.body.person_id)}"]`).waitFor();
    const matches = await call('GET', `/api/v1/inquiries/${q.body.id}/matches`);
    assert.ok(matches.body.items.some((m) => m.person.id === r.body.person_id && m.decision === 'pending'));
    await screenshot(page, 'inquiry-link');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the intake takes a birth date as the caller says it', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.fill('#q', 'Омаров Тимур');
    await page.fill('#sought_birth_date', '30.02.1994');
    await page.fill('#inquirer_name', 'Омарова Сауле');
    await page.fill('#callback_phone', '+7 701 555 81 82');
    await page.keyboard.press('Control+Enter');
    assert.equal(await page.getAttribute('#sought_birth_date', 'aria-invalid'), 'true');
    await page.fill('#sought_birth_date', 'около 30');
    await page.keyboard.press('Control+Enter');
    await page.locator('#saved-inquiry').waitFor();
    const first = (await call('GET', '/api/v1/inquiries?q=' + encodeURIComponent('+7 701 555 81 82'))).body.items[0];
    assert.equal(first.sought_approx_age, 30);
    assert.equal(first.sought_birth_date, null);
    await page.fill('#q', 'Омаров Данияр');
    await page.fill('#sought_birth_date', '12.03.1994');
    await page.fill('#inquirer_name', 'Омарова Сауле');
    await page.fill('#callback_phone', '+7 701 555 81 83');
    await page.keyboard.press('Control+Enter');
    await page.locator('#saved-inquiry').waitFor();
    const second = (await call('GET', '/api/v1/inquiries?q=' + encodeURIComponent('+7 701 555 81 83'))).body.items[0];
    assert.equal(second.sought_birth_date, '1994-03-12');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a search that fills its page offers more; the year the caller says ranks namesakes', async () => {
    const born = new Map();
    for (let i = 0; i < 14; i++) {
      const r = await call('POST', '/api/v1/reports', { source: 'City Hospital No. 4, Almaty', external_id: `H4-MORE-${i}`,
        full_name: `Кенжебеков Нурлан ${['Аманович', 'Болатович', 'Серикович', 'Маратович', 'Ерланович', 'Канатович', 'Бауыржанович'][i % 7]}`,
        birth_date: String(1960 + i), status: 'hospitalised' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      born.set(1960 + i, r.body.person_id);
    }
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.fill('#q', 'Кенжебеков Нурлан');
    await page.locator('#more-results').waitFor();
    assert.equal(await page.locator('#results li.result').count(), 10);
    assert.match(await page.locator('#results-note').innerText(), /10 or more/);
    await page.click('#more-results');
    await page.waitForFunction(() => document.querySelectorAll('#results li.result').length >= 14);
    assert.equal(await page.locator('#more-results').count(), 0);
    // The caller says he was born in 1971: that namesake comes first.
    await page.fill('#sought_birth_date', '1971');
    await page.waitForFunction((id) => document.querySelector('#results li.result')?.dataset.personId === id, born.get(1971));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
