// The public page's "where is my application" (issue #18): an applicant with the application's
// number and their own IIN sees the state and what is missing, in their language; another IIN
// sees the same "not found" as an unknown number; the IIN never goes into a URL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiSession, screenshot } from './harness.js';

const kIin = '900101300017';
const kOtherIin = '850115400911';

describe('applicant status on the public page', () => {
  let server, browser, number;
  before(async () => {
    server = await startServer({ demo: false });
    browser = await launchBrowser();
    const call = await apiSession(server.url);
    const programme = await call('POST', '/api/v1/recovery/programmes', {
      code: 'e2e-homes', name: 'Damaged homes', claim_kinds: ['home'], amount_rule: 'assessed',
      period_start: '2020-01-01',
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    const claim = await call('POST', '/api/v1/recovery/claims', {
      kind: 'home', programme: 'e2e-homes', channel: 'call',
      applicant_name: 'Жұмабекова Әйгерім', applicant_id: kIin, amount_claimed: 3000000,
      object: { kind: 'home', address: 'г. Алматы, ул. Абая, д. 7, кв. 3' },
    });
    assert.equal(claim.status, 201, JSON.stringify(claim.body));
    number = claim.body.claim.id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [lang, title, missingIban] of [
    ['ru', /Заявление .*: /, 'ваш банковский счёт (IBAN)'],
    ['kk', /өтініші: /, 'банк шотыңыз (IBAN)'],
    ['en', /Application .*: /, 'your bank account (IBAN)'],
  ]) {
    test(`${lang}: the own number and IIN show the state and what is missing, nothing else`, async () => {
      const page = await newPage(browser, { width: 360, height: 740, lang });
      const urls = [];
      page.on('request', (r) => urls.push(r.url()));
      await page.goto(`${server.url}/public/`);
      await page.fill('#c-number', number);
      await page.fill('#c-iin', '9001 0130 0017');
      await page.click('#claim-status-form button[type=submit]');
      const answer = page.locator('#claim-status');
      await answer.waitFor();
      assert.match(await answer.locator('.answer-title').innerText(), title);
      const missing = await page.locator('#claim-missing li').allInnerTexts();
      assert.ok(missing.includes(missingIban), missing.join(' | '));
      const text = await answer.innerText();
      for (const secret of ['Жұмабекова', 'Абая', '3000000', kIin]) assert.ok(!text.includes(secret), secret);
      assert.ok(urls.every((u) => !u.includes(kIin) && !u.includes('90010130')), 'the IIN went into a URL');
      if (lang === 'ru') await screenshot(page, 'public-claim-status');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }

  test('another IIN is told "not found", exactly as an unknown number', async () => {
    const page = await newPage(browser, { width: 360, height: 740, lang: 'en' });
    await page.goto(`${server.url}/public/`);
    await page.fill('#c-number', number);
    await page.fill('#c-iin', kOtherIin);
    await page.click('#claim-status-form button[type=submit]');
    await page.locator('#claim-status-error').waitFor();
    const wrongIin = await page.locator('#claim-status-error').innerText();
    assert.match(wrongIin, /No application with this number and IIN/);
    await page.fill('#c-number', 'clm_doesnotexist');
    await page.fill('#c-iin', kIin);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/public/claim-status')),
      page.click('#claim-status-form button[type=submit]'),
    ]);
    assert.equal(response.status(), 404);
    await page.waitForFunction(() => !document.querySelector('#claim-status-form button').disabled);
    assert.equal(await page.locator('#claim-status-error').innerText(), wrongIin);
    assert.equal(await page.locator('#claim-status').count(), 0);
    await page.context().close();
  });
});
