// Every string exists in kk, ru and en, and every key the pages use is in the tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './harness.js';

const web = path.join(repoRoot, 'web/js');
const load = async (l) => (await import(path.join(web, 'strings', `${l}.js`))).default;

function sources(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.js') ? [p] : [];
  });
}

test('kk, ru and en have exactly the same keys, none empty', async () => {
  const [en, ru, kk] = await Promise.all(['en', 'ru', 'kk'].map(load));
  for (const [name, table] of [['ru', ru], ['kk', kk]]) {
    assert.deepEqual(Object.keys(table).sort(), Object.keys(en).sort(), `${name} keys differ from en`);
  }
  for (const table of [en, ru, kk]) {
    for (const [k, v] of Object.entries(table)) assert.ok(v.trim(), `empty string for ${k}`);
  }
});

test('placeholders match across languages', async () => {
  const [en, ru, kk] = await Promise.all(['en', 'ru', 'kk'].map(load));
  const vars = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const k of Object.keys(en)) {
    assert.equal(vars(ru[k]), vars(en[k]), `ru ${k}`);
    assert.equal(vars(kk[k]), vars(en[k]), `kk ${k}`);
  }
});

test('every literal key used by the pages exists', async () => {
  const en = await load('en');
  const missing = [];
  for (const f of sources(web)) {
    if (f.includes(`${path.sep}strings${path.sep}`)) continue;
    for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-z][\w.-]*)'/g)) {
      if (!(m[1] in en)) missing.push(`${path.basename(f)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('no inline scripts or styles (the CSP forbids them)', () => {
  for (const f of ['web/index.html', 'web/public/index.html', 'web/public/figures.html'].map((p) => path.join(repoRoot, p))) {
    const text = readFileSync(f, 'utf8');
    assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, `${f} has an inline script`);
    assert.doesNotMatch(text, /<style|\sstyle=/, `${f} has an inline style`);
    assert.doesNotMatch(text, /https?:\/\//, `${f} loads something from elsewhere`);
  }
});
