// The operator console in Debian's chromium against the real server with the demo data set:
// sign-in, search as you type, saving an inquiry (by mouse and by keyboard alone), the language
// switch, 360 px layout, the person page and the admin pages.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, screenshot, apiSession, password, a11yProblems } from './harness.js';

describe('operator console', () => {
  let server, browser, call;
  before(async () => {
    server = await startServer({ users: [{ username: 'admin', role: 'admin' }, { username: 'aigerim', role: 'operator' },
      { username: 'sup', role: 'supervisor' }] });
    browser = await launchBrowser();
    call = await apiSession(server.url, 'admin');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('sign-in: a wrong password is refused, the right one opens call intake', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#username');
    assert.equal(await page.getAttribute('#username', 'autocomplete'), 'username');
    assert.deepEqual(await a11yProblems(page), []);
    await screenshot(page, 'signin');
    await page.fill('#username', 'aigerim');
    await page.fill('#password', 'wrong password');
    await page.press('#password', 'Enter');
    await page.waitForSelector('#signin-error:has-text("not right")');
    await page.fill('#password', password);
    await page.press('#password', 'Enter');
    await page.waitForSelector('#signout');
    assert.match(page.url(), /#\/intake$/);
    // An operator sees the operator pages only.
    const nav = await page.locator('#topbar nav a').allInnerTexts();
    assert.deepEqual(nav, ['Call intake', 'Review', 'Callbacks', 'Inquiries']);
    // The session survives a reload (the CSRF token comes back from /auth/me).
    await page.reload();
    await page.waitForSelector('#signout');
    await page.click('#signout');
    await page.waitForSelector('#username');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('search as you type finds "Серіков Ерлан Маратұлы" from "Yerlan Ser", parts highlighted', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.locator('#q').pressSequentially('Yerlan Ser', { delay: 25 });
    const first = page.locator('#results .result').first();
    await first.locator('.result-name:has-text("Серіков Ерлан Маратұлы")').waitFor();
    // The answers to "Yerlan S" and "Yerlan Se" show the same person first, marked "С" and "Се":
    // wait for the answer to the whole text (under load it comes a moment later).
    await first.locator('mark', { hasText: /^Сер/ }).waitFor();
    const marks = await first.locator('mark').allInnerTexts();
    assert.ok(marks.includes('Ерлан'), `marks: ${marks}`);
    assert.ok(marks.some((m) => m.startsWith('Сер')), `marks: ${marks}`);
    assert.match(await first.locator('.badge').innerText(), /in hospital/);
    // Source and last update come with each result.
    await first.locator('.result-meta:has-text("City Hospital No. 4")').waitFor();
    await first.locator('.result-meta time').waitFor();
    // The sought name in the form follows the search box until edited.
    assert.equal(await page.inputValue('#sought_name'), 'Yerlan Ser');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('saving an inquiry (Ctrl+Enter) shows it and its candidates on the same screen', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.fill('#q', 'Серіков Ерлан');
    await page.waitForSelector('#results .result');
    await page.fill('#sought_name', 'Серіков Ерлан Маратұлы');
    await page.selectOption('#sought_sex', 'male');
    await page.fill('#sought_birth_date', '1994');
    await page.fill('#last_seen_place', 'Republic Square');
    await page.fill('#inquirer_name', 'Серікова Айгүл');
    await page.selectOption('#inquirer_relation', 'mother');
    await page.fill('#callback_phone', '+7 701 555 01 99');
    // A missing required field is marked instead of sent.
    await page.fill('#callback_phone', '');
    await page.keyboard.press('Control+Enter');
    assert.equal(await page.getAttribute('#callback_phone', 'aria-invalid'), 'true');
    await page.fill('#callback_phone', '+7 701 555 01 99');
    await page.keyboard.press('Control+Enter');
    const saved = page.locator('#saved-inquiry');
    await saved.waitFor();
    const id = await saved.getAttribute('data-inquiry-id');
    const stored = await call('GET', `/api/v1/inquiries/${id}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.sought_name, 'Серіков Ерлан Маратұлы');
    assert.equal(stored.body.inquirer_relation, 'mother');
    assert.equal(stored.body.callback_phone, '+7 701 555 01 99');
    assert.equal(stored.body.sought_birth_date, '1994');
    // Candidates for this inquiry (from matching, or the name search until matching exists).
    await page.locator('#candidates .result-name:has-text("Серіков")').first().waitFor();
    await screenshot(page, 'intake');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('keyboard only: search, fill the inquiry, save, open a result', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#username');
    await page.keyboard.type('aigerim');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#signout');
    // Focus lands in the search box.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.type('Ахметова Динара', { delay: 20 });
    await page.waitForSelector('#results .result-name:has-text("Ахметова")');
    // Enter jumps to the caller; Tab walks the rest of the form.
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'inquirer_name');
    await page.keyboard.type('Ахметов Қайрат');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'inquirer_relation');
    await page.keyboard.press('f');  // "father"
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'callback_phone');
    await page.keyboard.type('+7 705 555 12 34');
    await page.keyboard.press('Control+Enter');
    const id = await page.locator('#saved-inquiry').getAttribute('data-inquiry-id');
    const stored = await call('GET', `/api/v1/inquiries/${id}`);
    assert.equal(stored.body.sought_name, 'Ахметова Динара');
    assert.equal(stored.body.inquirer_name, 'Ахметов Қайрат');
    assert.equal(stored.body.inquirer_relation, 'father');
    // "/" returns to the search, ↓ moves into the results, Enter opens the person.
    await page.keyboard.press('Escape');
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'result-link');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#spellings');
    assert.match(await page.locator('h1').innerText(), /Ахметова Динара/);
    // Alt+1 goes back to intake, where the call is still on screen.
    await page.keyboard.press('Alt+1');
    await page.waitForSelector('#saved-inquiry');
    assert.equal(await page.inputValue('#q'), 'Ахметова Динара');
    // Alt+N starts a new call.
    await page.keyboard.press('Alt+n');
    assert.equal(await page.inputValue('#q'), '');
    assert.equal(await page.inputValue('#inquirer_name'), '');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('language switch: strings, locale and the choice survive a reload', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    const h1 = () => page.locator('main h1').first().innerText();
    assert.equal(await h1(), 'Call intake');
    await page.fill('#q', 'Серіков');  // typed text survives the redraw
    await page.selectOption('#lang-select', 'kk');
    await page.waitForFunction(() => document.documentElement.lang === 'kk');
    assert.equal(await h1(), 'Қоңырау қабылдау');
    assert.equal(await page.inputValue('#q'), 'Серіков');
    assert.equal(await page.locator('label[for="callback_phone"]').innerText(), 'Кері қоңырауға телефон');
    await page.locator('#results .badge:has-text("ауруханада")').first().waitFor();
    // Dates in Kazakh even where the browser's ICU has no Kazakh calendar data.
    const kkMeta = page.locator('#results .result-meta:has-text("наурыз")').first();
    await kkMeta.waitFor();
    assert.doesNotMatch(await kkMeta.innerText(), /M0\d|-\d+ s\b/);
    assert.match(await kkMeta.innerText(), /1994 ж\. 12 наурыз туған/);
    await screenshot(page, 'intake-kk');
    await page.selectOption('#lang-select', 'ru');
    assert.equal(await h1(), 'Приём звонка');
    assert.equal(await page.locator('#signout').innerText(), 'Выйти');
    await page.reload();
    await page.waitForSelector('#signout');
    assert.equal(await h1(), 'Приём звонка');
    assert.equal(await page.evaluate(() => localStorage.getItem('aftermath.lang')), 'ru');
    // Dates through Intl in the chosen language.
    await page.fill('#q', 'Серіков Ерлан');
    const born = page.locator('#results .result-meta:has-text("род.")').first();
    await born.waitFor();
    assert.match(await born.innerText(), /12 мар(та|\.) 1994/);
    await page.selectOption('#lang-select', 'en');
    assert.equal(await h1(), 'Call intake');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('1280 px wide: an admin’s top bar is one line in every language', async () => {
    for (const lang of ['ru', 'kk', 'en']) {
      const page = await newPage(browser, { width: 1280, lang });
      await signIn(page, server.url, 'admin');
      const tops = await page.evaluate(() => [...document.querySelectorAll('#topbar .brand, #topbar nav a, #topbar .tools')]
        .map((el) => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2)));
      const spread = Math.max(...tops) - Math.min(...tops);
      assert.ok(spread <= 4, `${lang}: the top bar wraps (${tops.join(', ')})`);
      await page.context().close();
    }
  });

  test('360 px wide: no horizontal scroll on any page; labels, names and headings in place', async () => {
    const page = await newPage(browser, { width: 360, height: 740 });
    await signIn(page, server.url, 'admin');
    const routes = ['intake', 'review', 'callbacks', 'inquiries', 'upload', 'dashboard', 'admin/users', 'admin/sources', 'admin/tokens', 'admin/audit',
      'inspect', 'claim', 'conflicts'];
    const persons = await call('GET', '/api/v1/search?q=Серіков%20Ерлан&limit=1');
    routes.push(`person/${persons.body.items[0].person_id}`);
    for (const lang of ['en', 'kk']) {
      await page.selectOption('#lang-select', lang);
      for (const r of routes) {
        await page.goto(`${server.url}/#/${r}`);
        await page.waitForSelector('main h1');
        await page.waitForLoadState('networkidle');
        if (r === 'intake') {
          await page.fill('#q', 'Yerlan Ser');
          await page.waitForSelector('#results .result-meta time');
        }
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(scroll <= client, `${lang} #/${r}: page is ${scroll}px wide in a ${client}px window`);
        assert.deepEqual(await a11yProblems(page), [], `${lang} #/${r}`);
        if (lang === 'en' && r === 'intake') await screenshot(page, 'intake-360');
      }
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('person page: spellings, status history with sources, reports', async () => {
    // A second report from another source, in another spelling, for the same person.
    const found = await call('GET', '/api/v1/search?q=Серіков%20Ерлан&limit=1');
    const personId = found.body.items[0].person_id;
    const r = await call('POST', '/api/v1/reports', { source: 'Red Crescent Shelter, Sairan', external_id: 'S-77',
      person_id: personId, full_name: 'Serikov Yerlan', status: 'safe', observed_at: '2026-01-07T09:00:00Z' });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.goto(`${server.url}/#/person/${personId}`);
    await page.waitForSelector('#spellings');
    const spellings = await page.locator('#spellings').innerText();
    assert.match(spellings, /Серіков Ерлан Маратұлы/);
    assert.match(spellings, /Serikov Yerlan/);
    const history = await page.locator('section[aria-labelledby="history-title"]').innerText();
    assert.match(history, /City Hospital No\. 4/);
    assert.match(history, /Red Crescent Shelter/);
    await page.locator('section[aria-labelledby="reports-title"] td:has-text("Serikov Yerlan")').waitFor();
    await screenshot(page, 'person');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('admin: users, sources, tokens, audit search and verify; supervisor sees less', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/#/admin/users`);
    await page.locator('td:text-is("aigerim")').first().waitFor();
    await page.fill('#new-username', 'dana');
    await page.fill('#new-display', 'Дана Қасымова');
    await page.selectOption('#new-role', 'operator');
    await page.fill('#new-password', 'another long password');
    await page.click('#user-form button[type=submit]');
    await page.locator('td:has-text("dana")').waitFor();
    await screenshot(page, 'admin-users');
    await page.goto(`${server.url}/#/admin/sources`);
    await page.locator('td:has-text("Forensic Morgue No. 2")').waitFor();
    await page.goto(`${server.url}/#/admin/tokens`);
    await page.waitForSelector('#tok-source option:nth-child(2)', { state: 'attached' });
    await page.fill('#tok-name', 'hospital uploader');
    // No source is picked for the admin: creating without one is refused in place.
    await page.click('#token-form button[type=submit]');
    assert.equal(await page.getAttribute('#tok-source', 'aria-invalid'), 'true');
    assert.equal(await page.locator('code.secret').count(), 0);
    await page.selectOption('#tok-source', { label: 'City Hospital No. 4, Almaty' });
    await page.click('#token-form button[type=submit]');
    await page.locator('code.secret').waitFor();
    await page.locator('td:has-text("hospital uploader")').waitFor();
    // More of the admin's rows than a page holds (each list of persons is an audited read).
    for (let i = 0; i < 35; i++) await call('GET', '/api/v1/persons?limit=1');
    await page.goto(`${server.url}/#/admin/audit`);
    await page.fill('#audit-action', 'user.create');
    await page.press('#audit-action', 'Enter');
    await page.locator('td:has-text("user.create")').first().waitFor();
    // Who did it, by name; and by name it is found.
    assert.ok((await page.locator('#main td').allInnerTexts()).includes('admin'));
    await page.fill('#audit-action', '');
    await page.fill('#audit-actor', 'admin');
    await page.press('#audit-actor', 'Enter');
    await page.locator('#audit-older').waitFor();
    const firstPage = await page.locator('#main tbody tr').count();
    await page.click('#audit-older');
    await page.waitForFunction((n) => document.querySelectorAll('#main tbody tr').length > n, firstPage);
    await page.click('#verify');
    await page.locator('#verify-result:has-text("intact")').waitFor();
    await screenshot(page, 'admin-audit');
    await page.context().close();

    const sup = await newPage(browser);
    await signIn(sup, server.url, 'sup');
    await sup.goto(`${server.url}/#/admin`);
    assert.deepEqual(await sup.locator('.tabs a').allInnerTexts(), ['Sources', 'Audit log']);
    await sup.goto(`${server.url}/#/admin/users`);  // not for a supervisor: falls back to sources
    await sup.locator('td:has-text("Forensic Morgue No. 2")').waitFor();
    assert.deepEqual([...page.problems, ...sup.problems], []);
    await sup.context().close();
  });
});
