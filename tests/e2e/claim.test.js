// Intake of a property claim (issue #18): a clerk takes a looted shop's claim in Kazakh with the
// owner's name in Latin letters; before saving, the form shows that the same shop was claimed in
// Russian under the Cyrillic name; the documents are a checklist; the saved claim's number is
// shown to read to the applicant, and saving twice on a slow network makes one claim.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiSession, signIn, screenshot } from './harness.js';

const kPdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('claim intake', () => {
  let server, browser, call, firstClaim;
  before(async () => {
    server = await startServer({ demo: false, users: [{ username: 'admin', role: 'admin' }, { username: 'rclerk', role: 'recovery_clerk' }] });
    browser = await launchBrowser();
    call = await apiSession(server.url);
    const programme = await call('POST', '/api/v1/recovery/programmes', {
      code: 'almaty-business', name: 'Looted and burned businesses', claim_kinds: ['business_property'],
      amount_rule: 'assessed', period_start: '2020-01-01',
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    const first = await call('POST', '/api/v1/recovery/claims', {
      kind: 'business_property', programme: 'almaty-business', channel: 'call',
      applicant_name: 'Сейткалиев Нурлан Маратович', applicant_phone: '8 701 555 01 23', amount_claimed: 12000000,
      object: { kind: 'shop', name: 'Магазин «Арай»', address: 'г. Алматы, ул. Абая, д. 52, бутик 14' },
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    firstClaim = first.body.claim.id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the same shop claimed again in another script is shown before saving; one save, one claim', async () => {
    const page = await newPage(browser, { width: 1280, height: 1000, lang: 'kk' });
    await signIn(page, server.url, 'rclerk');
    await page.waitForURL(/#\/claim$/);
    await page.selectOption('#cl-kind', 'business_property');
    await page.locator('#cl-programme option[value="almaty-business"]').waitFor({ state: 'attached' });
    await page.fill('#cl-address', 'Алматы қ., Абай даңғылы, 52 үй, бутик 14');
    await page.fill('#cl-object_name', 'Арай дүкені');
    await page.fill('#cl-applicant_name', 'Seitkaliyev Nurlan');
    await page.fill('#cl-amount_claimed', '12500000');
    // The finding is on screen while the form is filled, in Kazakh, naming the earlier claim.
    const finding = page.locator('#claim-conflicts li[data-finding="similar_applicant"]');
    await finding.waitFor();
    const text = await finding.innerText();
    assert.match(text, /әліпбимен/);
    assert.ok(text.includes(firstClaim), text);
    // Nothing was stored by the check.
    assert.equal((await call('GET', '/api/v1/recovery/claims')).body.items.length, 1);

    // The checklist: the ID card and the title deed, each ticked when its scan is attached.
    assert.deepEqual(await page.locator('#claim-documents li').evaluateAll((els) => els.map((e) => e.dataset.document)),
      ['id_card', 'title_deed']);
    await page.setInputFiles('#cl-doc-id_card', { name: 'id.pdf', mimeType: 'application/pdf', buffer: kPdf });
    await page.locator('#claim-documents li[data-document="id_card"][data-attached="true"]').waitFor();
    await page.setInputFiles('#cl-doc-title_deed', { name: 'deed.pdf', mimeType: 'application/pdf', buffer: kPdf });
    await page.locator('#claim-documents li[data-document="title_deed"][data-attached="true"]').waitFor();
    await screenshot(page, 'claim-intake-kk');

    // A slow network: the first answer is lost, the clerk presses save again.
    let sends = 0;
    await page.route('**/api/v1/recovery/claims', async (route) => {
      sends += 1;
      if (sends === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.click('#claim-save');
    await page.locator('#claim-result [data-state="offline"], #claim-result .notice').first().waitFor();
    await page.click('#claim-save');
    const saved = page.locator('#claim-saved');
    await saved.waitFor();
    const number = await saved.getAttribute('data-claim-id');
    assert.ok((await saved.innerText()).includes(number));
    const claims = (await call('GET', '/api/v1/recovery/claims')).body.items;
    assert.equal(claims.length, 2, 'two sends of one form made one claim');
    const stored = await call('GET', `/api/v1/recovery/claims/${number}`);
    assert.equal(stored.body.documents.length, 2);
    assert.equal(stored.body.applicant_name, 'Seitkaliyev Nurlan');
    assert.equal(stored.body.conflicts.length, 1);
    // The form is empty for the next applicant.
    assert.equal(await page.inputValue('#cl-applicant_name'), '');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an object already registered is found as its address is typed in another script and taken by key', async () => {
    const object = await call('POST', '/api/v1/recovery/objects', { kind: 'shop', name: 'Магазин «Жібек»',
      address: 'г. Алматы, ул. Абая, д. 10, кв. 5' });
    assert.ok(object.status === 200 || object.status === 201, JSON.stringify(object.body));
    const objectId = object.body.id;
    const page = await newPage(browser, { width: 1280, height: 1000, lang: 'ru' });
    await signIn(page, server.url, 'rclerk');
    await page.waitForURL(/#\/claim$/);
    await page.selectOption('#cl-kind', 'business_property');
    await page.locator('#cl-programme option[value="almaty-business"]').waitFor({ state: 'attached' });
    await page.fill('#cl-address', 'Abay ave 10-5, Almaty');
    const offered = page.locator(`#known-objects .known-object[data-object-id="${objectId}"]`);
    await offered.waitFor();
    assert.match(await page.locator('#known-objects').innerText(), /Уже в реестре/);
    assert.match(await offered.innerText(), /ул\. Абая, д\. 10/);
    await offered.focus();
    await page.keyboard.press('Enter');
    await page.locator(`#chosen-object[data-object-id="${objectId}"]`).waitFor();
    await page.fill('#cl-applicant_name', 'Abenova Zhibek');
    await page.fill('#cl-amount_claimed', '3000000');
    await page.click('#claim-save');
    const saved = page.locator('#claim-saved');
    await saved.waitFor();
    const stored = await call('GET', `/api/v1/recovery/claims/${await saved.getAttribute('data-claim-id')}`);
    assert.equal(stored.body.object_id, objectId, 'the claim is filed on the registered object');
    assert.equal(await page.locator('#chosen-object').count(), 0, 'the next claim starts without it');
    // The lookup is audited, by ids only.
    const audit = await call('GET', '/api/v1/audit?action=object.search&limit=5');
    assert.ok(audit.body.items.some((r) => (r.detail || '').includes(objectId)), JSON.stringify(audit.body).slice(0, 300));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
