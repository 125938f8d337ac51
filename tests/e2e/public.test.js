// The public page: the line's phone number, the limited lookup (surname and given name both
// required, the answer says only whether information exists), 360 px, three languages.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, screenshot, linePhone, a11yProblems } from './harness.js';
import { solveLookupProof } from '../../web/js/lookup_proof.js';

// A lookup as a script would send it, with the proof of work the server asks for.
async function lookupWithProof(url, params) {
  const info = await (await fetch(`${url}/api/v1/public/info`)).json();
  const proof = await solveLookupProof(params, info.proof.bits, info.proof.now);
  return fetch(`${url}/api/v1/public/search?${new URLSearchParams({ ...params, proof })}`);
}

describe('public page', () => {
  let server, browser;
  before(async () => {
    server = await startServer({ users: [] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a surname alone is refused, in the page and by the server', async () => {
    const page = await newPage(browser, { width: 360, height: 740 });
    const lookups = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/public/search')) lookups.push(r.url()); });
    await page.goto(`${server.url}/public/`);
    await page.fill('#p-surname', 'Серіков');
    await page.click('#public-form button[type=submit]');
    await page.locator('#public-error').waitFor();
    assert.match(await page.locator('#public-error').innerText(), /surname and the given name/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'p-given_name');
    assert.deepEqual(lookups, [], 'nothing is sent without a given name');
    const res = await fetch(`${server.url}/api/v1/public/search?surname=${encodeURIComponent('Серіков')}`);
    assert.equal(res.status, 400);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  // Issue #19: the number showed only after a first lookup; a caller who came for the number
  // saw "unknown".
  test('the line\'s number is on the page at the first visit, before any lookup', async () => {
    const page = await newPage(browser, { width: 360, height: 740 });
    await page.goto(`${server.url}/public/`);
    const phone = page.locator('a#line-phone');
    await phone.waitFor();
    assert.equal(await phone.innerText(), linePhone);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a found person: only that information exists, never where or what; the phone is prominent', async () => {
    const page = await newPage(browser, { width: 360, height: 740 });
    await page.goto(`${server.url}/public/`);
    await page.fill('#p-surname', 'Серіков');
    await page.fill('#p-given_name', 'Ерлан');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/public/search')),
      page.press('#p-given_name', 'Enter'),
    ]);
    assert.deepEqual(Object.keys(await response.json()).sort(), ['found', 'message', 'name', 'phone']);
    // The page proved its work for this very name (issue #14 item 8).
    assert.match(new URL(response.url()).searchParams.get('proof') || '', /^\d+\.[0-9a-z]+$/);
    const answer = page.locator('#public-answer');
    await answer.waitFor();
    assert.equal(await answer.getAttribute('data-found'), 'true');
    const text = await page.locator('body').innerText();
    for (const secret of ['City Hospital', 'hospital', 'Trauma', 'hospitalised', 'in hospital', 'detained', 'deceased', 'morgue', '1994']) {
      assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `the public page shows "${secret}"`);
    }
    // The line's number, from the server, as a tel: link at the top.
    const phone = page.locator('#line-phone');
    assert.equal(await phone.innerText(), linePhone);
    assert.equal(await phone.getAttribute('href'), `tel:${linePhone.replace(/[^+\d]/g, '')}`);
    const box = await phone.boundingBox();
    assert.ok(box.y < 300, `the phone is near the top (y=${box.y})`);
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(scroll <= client, `public page is ${scroll}px wide at 360`);
    assert.deepEqual(await a11yProblems(page), []);
    await screenshot(page, 'public-360');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a name not in the registry, in Kazakh and Russian; the choice is remembered', async () => {
    const page = await newPage(browser, { lang: 'kk' });
    await page.goto(`${server.url}/public/`);
    assert.equal(await page.locator('h1').innerText(), 'Туысыңызды іздеп жүрсіз бе?');
    await page.fill('#p-surname', 'Несуществующая');
    await page.fill('#p-given_name', 'Фамилия');
    await page.click('#public-form button[type=submit]');
    await page.locator('#public-answer[data-found="false"]').waitFor();
    assert.match(await page.locator('#public-answer').innerText(), /әзірге мәлімет жоқ/);
    await page.selectOption('#lang-select', 'ru');
    assert.equal(await page.locator('h1').innerText(), 'Ищете родственника?');
    assert.match(await page.locator('#public-answer').innerText(), /пока нет/);
    assert.equal(await page.inputValue('#p-surname'), 'Несуществующая');
    await page.reload();
    assert.equal(await page.locator('h1').innerText(), 'Ищете родственника?');
    await page.selectOption('#lang-select', 'en');
    await screenshot(page, 'public');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('too many lookups: a calm message with the wait', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/public/`);
    await page.fill('#p-surname', 'Ахметова');
    await page.fill('#p-given_name', 'Динара');
    // Without a proof of work a lookup is refused outright and costs the client nothing.
    const bare = await fetch(`${server.url}/api/v1/public/search?surname=a1&given_name=b2`);
    assert.equal(bare.status, 400);
    assert.equal((await bare.json()).error.field, 'proof');
    // The client's bucket refills a lookup every 5 s; on a busy machine the page's own proof can
    // take that long, so drain the bucket again whenever the page's lookup got through.
    let n = 0;
    const drain = async () => {
      let status = 200;
      for (let i = 0; i < 30 && status !== 429; i++, n++) {
        status = (await lookupWithProof(server.url, { surname: 'Абу Бакр', given_name: `b${n}` })).status;
        assert.ok(status === 200 || status === 429, `lookup ${n}: ${status}`);
      }
      assert.equal(status, 429, 'the server limits lookups');
    };
    let refused = false;
    for (let attempt = 0; attempt < 5 && !refused; attempt++) {
      await drain();
      await page.evaluate(() => document.getElementById('public-result').replaceChildren());
      await page.click('#public-form button[type=submit]');
      await page.locator('#public-error, #public-answer').first().waitFor();
      refused = await page.locator('#public-error').isVisible();
    }
    assert.ok(refused, 'the page shows the refusal');
    assert.match(await page.locator('#public-error').innerText(), /Try again in \d+ s\b/);
    await page.context().close();
  });
});
