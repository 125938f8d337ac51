// The server out of reach (issue #19): a banner and a retry instead of "TypeError: Failed to
// fetch", and the call being typed survives a reload; sign-out forgets it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn } from './harness.js';

describe('server down', () => {
  let server, browser;
  before(async () => {
    server = await startServer({ users: [{ username: 'aigerim', role: 'operator' }] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a banner while the server is away, the page again when it answers', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.route('**/healthz', (route) => route.abort('connectionrefused'));
    await page.fill('#q', 'Серіков Ерлан');
    await page.locator('#offline:not([hidden])').waitFor();
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, /TypeError|Failed to fetch/);
    assert.match(await page.locator('#offline').innerText(), /cannot be reached/);
    await page.unroute('**/api/**');
    await page.unroute('**/healthz');
    await page.click('#offline-retry');
    await page.locator('#offline').waitFor({ state: 'hidden' });
    await page.locator('#results li.result').first().waitFor();
    assert.equal(await page.inputValue('#q'), 'Серіков Ерлан');
    await page.context().close();
  });

  test('the call being typed survives a reload; sign-out forgets it', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, 'aigerim');
    await page.fill('#q', 'Сейтқали Жанар');
    await page.fill('#inquirer_name', 'Сейтқали Ерлан');
    await page.fill('#callback_phone', '+7 701 555 91 92');
    await page.selectOption('#inquirer_relation', 'brother');
    await page.reload();
    await page.locator('#inquirer_name').waitFor();
    assert.equal(await page.inputValue('#q'), 'Сейтқали Жанар');
    assert.equal(await page.inputValue('#sought_name'), 'Сейтқали Жанар');
    assert.equal(await page.inputValue('#inquirer_name'), 'Сейтқали Ерлан');
    assert.equal(await page.inputValue('#callback_phone'), '+7 701 555 91 92');
    assert.equal(await page.inputValue('#inquirer_relation'), 'brother');
    await page.click('#signout');
    await signIn(page, server.url, 'aigerim');
    assert.equal(await page.inputValue('#inquirer_name'), '');
    assert.equal(await page.inputValue('#callback_phone'), '');
    await page.context().close();
  });
});
