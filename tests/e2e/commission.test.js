// The register on screen (issue #18): a commission's session walked by its three members, each
// in another language (the secretary in Kazakh, a member in Russian, the chair in English) —
// the agenda from ready claims, each claim's file, votes by single keys, a conflict declared,
// the quorum and the majority, decisions recorded, the session closed, the act signed by every
// member present and downloaded as PDF (read back with pdftotext); then finance builds a
// payment list with a claim held back, downloads pain.001, uploads the bank's answer and sees
// one payment paid and one returned. Everything is set up through the API in the test.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, newPage, signIn, screenshot, apiSession, a11yProblems } from './harness.js';

// A valid IIN (two-pass mod 11) born 1990-01-01, the n-th.
function iin(n) {
  for (let serial = n * 7; ; serial++) {
    const d = `9001013${String(serial).padStart(4, '0')}`.split('').map(Number);
    let s = d.reduce((a, x, i) => a + x * (i + 1), 0) % 11;
    if (s === 10) s = d.reduce((a, x, i) => a + x * (((i + 2) % 11) + 1), 0) % 11;
    if (s !== 10) return d.join('') + s;
  }
}

// A valid Kazakh IBAN at Halyk Bank (bank code 601, a BIC the register knows) for account n.
function halykIban(n) {
  const bban = `601A${861001700000 + n}`;
  let mod = 0;
  for (const c of `${bban}KZ00`) {
    const digits = /[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c;
    for (const d of digits) mod = (mod * 10 + Number(d)) % 97;
  }
  return `KZ${String(98 - mod).padStart(2, '0')}${bban}`;
}

const kProgramme = 'almaty-shops';

// The roles and the register's set-up every test here shares.
async function setUp(server) {
  const admin = await apiSession(server.url, 'admin');
  const users = (await admin('GET', '/api/v1/users')).body.items;
  const id = (name) => users.find((u) => u.username === name).id;
  const ok = async (who, method, p, body) => {
    const r = await who(method, p, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await ok(admin, 'POST', '/api/v1/recovery/programmes', {
    code: kProgramme, name: 'Дүкендерге көмек', claim_kinds: ['business_property'], amount_rule: 'assessed',
    cap_per_object: 50000000, budget: 500000000, valuer_threshold: 100000000, period_start: '2020-01-01' });
  const clerk = await apiSession(server.url, 'rclerk');
  const inspector = await apiSession(server.url, 'inspector');
  const commission = await ok(admin, 'POST', '/api/v1/recovery/commissions', {
    programme: kProgramme, name: 'Медеу ауданының комиссиясы', quorum: 2,
    members: [{ user_id: id('chair'), role: 'chair' }, { user_id: id('secretary'), role: 'secretary' },
      { user_id: id('member'), role: 'member' }] });
  // A shop claim taken in, inspected, valued by the schedule and ready for the commission.
  let n = 0;
  async function readyClaim(damage) {
    n += 1;
    const res = await ok(clerk, 'POST', '/api/v1/recovery/claims', {
      kind: 'business_property', programme: kProgramme, applicant_name: `Сейткалиев Нұрлан ${n}`,
      applicant_id: iin(n), iban: halykIban(n),
      documents: [{ kind: 'id_card', sha256: String(n % 10).repeat(64), media_type: 'image/jpeg' },
        { kind: 'title_deed', sha256: 'ab'.repeat(32).slice(0, 63) + String(n % 10), media_type: 'application/pdf' }],
      object: { kind: 'shop', address: `г. Алматы, ул. Абая ${10 + n}` } });
    const claim = res.claim;
    await ok(clerk, 'POST', `/api/v1/recovery/claims/${claim.id}/review`);
    await ok(clerk, 'POST', `/api/v1/recovery/claims/${claim.id}/check`);
    await ok(inspector, 'POST', `/api/v1/recovery/objects/${claim.object_id}/assessments`,
      { claim_id: claim.id, grade: 'D3', looted: true, asset_damage: damage });
    await ok(clerk, 'POST', `/api/v1/recovery/claims/${claim.id}/ready`);
    return claim.id;
  }
  return { admin, clerk, ok, id, commission, readyClaim };
}

const kUsers = [{ username: 'admin', role: 'admin' }, { username: 'rclerk', role: 'recovery_clerk' },
  { username: 'inspector', role: 'inspector' }, { username: 'chair', role: 'commission_member' },
  { username: 'secretary', role: 'commission_member' }, { username: 'member', role: 'commission_member' },
  { username: 'finance', role: 'finance' }];

describe('commission session', () => {
  let server, browser, env;
  before(async () => {
    server = await startServer({ demo: false, users: kUsers });
    browser = await launchBrowser();
    env = await setUp(server);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('agenda, file, votes by key, conflict, decisions, act signed and as PDF in kk, ru and en', async () => {
    const claims = [await env.readyClaim(2500000), await env.readyClaim(1800000), await env.readyClaim(3200000)];
    // The secretary, in Kazakh, builds the agenda from the ready claims and opens the session.
    const sec = await newPage(browser, { lang: 'kk' });
    await signIn(sec, server.url, 'secretary');
    await sec.keyboard.press('Alt+1');
    await sec.waitForSelector('form.agenda-builder input[name=claim]');
    assert.equal(await sec.locator('form.agenda-builder input[name=claim]').count(), 3);
    assert.match(await sec.locator('#open-session').innerText(), /Отырысты ашу/);
    // Members by their names, the secretary's own marked, never by user ids.
    const present = await sec.locator('form.agenda-builder').innerText();
    assert.match(present, /secretary \(сіз\)/);
    assert.match(present, /chair · /);
    assert.doesNotMatch(present, /usr_/);
    assert.deepEqual(await a11yProblems(sec), []);
    await screenshot(sec, 'commission-agenda-kk');
    await sec.click('#open-session');
    await sec.waitForSelector('#claim-file article.claim-file');
    const sessionUrl = sec.url();
    assert.match(sessionUrl, /#\/commission\/session\/csn_/);
    // The file: the object, the assessment, the valuation, the programme's rule and caps.
    const file = await sec.locator('#claim-file').innerText();
    assert.match(file, /Абая 11/);
    assert.match(file, /D3/);
    assert.match(file, /2\s500\s000/);
    assert.match(file, /Бір нысанға шек/);

    // A member, in Russian, decides each claim with one key and no other screen.
    const mem = await newPage(browser, { lang: 'ru' });
    await signIn(mem, server.url, 'member');
    await mem.goto(sessionUrl);
    await mem.waitForSelector('#vote-approve');
    let keys = 0;
    const started = Date.now();
    assert.match(await mem.locator('#tally-title').innerText(), new RegExp(claims[0]));
    await mem.keyboard.press('a'); keys += 1;
    await mem.locator(`#agenda li[data-claim-id="${claims[0]}"]:has-text("голосов 1/3")`).waitFor();
    const oneDecisionMs = Date.now() - started;
    // The next claim comes up by itself.
    await mem.locator(`#tally-title:has-text("${claims[1]}")`).waitFor();
    await mem.keyboard.press('a'); keys += 1;
    await mem.locator(`#tally-title:has-text("${claims[2]}")`).waitFor();
    // The third claim's applicant is the member's relative: D, then Enter on "Заявить".
    await mem.keyboard.press('d');
    await mem.locator('#declare-yes').waitFor();
    assert.equal(await mem.evaluate(() => document.activeElement.id), 'declare-yes');
    await mem.keyboard.press('Enter');
    await mem.locator('#toast:has-text("Конфликт интересов записан")').waitFor();
    assert.deepEqual(await a11yProblems(mem), []);
    await screenshot(mem, 'commission-session-ru');

    // The chair, in English: a keyboard layout with Cyrillic letters still votes by position.
    const chair = await newPage(browser, { lang: 'en' });
    await signIn(chair, server.url, 'chair');
    await chair.goto(sessionUrl);
    await chair.waitForSelector('#vote-approve');
    await chair.keyboard.press('KeyA');  // approve claim 1 (ф on a Russian layout: same key)
    await chair.locator(`#tally-title:has-text("${claims[1]}")`).waitFor();
    await chair.keyboard.press('KeyR');  // reject claim 2
    await chair.locator(`#tally-title:has-text("${claims[2]}")`).waitFor();
    await chair.keyboard.press('KeyA');  // approve claim 3
    await chair.locator('#toast:has-text("Voted to approve")').waitFor();

    // The secretary votes too; the majority and the quorum are on the screen, polled.
    await sec.goto(sessionUrl);
    await sec.waitForSelector('#vote-approve');
    await sec.keyboard.press('a');
    await sec.locator(`#tally-title:has-text("${claims[1]}")`).waitFor();
    await sec.keyboard.press('r');
    await sec.locator(`#tally-title:has-text("${claims[2]}")`).waitFor();
    await sec.keyboard.press('a');
    await sec.locator('#carried-line:has-text("Шешім қабылданды: мақұлдау")').waitFor();
    // Record each decision: E, then Enter (the amount is the valued one; a rejection's reason typed).
    for (const [i, claim] of claims.entries()) {
      await sec.locator(`#agenda li[data-claim-id="${claim}"] button`).click();
      await sec.locator(`#tally-title:has-text("${claim}")`).waitFor();
      await sec.locator('#record-decision:not([disabled])').waitFor();
      await sec.keyboard.press('e');
      await sec.locator('#decision-outcome').waitFor();
      if (i === 1) {
        assert.equal(await sec.inputValue('#decision-outcome'), 'rejected');
        await sec.fill('#decision-reason', 'Құжаттар толық емес');
        await sec.press('#decision-reason', 'Enter');
      } else {
        assert.equal(await sec.inputValue('#decision-outcome'), 'approved');
        await sec.press('#decision-amount', 'Enter');
      }
      await sec.locator(`#agenda li[data-claim-id="${claim}"][data-decision="${i === 1 ? 'rejected' : 'approved'}"]`).waitFor();
    }
    await screenshot(sec, 'commission-session-kk');
    await sec.click('#close-session');
    await sec.waitForSelector('#act-hash');
    const hash = (await sec.locator('#act-hash').innerText()).trim();
    assert.match(hash, /^[0-9a-f]{64}$/);
    // Every member present signs, each in their own account; final at the quorum.
    await sec.click('#sign-act');
    await sec.locator('#act-signatures:has-text("1")').waitFor();
    await chair.locator('#sign-act').click({ timeout: 15000 });
    await chair.locator('#act-final').waitFor();
    await mem.locator('#sign-act').click({ timeout: 15000 });
    await mem.locator('#act-signatures:has-text("Подписали 3")').waitFor();
    assert.doesNotMatch(await mem.locator('section.act').innerText(), /usr_/);
    assert.deepEqual(await a11yProblems(chair), []);
    await screenshot(chair, 'commission-act');

    // The act as PDF, in Kazakh and Russian, read back.
    for (const [lang, title] of [['kk', 'Комиссия отырысының актісі'], ['ru', 'Акт заседания комиссии']]) {
      const href = await chair.locator(`#act-pdf-${lang}`).getAttribute('href');
      const res = await chair.context().request.get(`${server.url}${href}`);
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-act-'));
      writeFileSync(path.join(dir, 'act.pdf'), await res.body());
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'act.pdf'), '-']).toString();
      rmSync(dir, { recursive: true, force: true });
      assert.ok(text.includes(title), text);
      assert.ok(text.includes(hash), text);
      assert.ok(text.includes('2 500 000') && text.includes('3 200 000'), text);
      assert.ok(text.includes('Медеу ауданының комиссиясы'), text);
    }
    // Each download is audited as a read of the act; a language other than kk or ru is refused.
    const actId = await chair.locator('section.act').getAttribute('data-act-id');
    const reads = await env.admin('GET', `/api/v1/audit?action=act.read&entity_id=${actId}`);
    assert.equal(reads.status, 200);
    assert.equal(reads.body.items.length, 2, JSON.stringify(reads.body));
    assert.equal((await env.clerk('GET', `/api/v1/recovery/acts/${actId}/pdf?lang=xx`)).status, 400);

    // What a member's decision costs: one key, no screen change (the next claim comes itself).
    assert.equal(keys, 2);
    console.log(`member: 1 key and 0 screen changes per claim; the vote took ${oneDecisionMs} ms to show`);
    for (const p of [sec, mem, chair]) assert.deepEqual(p.problems, []);
  });

  test('the supervisor\'s dashboard shows the commission\'s throughput and no overdue claim, in ru', async () => {
    // Runs after the session above: three claims decided (two approved, one rejected), in session
    // for the minutes the test took.
    const page = await newPage(browser, { lang: 'ru' });
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/#/dashboard`);
    await page.waitForSelector('#register #commission-throughput table');
    assert.match(await page.locator('#register-title').innerText(), /Реестр ущерба и помощи/);
    const row = page.locator('#commission-throughput tbody tr', { hasText: 'Медеу ауданының комиссиясы' });
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[1], '1');                                   // one session, closed
    assert.equal(cells[2], '3 (одобрено 2, отказано 1)');
    assert.equal(cells[3], '0');                                   // nothing left on an open agenda
    assert.match(cells[4], /^\d+ мин$/);                             // a short session in minutes
    assert.match(cells[5], /^\d[\d\s]*$/);                        // claims an hour: a number
    assert.match(cells[6], /^\d[\d\s]* с$/);                      // median time a claim, seconds
    assert.match(cells[7], /5\s700\s000 ₸/);                       // 2.5 mln + 3.2 mln approved
    // Every claim was decided in time: none overdue, said so rather than an empty table.
    assert.match(await page.locator('#overdue-claims').innerText(), /Ни одно полное заявление/);
    assert.equal(await page.locator('[data-figure=overdue_claims]').innerText(), '0');
    // Nothing personal on the panel: no applicant's name or IIN.
    const text = await page.locator('#register').innerText();
    assert.doesNotMatch(text, /Сейткалиев|900101/);
    assert.deepEqual(await a11yProblems(page), []);
    await screenshot(page, 'dashboard-register-ru');
    assert.deepEqual(page.problems, []);
  });
});

describe('finance', () => {
  let server, browser, env;
  before(async () => {
    server = await startServer({ demo: false, users: kUsers });
    browser = await launchBrowser();
    env = await setUp(server);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // A session through the API: every claim approved at its valued amount; signed when `sign`.
  async function decided(claimIds, amounts, sign) {
    const { ok } = env;
    const as = {};
    for (const name of ['chair', 'secretary', 'member']) as[name] = await apiSession(server.url, name);
    const present = ['chair', 'secretary', 'member'].map(env.id);
    const s = await ok(as.secretary, 'POST', `/api/v1/recovery/commissions/${env.commission.id}/sessions`,
      { present, claim_ids: claimIds });
    for (const [i, claim] of claimIds.entries()) {
      for (const name of ['chair', 'secretary']) {
        await ok(as[name], 'POST', `/api/v1/recovery/sessions/${s.id}/votes`, { claim_id: claim, choice: 'approve' });
      }
      await ok(as.secretary, 'POST', `/api/v1/recovery/sessions/${s.id}/decisions`,
        { claim_id: claim, outcome: 'approved', amount: amounts[i] });
    }
    const act = await ok(as.secretary, 'POST', `/api/v1/recovery/sessions/${s.id}/close`);
    if (sign) {
      await ok(as.chair, 'POST', `/api/v1/recovery/acts/${act.id}/signatures`);
      await ok(as.member, 'POST', `/api/v1/recovery/acts/${act.id}/signatures`);
    }
  }

  test('payment list with a claim held back, pain.001, the bank\'s answer: paid and returned', async () => {
    const a = await env.readyClaim(2500000);
    const b = await env.readyClaim(1800000);
    await decided([a, b], [2500000, 1800000], true);
    const c = await env.readyClaim(900000);
    await decided([c], [900000], false);  // its act not final: held back

    const page = await newPage(browser, { lang: 'en' });
    await signIn(page, server.url, 'finance');
    await page.keyboard.press('Alt+1');
    await page.waitForSelector('#build-list');
    await page.click('#build-list');
    await page.waitForSelector('#payments tbody tr');
    assert.equal(await page.locator('#payments tbody tr').count(), 2);
    assert.match(await page.locator('#list-title').innerText(), /4,300,000|4 300 000/);
    const heldText = await page.locator('#held').innerText();
    assert.ok(heldText.includes(c), heldText);
    assert.match(heldText, /final/);
    await page.fill('#debtor-name', 'Фонд поддержки');
    await page.fill('#debtor-iban', halykIban(999));
    await page.fill('#debtor-bic', 'HSBKKZKX');
    assert.deepEqual(await a11yProblems(page), []);
    await screenshot(page, 'finance-list');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pain')]);
    const xml = readFileSync(await download.path(), 'utf8');
    assert.match(xml, /pain\.001\.001\.03/);
    await page.waitForSelector('#bank-answer');
    assert.match(await page.locator('#list-state').innerText(), /sent to the bank/);

    // The bank pays one and returns the other.
    const ids = await page.locator('#payments tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.paymentId));
    const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-answer-'));
    const csv = path.join(dir, 'answer.csv');
    writeFileSync(csv, `end_to_end_id,status,reason\n${ids[0]},paid,\n${ids[1]},returned,AC04\n`);
    await page.setInputFiles('#bank-answer', csv);
    await page.click('#upload-answer');
    await page.locator('#answer-result:has-text("Paid 1, returned 1")').waitFor();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(await page.locator('#payments tr[data-state="paid"]').count(), 1);
    assert.equal(await page.locator('#payments tr[data-state="returned"]').count(), 1);
    assert.match(await page.locator('#payments tr[data-state="returned"]').innerText(), /AC04/);
    await screenshot(page, 'finance-answer');
    // The same screen in Kazakh and Russian.
    await page.selectOption('#lang-select', 'kk');
    await page.locator('#build-list:has-text("Төлем тізімін жасау")').waitFor();
    await page.locator('#payments tr[data-state="paid"]:has-text("төленді")').waitFor();
    await page.selectOption('#lang-select', 'ru');
    await page.locator('#payments tr[data-state="returned"]:has-text("возвращён")').waitFor();
    assert.deepEqual(page.problems, []);
  });

  // Why a claim is held back is a code the screen says in the officer's language, not the
  // server's English sentence.
  test('the held-back reasons in Kazakh and Russian', async () => {
    const paid = await env.readyClaim(700000);
    await decided([paid], [700000], true);
    const waiting = await env.readyClaim(600000);
    await decided([waiting], [600000], false);  // its act not final: held back

    const page = await newPage(browser, { lang: 'kk' });
    await signIn(page, server.url, 'finance');
    await page.keyboard.press('Alt+1');
    await page.waitForSelector('#build-list');
    await page.click('#build-list');
    const item = page.locator(`#held li[data-claim-id="${waiting}"]`);
    await item.waitFor();
    assert.equal(await item.getAttribute('data-code'), 'act_not_final');
    const kk = await item.innerText();
    assert.match(kk, /отырысының актісі әлі түпкілікті емес/);
    assert.match(kk, /csn_/, 'the session is named');
    assert.doesNotMatch(kk, /not final|session/);
    await page.selectOption('#lang-select', 'ru');
    await page.locator(`#held li[data-claim-id="${waiting}"]:has-text("ещё не окончательный")`).waitFor();
    assert.match(await item.innerText(), /акт заседания csn_\S+ ещё не окончательный/);
    assert.doesNotMatch(await page.locator('#held').innerText(), /not final|was returned|correct the IBAN/);
    assert.deepEqual(page.problems, []);
  });
});
