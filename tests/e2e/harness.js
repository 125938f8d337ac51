// Shared by every e2e test file: a real aftermath server on a free loopback port with a fresh
// SQLite database, and Debian's chromium (never a downloaded browser) driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// CTest passes the binary it built; by hand, `build/aftermath` (or AFTERMATH_BIN=...).
export const bin = process.env.AFTERMATH_BIN || path.join(repoRoot, 'build/aftermath');
export const linePhone = '+7 727 300 00 00';
export const password = 'correct horse battery staple';
const screenshotsOn = process.env.AFTERMATH_SCREENSHOTS === '1';

function run(args, input) {
  return execFileSync(bin, args, { input, cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60000 })
    .toString();
}

// Starts `aftermath serve` on 127.0.0.1:0 with a fresh database. users: [{username, role, source?}]
// (all with `password`); demo: load the demo data set first.
export async function startServer({ demo = true, users = [{ username: 'admin', role: 'admin' }] } = {}) {
  if (!existsSync(bin)) throw new Error(`no aftermath binary at ${bin}; build it or set AFTERMATH_BIN`);
  const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-e2e-'));
  const db = `sqlite:${dir}/r.db`;
  if (demo) run(['demo', 'load', '--db', db]);
  for (const u of users) {
    const args = ['user', 'add', '--db', db, '--username', u.username, '--role', u.role, '--password-stdin'];
    if (u.source) args.push('--source', u.source);
    run(args, `${password}\n`);
  }
  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', path.join(repoRoot, 'web'),
    '--line-phone', linePhone, '--threads', '2'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 20000) stderr = stderr.slice(-10000); });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${out}\n${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${out}\n${stderr}`)); });
  });
  child.stdout.resume();
  return {
    url, dir, db, stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Debian's chromium, headless. Playwright gives every launch a fresh temporary --user-data-dir
// of its own (and refuses one in args), so nothing leaks between runs.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 30000,
  });
}

// A page that fails the test on any console error or CSP violation.
export async function newPage(browser, { width = 1280, height = 860, lang = 'en' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB',
    timezoneId: 'Asia/Almaty' });
  await context.addInitScript((l) => {
    if (!localStorage.getItem('aftermath.lang')) localStorage.setItem('aftermath.lang', l);
  }, lang);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    // A 4xx on a not-yet-built endpoint is logged by chromium as a failed resource; that is shown
    // calmly by the page and is not a problem of the page.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.problems.push(m.text());
  });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  page.setDefaultTimeout(10000);
  return page;
}

export async function signIn(page, url, username = 'admin') {
  await page.goto(`${url}/#/signin`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.press('#password', 'Enter');
  await page.waitForSelector('#signout');
}

export async function screenshot(page, name) {
  if (!screenshotsOn) return;
  const out = path.join(repoRoot, 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  await page.waitForTimeout(350);  // let the toast and fonts settle
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
}

// Calls the API as a signed-in user from Node (to set up or inspect state).
export async function apiSession(url, username = 'admin') {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${res.status}`);
  const { csrf_token: csrf } = await res.json();
  const cookie = res.headers.get('set-cookie').split(';')[0];
  return async (method, p, body) => {
    const r = await fetch(`${url}${p}`, { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

// True when the running server has this route (a 404 "no such file/endpoint" means it has not).
export async function hasEndpoint(call, method, p, body) {
  const r = await call(method, p, body);
  return !(r.status === 404 && /no such (file|endpoint)/.test(JSON.stringify(r.body || {}))) && r.status !== 405;
}

export function noProblems(t, page) {
  if (page.problems.length) throw new Error(`browser errors:\n${page.problems.join('\n')}`);
}

// A small axe-style audit of the current page: every form control has a label, every button and
// link has a name, ids are unique, one h1, the document has a language, nothing focusable is
// hidden inside aria-hidden. Returns a list of problems (empty when fine).
export async function a11yProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const name = (el) => (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') && [...el.getAttribute('aria-labelledby').split(' ')]
      .map((id) => document.getElementById(id)?.textContent || '').join(' ') || el.textContent || el.getAttribute('title') || '').trim();
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden') continue;
      const labelled = (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) || el.closest('label') ||
        el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!labelled) problems.push(`unlabelled ${el.tagName.toLowerCase()}#${el.id || '?'}`);
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      if (!name(el)) problems.push(`nameless ${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 80)}`);
    }
    const ids = new Map();
    for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
    for (const [id, n] of ids) if (n > 1) problems.push(`duplicate id ${id}`);
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`${h1} h1 elements`);
    if (!document.documentElement.lang) problems.push('no lang on <html>');
    for (const el of document.querySelectorAll('[aria-hidden="true"] a[href], [aria-hidden="true"] button, [aria-hidden="true"] input')) {
      problems.push(`focusable inside aria-hidden: ${el.outerHTML.slice(0, 60)}`);
    }
    for (const img of document.querySelectorAll('img:not([alt])')) problems.push(`img without alt ${img.src}`);
    return problems;
  });
}
