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
      // The same patient each time (a source's record id makes a report once).
      const r = await call('POST', '/api/v1/reports', { source: 'City Hospital No. 4, Almaty', external_id: 'H4-WHY-1',
        full_name: 'Seitkaziev Dauren Bolatovich', sex: 'male', status: 'hospitalised' });
      assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
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

// Windows-1251 as Excel writes a "CSV (comma delimited)" file in a Russian or Kazakh Windows:
// Cyrillic, and of the Kazakh letters the і/І it holds (ә, ғ, қ, ң, ө, ұ, ү, һ it has not).
function cp1251(text) {
  const special = { Ё: 0xa8, ё: 0xb8, І: 0xb2, і: 0xb3, '№': 0xb9 };
  return Buffer.from([...text].map((c) => {
    const cp = c.codePointAt(0);
    if (cp < 0x80) return cp;
    if (c in special) return special[c];
    if (cp >= 0x410 && cp <= 0x44f) return 0xc0 + cp - 0x410;
    throw new Error(`${c} is not in Windows-1251`);
  }));
}

describe('the clerk’s upload and the shift lead’s dashboard', () => {
  let server, browser, call;
  const hospital = 'City Hospital No. 4, Almaty';
  before(async () => {
    server = await startServer({ users: [{ username: 'admin', role: 'admin' }, { username: 'aigerim', role: 'operator' },
      { username: 'dana', role: 'supervisor' },
      { username: 'clerk4', role: 'clerk', source: hospital },
      { username: 'morgueclerk', role: 'clerk', source: 'Forensic Morgue No. 2, Almaty' }] });
    browser = await launchBrowser();
    call = await apiSession(server.url, 'admin');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['kk', 'ru', 'en']) {
    test(`${lang}: a Windows-1251 list from Excel imports with its Cyrillic and Kazakh letters; past uploads are listed`, async () => {
      const n = ['kk', 'ru', 'en'].indexOf(lang);
      const csv = cp1251(['№;Фамилия;Имя;Отчество;Дата рождения;Пол;Статус',
        `XL-${n}-1;Сейітов;Берік;Жанібекович;12.03.1994;М;госпитализирован`,
        `XL-${n}-2;Ёлкина;Інкар;Петровна;01.02.1980;Ж;госпитализирована`,
        `XL-${n}-3;Ахметов;Ерлан;;31.02.1990;М;госпитализирован`].join('\r\n') + '\r\n');
      assert.ok(!csv.includes(Buffer.from('Сейітов')), 'the file is not UTF-8');
      const page = await newPage(browser, { lang });
      await signIn(page, server.url, 'clerk4');
      await page.goto(`${server.url}/#/upload`);
      await page.locator('#upload-history-title').waitFor();
      // A template in the console's language, served as CSV with a BOM for Excel.
      const href = await page.getAttribute('#template-link', 'href');
      assert.equal(href, `templates/list-${lang}.csv`);
      const template = await fetch(`${server.url}/${href}`);
      assert.equal(template.status, 200);
      assert.match(template.headers.get('content-type'), /^text\/csv/);
      assert.deepEqual([...new Uint8Array(await template.arrayBuffer()).slice(0, 3)], [0xef, 0xbb, 0xbf]);

      await page.setInputFiles('#csv-file', { name: 'список.csv', mimeType: 'text/csv', buffer: csv });
      await page.click('#check');
      await page.locator('#upload-summary').waitFor();
      // The bad date is said in the console's language, the rest is valid.
      const rejected = await page.locator('#upload-result table').innerText();
      assert.match(rejected, { kk: /«31\.02\.1990» — күн емес/, ru: /«31\.02\.1990» — не дата/, en: /“31\.02\.1990” is not a date/ }[lang]);
      // How the file was read, in the console's language too: the encoding Excel used.
      const note = await page.locator('#upload-result ul.muted li').first().innerText();
      assert.match(note, { kk: /^windows-1251 ретінде оқылды, бөлгіш «;»; бағандар: жазба нөмірі, тегі, аты, әкесінің аты, туған күні, жынысы, жағдайы$/,
        ru: /^прочитан как windows-1251, разделитель «;»; столбцы: номер записи, фамилия, имя, отчество, дата рождения, пол, статус$/,
        en: /^read as windows-1251, separated by “;”; columns: record number, surname, given name, patronymic, birth date, sex, status$/ }[lang]);
      const before = await page.locator('#upload-history tbody tr').count();
      assert.equal(before, n);  // one upload each earlier language
      await page.click('#commit');
      await page.waitForFunction((k) => document.querySelectorAll('#upload-history tbody tr').length === k, before + 1);
      // The newest first: by whom, two new, one with an error, imported.
      const cells = await page.locator('#upload-history tbody tr').first().locator('td').allInnerTexts();
      assert.deepEqual(cells.slice(1), ['clerk4', '2', '0', '0', '1',
        { kk: 'импортталды', ru: 'импортирован', en: 'imported' }[lang]]);
      if (lang === 'ru') await screenshot(page, 'upload-history');
      assert.deepEqual(page.problems, []);
      await page.context().close();
      // The names arrived as written, Kazakh і included.
      const found = await call('GET', `/api/v1/search?q=${encodeURIComponent('Сейітов Берік')}&limit=5`);
      assert.ok(found.body.items.some((x) => x.display_name === 'Сейітов Берік Жанібекович'), JSON.stringify(found.body));
      const yolkina = await call('GET', `/api/v1/search?q=${encodeURIComponent('Ёлкина Інкар')}&limit=5`);
      assert.ok(yolkina.body.items.some((x) => x.display_name === 'Ёлкина Інкар Петровна'), JSON.stringify(yolkina.body));
    });
  }

  for (const lang of ['kk', 'ru', 'en']) {
    test(`${lang}: the shift lead sees the review backlog, overdue callbacks, the oldest unanswered inquiry and calls per operator`, async () => {
      // An operator at work: a search and a call taken in the last hour.
      const operator = await apiSession(server.url, 'aigerim');
      assert.equal((await operator('GET', `/api/v1/search?q=${encodeURIComponent('Токаев')}`)).status, 200);
      const q = await operator('POST', '/api/v1/inquiries', { sought_name: 'Нұрланов Арман', inquirer_name: 'Нұрланова Жанар',
        callback_phone: `+7 701 333 2${['kk', 'ru', 'en'].indexOf(lang)} 40` });
      assert.equal(q.status, 201, JSON.stringify(q.body));
      // Aggregates for the shift lead only.
      assert.equal((await operator('GET', '/api/v1/figures/shift')).status, 403);
      const lead = await apiSession(server.url, 'dana');
      const f = (await lead('GET', '/api/v1/figures/shift')).body;
      assert.ok(f.calls_last_hour >= 1 && f.staff_on_shift === 1, JSON.stringify(f));
      assert.ok(f.oldest_unanswered_seconds >= 0 && f.oldest_unanswered_at, JSON.stringify(f));
      assert.deepEqual(Object.keys(f).sort(), ['calls_last_hour', 'oldest_unanswered_at', 'oldest_unanswered_seconds',
        'overdue_callbacks', 'pending_callbacks', 'review_backlog', 'staff_on_shift']);

      const page = await newPage(browser, { lang });
      await signIn(page, server.url, 'dana');
      await page.goto(`${server.url}/#/dashboard`);
      await page.locator('#shift').waitFor();
      assert.equal(await page.textContent('#shift-title'), { kk: 'Ауысым', ru: 'Смена', en: 'This shift' }[lang]);
      const value = (k) => page.textContent(`#shift [data-figure="${k}"] .tile-value`);
      assert.equal(await value('review_backlog'), String(f.review_backlog));
      assert.equal(await value('overdue_callbacks'), String(f.overdue_callbacks));
      assert.equal(await value('calls_per_staff'), `${f.calls_last_hour} / 1`);
      assert.match(await value('oldest_unanswered'), { kk: /мин|сағ|күн/, ru: /мин|ч|д/, en: /min|h|d/ }[lang]);
      if (lang === 'en') await screenshot(page, 'dashboard-shift');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }

  test('past uploads: a clerk sees only their own source’s, through the audit log', async () => {
    const clerk = await apiSession(server.url, 'clerk4');
    const own = await clerk('GET', '/api/v1/imports');
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.items.length, 3);
    assert.ok(own.body.items.every((r) => r.written && r.created === 2 && r.rejected === 1 && r.by === 'clerk4'));
    const sources = (await call('GET', '/api/v1/sources')).body.items;
    const morgue = sources.find((s) => s.name === 'Forensic Morgue No. 2, Almaty');
    const other = await clerk('GET', `/api/v1/imports?source_id=${morgue.id}`);
    assert.equal(other.status, 403);
    const morgueClerk = await apiSession(server.url, 'morgueclerk');
    assert.equal((await morgueClerk('GET', '/api/v1/imports')).body.items.length, 0);
    // An admin names the source; the reading is audited.
    const hospitalId = sources.find((s) => s.name === hospital).id;
    assert.equal((await call('GET', `/api/v1/imports?source_id=${hospitalId}`)).body.items.length, 3);
    const audit = await call('GET', `/api/v1/audit?action=import.list&limit=10`);
    assert.equal(audit.status, 200);
    assert.ok(JSON.stringify(audit.body).includes('import.list'));
  });
});
