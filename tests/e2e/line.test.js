// The direct line in the operator's language (issue #19): the server's errors and the matching
// engine's reasons said in kk, ru and en; the family's language picked at intake for the SMS;
// a clerk's Windows-1251 list from Excel; the shift lead's dashboard.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, screenshot, apiSession } from './harness.js';

const kWords = {
  kk: { notPhone: '«звоните вечером» — телефон нөмірі емес', surname: 'тегі', language: 'Қазақша' },
  ru: { notPhone: '«звоните вечером» — не номер телефона', surname: 'фамилия', language: 'Русский' },
  en: { notPhone: '“звоните вечером” is not a phone number', surname: 'surname', language: 'English' },
};
// What the engine writes in English; none of it may reach a kk or ru console.
const kEnglishReason = /\b(surname|given|patronymic|same|close|different|rare|sex|unmatched|birth year)\b/;

describe('every word in the operator’s language', () => {
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

  for (const lang of ['kk', 'ru', 'en']) {
    test(`${lang}: a refused phone is explained in ${lang}; the family's language is picked and kept`, async () => {
      const page = await newPage(browser, { lang });
      await signIn(page, server.url, 'aigerim');
      await page.waitForSelector('#inquiry-form');
      // The console's language is the family's unless the operator picks another.
      assert.equal(await page.inputValue('#language'), lang);
      await page.fill('#sought_name', 'Жакупов Марат');
      await page.fill('#inquirer_name', 'Жакупова Айгуль');
      await page.fill('#callback_phone', 'звоните вечером');
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(() => document.getElementById('callback_phone-error').textContent !== '');
      assert.equal(await page.textContent('#callback_phone-error'), kWords[lang].notPhone);
      assert.equal(await page.getAttribute('#callback_phone', 'aria-invalid'), 'true');
      // The family speaks another language than the operator's console.
      const family = lang === 'kk' ? 'ru' : 'kk';
      await page.selectOption('#language', family);
      await page.fill('#callback_phone', `+7 701 555 0${['kk', 'ru', 'en'].indexOf(lang)} 19`);
      await page.keyboard.press('Control+Enter');
      await page.locator('#saved-inquiry').waitFor();
      const id = await page.getAttribute('#saved-inquiry', 'data-inquiry-id');
      const saved = await call('GET', `/api/v1/inquiries/${id}`);
      assert.equal(saved.body.language, family);
      // A saved call clears the form; the next family speaks the console's language again.
      assert.equal(await page.inputValue('#language'), lang);
      if (lang === 'ru') await screenshot(page, 'intake-language');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test(`${lang}: why a candidate was proposed is said in ${lang} on the review screen`, async () => {
      // A family's inquiry and a hospital's list that names the same man.
      const q = await call('POST', '/api/v1/inquiries', { sought_name: 'Сейтказиев Даурен Болатович', sought_sex: 'male',
        inquirer_name: 'Сейтказиева Алма', callback_phone: `+7 701 444 1${['kk', 'ru', 'en'].indexOf(lang)} 20` });
      assert.equal(q.status, 201, JSON.stringify(q.body));
      if (lang === 'kk') {
        const r = await call('POST', '/api/v1/reports', { source: 'City Hospital No. 4, Almaty', external_id: 'H4-WHY-1',
          full_name: 'Seitkaziev Dauren Bolatovich', sex: 'male', status: 'hospitalised' });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      let match;
      for (let i = 0; i < 50 && !match; i++) {
        const m = await call('GET', `/api/v1/inquiries/${q.body.id}/matches`);
        match = (m.body.items || []).find((x) => x.decision === 'pending');
        if (!match) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(match, 'the matcher proposed the hospital’s patient');
      assert.ok(match.reasons.some((r) => r.code === 'name_pair' && r.params.role === 'surname'), JSON.stringify(match.reasons));
      const page = await newPage(browser, { lang });
      await signIn(page, server.url, 'aigerim');
      await page.goto(`${server.url}/#/review`);
      const article = page.locator(`article[data-match-id="${match.id}"]`);
      for (let i = 0; i < 100 && !(await article.count()); i++) await page.keyboard.press('j');
      const why = await article.locator('.why').innerText();
      assert.ok(why.includes(kWords[lang].surname), why);
      if (lang !== 'en') assert.doesNotMatch(why, kEnglishReason);
      // The English text stays at hand, as the engine wrote it.
      assert.equal(await article.locator('.why').getAttribute('title'), match.explanation);
      if (lang === 'ru') await screenshot(page, 'review-ru');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
});
