// What families are told (issue #19): confirming a death is a second step with both descriptions
// side by side, and can be undone; one call at a time per family; a saved call never carries its
// caller into the next; shortcuts work on a Cyrillic keyboard layout.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, screenshot, apiSession, a11yProblems } from './harness.js';

// A key as a Russian ЙЦУКЕН layout sends it: the letter differs, the physical key does not.
async function pressOnCyrillicLayout(page, letter, code) {
  await page.evaluate(([key, c]) => {
    document.dispatchEvent(new KeyboardEvent('keydown', { key, code: c, bubbles: true, cancelable: true }));
  }, [letter, code]);
}

describe('safety of what families are told', () => {
  let server, browser, call;
  before(async () => {
    server = await startServer({ users: [{ username: 'admin', role: 'admin' }, { username: 'aigerim', role: 'operator' },
      { username: 'daulet', role: 'operator' }] });
    browser = await launchBrowser();
    call = await apiSession(server.url, 'admin');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Brings the review queue to the candidate whose sought name is `name` (and whose found side
  // says `found`, when given: the demo data has candidates of its own).
  async function reviewCandidateOf(page, name, found = '') {
    await page.goto(`${server.url}/#/review`);
    await page.waitForSelector('article.match');
    for (let i = 0; i < 80; i++) {
      if (await page.locator('section[aria-labelledby="side-sought"] .big-name').innerText() === name &&
          (await page.locator('section[aria-labelledby="side-found"]').innerText()).includes(found)) return;
      await page.keyboard.press('j');
    }
    assert.fail(`no candidate for ${name} in the review queue`);
  }

  async function pendingMatchOf(inquiryId, features = '') {
    for (let i = 0; i < 50; i++) {
      const r = await call('GET', `/api/v1/inquiries/${inquiryId}/matches`);
      const m = (r.body.items || []).find((x) => x.decision === 'pending' && (!features || (x.person.features || '').includes(features)));
      if (m) return m;
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.fail('no candidate was proposed');
  }

  test('a death is confirmed in a second step, beside both descriptions, and can be undone', async () => {
    const q = await call('POST', '/api/v1/inquiries', { sought_name: 'Bolat Zhandarbekov', sought_sex: 'male',
      sought_approx_age: 30, sought_features: 'tattoo of a wolf on the left forearm', last_seen_place: 'Republic Square',
      inquirer_name: 'Saule Zhandarbekova', inquirer_relation: 'wife', callback_phone: '+7 777 555 10 10' });
    assert.equal(q.status, 201);
    const r = await call('POST', '/api/v1/reports', { source: 'Forensic Morgue No. 2, Almaty', external_id: 'M2-SAFE-1', sex: 'male',
      approx_age: 32, features: 'wolf tattoo, left forearm; black jacket', status: 'deceased' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const match = await pendingMatchOf(q.body.id, 'black jacket');

    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await reviewCandidateOf(page, 'Bolat Zhandarbekov', 'black jacket');
    await page.keyboard.press('c');
    const dialog = page.locator('#grave-confirm');
    await dialog.waitFor();
    assert.match(await dialog.locator('#grave-family').innerText(), /wolf on the left forearm/);
    assert.match(await dialog.locator('#grave-family').innerText(), /Republic Square/);
    assert.match(await dialog.locator('#grave-found').innerText(), /wolf tattoo, left forearm; black jacket/);
    // No key confirms: C again, Enter on the focused "back" button, nothing is decided.
    await page.keyboard.press('c');
    assert.equal(await page.isDisabled('#grave-yes'), true);
    assert.deepEqual(await a11yProblems(page), []);
    await screenshot(page, 'review-confirm-death');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    let now = await call('GET', `/api/v1/inquiries/${q.body.id}/matches`);
    assert.equal(now.body.items.find((x) => x.id === match.id).decision, 'pending');

    await page.keyboard.press('c');
    await dialog.waitFor();
    await page.check('#grave-compared');
    await page.click('#grave-yes');
    await page.locator('#toast-action').waitFor();
    const inquiry = await call('GET', `/api/v1/inquiries/${q.body.id}`);
    assert.equal(inquiry.body.state, 'confirmed');
    const sms = await call('GET', '/api/v1/outbox');
    assert.ok(sms.body.items.some((m) => m.recipient === '+7 777 555 10 10'), 'the SMS is queued');

    await page.click('#toast-action');
    await page.locator('#toast:has-text("undone")').waitFor();
    now = await call('GET', `/api/v1/inquiries/${q.body.id}/matches`);
    assert.equal(now.body.items.find((x) => x.id === match.id).decision, 'pending');
    assert.equal((await call('GET', `/api/v1/inquiries/${q.body.id}`)).body.state, 'candidate_found');
    const after = await call('GET', '/api/v1/outbox');
    assert.ok(!after.body.items.some((m) => m.recipient === '+7 777 555 10 10'), 'the SMS is withdrawn');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a "same person?" that would make a patient dead is a second step, and the merge can be undone', async () => {
    const patient = await call('POST', '/api/v1/reports', { source: 'City Hospital No. 4, Almaty', external_id: 'H4-SAFE-5',
      full_name: 'Нурланов Бекзат', sex: 'male', approx_age: 25, features: 'scar over the right eyebrow', status: 'hospitalised' });
    assert.equal(patient.status, 201, JSON.stringify(patient.body));
    const personId = patient.body.person_id;
    const claim = await call('POST', '/api/v1/reports', { source: 'Forensic Morgue No. 2, Almaty', external_id: 'M2-SAFE-5',
      full_name: 'Нурланов Бекзат', sex: 'male', features: 'no scar seen; blue shirt', status: 'deceased' });
    assert.equal(claim.status, 201, JSON.stringify(claim.body));
    let match;
    for (let i = 0; i < 50 && !match; i++) {
      const r = await call('GET', '/api/v1/matches?decision=pending&limit=200');
      match = (r.body.items || []).find((x) => x.report && x.report.id === claim.body.id && x.person.id === personId);
      if (!match) await new Promise((res) => setTimeout(res, 200));
    }
    assert.ok(match, 'the claim waits as "same person?"');
    const statusOf = async () => (await call('GET', `/api/v1/persons/${personId}`)).body.status;

    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await reviewCandidateOf(page, 'Нурланов Бекзат', 'scar over the right eyebrow');
    await page.keyboard.press('c');
    const dialog = page.locator('#grave-confirm');
    await dialog.waitFor();
    assert.match(await dialog.locator('#grave-report').innerText(), /no scar seen; blue shirt/);
    assert.match(await dialog.locator('#grave-found').innerText(), /scar over the right eyebrow/);
    assert.match(await dialog.locator('#grave-yes').innerText(), /recorded as dead/);
    await screenshot(page, 'review-same-person-death');
    await page.keyboard.press('Enter');  // "back" has the focus
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await statusOf(), 'hospitalised');

    await page.keyboard.press('c');
    await dialog.waitFor();
    await page.check('#grave-compared');
    await page.click('#grave-yes');
    await page.locator('#toast:has-text("Merged")').waitFor();
    assert.equal(await statusOf(), 'deceased');
    await page.click('#toast-action');
    await page.locator('#toast:has-text("Merge undone")').waitFor();
    assert.equal(await statusOf(), 'hospitalised');
    const queue = await call('GET', '/api/v1/matches?decision=pending&limit=200');
    assert.ok(queue.body.items.some((x) => x.id === match.id), 'the question is back in the queue');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('review shortcuts work on a Cyrillic keyboard layout', async () => {
    const q = await call('POST', '/api/v1/inquiries', { sought_name: 'Erzhan Tulegenov', inquirer_name: 'Ainur Tulegenova',
      callback_phone: '+7 777 555 20 20' });
    await call('POST', '/api/v1/reports', { source: 'City Hospital No. 4, Almaty', external_id: 'H4-SAFE-2',
      full_name: 'Тулегенов Ержан', sex: 'male', status: 'hospitalised' });
    const match = await pendingMatchOf(q.body.id);
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await reviewCandidateOf(page, 'Erzhan Tulegenov');
    await pressOnCyrillicLayout(page, 'г', 'KeyU');  // U: not sure
    await page.locator('#toast:has-text("not sure")').waitFor();
    const now = await call('GET', `/api/v1/inquiries/${q.body.id}/matches`);
    assert.equal(now.body.items.find((x) => x.id === match.id).decision, 'unsure');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a saved call clears the form; Ctrl+Enter twice saves once', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.fill('#q', 'Сапарова Меруерт');
    await page.fill('#inquirer_name', 'Сапаров Нұрлан');
    await page.fill('#callback_phone', '+7 702 555 30 30');
    await page.keyboard.press('Control+Enter');
    await page.keyboard.press('Control+Enter');
    await page.locator('#saved-inquiry').waitFor();
    assert.equal(await page.inputValue('#inquirer_name'), '');
    assert.equal(await page.inputValue('#callback_phone'), '');
    const list = await call('GET', '/api/v1/inquiries?limit=200');
    assert.equal(list.body.items.filter((i) => i.callback_phone === '+7 702 555 30 30').length, 1);
    // The next caller: the last call's candidates go, and nothing of its caller is sent.
    await page.fill('#q', 'Жұмабаев Ерлан');
    await page.locator('#saved-inquiry').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Enter');
    assert.equal(await page.getAttribute('#inquirer_name', 'aria-invalid'), 'true');
    const again = await call('GET', '/api/v1/inquiries?limit=200');
    assert.equal(again.body.items.filter((i) => i.callback_phone === '+7 702 555 30 30').length, 1);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('one operator calls a family at a time; the card shows the code and whom to expect', async () => {
    const q = await call('POST', '/api/v1/inquiries', { sought_name: 'Aidos Serikbayev', inquirer_name: 'Gulmira Serikbayeva',
      inquirer_relation: 'mother', callback_phone: '+7 701 555 40 41' });
    await call('POST', '/api/v1/reports', { source: 'City Hospital No. 4, Almaty', external_id: 'H4-SAFE-4',
      full_name: 'Серікбаев Айдос', sex: 'male', status: 'hospitalised' });
    const match = await pendingMatchOf(q.body.id);
    assert.equal((await call('POST', `/api/v1/matches/${match.id}/decision`, { decision: 'confirmed' })).status, 200);

    const first = await newPage(browser);
    await signIn(first, server.url, 'aigerim');
    await first.goto(`${server.url}/#/callbacks`);
    const mine = first.locator('.callback:has-text("+7 701 555 40 41")');
    await mine.waitFor();
    await mine.focus();
    await mine.locator('.claim:has-text("You are calling")').waitFor();
    assert.match(await mine.locator('.family-code .code').innerText(), /^\d{4} \d{4}$/);
    assert.match(await mine.locator('.check-caller').innerText(), /Gulmira Serikbayeva \(Mother\)/i);

    const second = await newPage(browser);
    await signIn(second, server.url, 'daulet');
    await second.goto(`${server.url}/#/callbacks`);
    const theirs = second.locator('.callback:has-text("+7 701 555 40 41")');
    await theirs.waitFor();
    await theirs.locator('.claim:has-text("aigerim")').waitFor();
    await theirs.focus();
    await theirs.locator('.claim:has-text("Another operator")').waitFor();
    assert.equal(await theirs.locator('button[data-outcome="informed"]').isDisabled(), true);
    await screenshot(second, 'callback-taken');
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems, []);
    await first.context().close();
    await second.context().close();
  });
});
