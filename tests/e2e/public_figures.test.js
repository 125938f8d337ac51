// The register's public accountability page (issue #18): the figures by district and by kind of
// object without sign-in, in three languages; a district with too few claims shows no numbers;
// no name, IIN or address of anybody is on the page.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiSession, screenshot } from './harness.js';

describe('public figures', () => {
  let server, browser;
  before(async () => {
    server = await startServer({ demo: false });
    browser = await launchBrowser();
    const call = await apiSession(server.url);
    const programme = await call('POST', '/api/v1/recovery/programmes', {
      code: 'homes', name: 'Damaged homes', claim_kinds: ['home', 'business_property'], amount_rule: 'assessed', period_start: '2020-01-01',
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    const claims = [
      ['Қасымова Әсел', 'home', 'Медеуский район', 'ул. Кунаева, д. 1'],
      ['Тоқтаров Ерлан', 'home', 'Медеуский район', 'ул. Кунаева, д. 15'],
      ['Жұмабаев Серік', 'home', 'Медеуский район', 'ул. Кунаева, д. 29'],
      ['Бекмұрат Дана', 'shop', 'Алмалинский район', 'ул. Толе би, д. 40'],
    ];
    for (const [name, kind, district, address] of claims) {
      const r = await call('POST', '/api/v1/recovery/claims', {
        kind: kind === 'home' ? 'home' : 'business_property', programme: 'homes', channel: 'call', applicant_name: name,
        amount_claimed: 1000000, object: { kind, district, address: `г. Алматы, ${address}` },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [lang, districtHeader] of [['ru', 'Район'], ['kk', 'Аудан'], ['en', 'District']]) {
    test(`${lang}: the figures by district, small cells hidden, nobody named`, async () => {
      const page = await newPage(browser, { width: 360, height: 740, lang });
      await page.goto(`${server.url}/public/`);
      await page.click('#figures-link');
      const byDistrict = page.locator('#figures-by-district');
      await byDistrict.waitFor();
      assert.equal(await byDistrict.locator('thead th').first().innerText(), districtHeader);
      const medeu = byDistrict.locator('tr[data-name="Медеуский район"] td');
      assert.equal(await medeu.first().innerText(), '3');
      // One shop in Almaly: its numbers are not shown, and the page says why.
      const almaly = byDistrict.locator('tr[data-name="Алмалинский район"]');
      assert.equal(await almaly.locator('td').first().innerText(), '0');
      assert.ok((await almaly.locator('th').innerText()).length > 'Алмалинский район'.length);
      const text = await page.locator('main').innerText();
      for (const secret of ['Қасымова', 'Тоқтаров', 'Бекмұрат', 'Кунаева', 'Толе би']) assert.ok(!text.includes(secret), secret);
      if (lang === 'ru') await screenshot(page, 'public-figures');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'wider than 360 px');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
});
