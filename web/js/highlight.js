// Marks the parts of a found name that match what the operator typed, across Cyrillic (Russian
// and Kazakh letters) and Latin spellings. It compares consonant skeletons of a rough
// romanisation, so "Yerlan Ser" marks "Ерлан" and "Сер" in "Серіков Ерлан Маратұлы". Display only:
// the server does the real matching.
import { h } from './dom.js';

const kLatin = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i',
  й: 'i', і: 'i', к: 'k', қ: 'k', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ұ: 'u', ү: 'u', ф: 'f', х: 'h', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'sh', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'u', я: 'a',
};

function romanise(ch) {
  const c = ch.toLowerCase();
  if (c in kLatin) return kLatin[c];
  return c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

// Consonant skeleton of a romanised string: vowels and y dropped, kh→h, j→zh, doubles collapsed.
function skeleton(latin) {
  return latin.replace(/kh/g, 'h').replace(/j/g, 'zh').replace(/[^a-z]/g, '')
      .replace(/[aeiouyw]/g, '').replace(/(.)\1+/g, '$1');
}

// For a word, the skeleton length reached after each of its characters.
function prefixSkeletons(word) {
  const out = [];
  let latin = '';
  for (const ch of word) {
    latin += romanise(ch);
    out.push(skeleton(latin));
  }
  return out;
}

function vowelsOnly(s) { return s.length > 0 && skeleton(s) === ''; }

// How many leading characters of `word` the token covers (0 when it does not match).
function covered(word, token, isPrefix) {
  const tokLatin = [...token].map(romanise).join('');
  const tok = skeleton(tokLatin);
  const chars = [...word];
  const prefixes = prefixSkeletons(word);
  const full = prefixes[prefixes.length - 1] || '';
  if (!tok) {
    // A token of vowels only ("A", "Ye"): compare romanised starts.
    const wLatin = chars.map(romanise).join('');
    if (!vowelsOnly(tokLatin) || !isPrefix || !wLatin.startsWith(tokLatin.replace(/^y/, ''))) return 0;
    return Math.min(chars.length, token.length);
  }
  if (!full.startsWith(tok)) return 0;
  if (!isPrefix) return full === tok || full.length - tok.length <= 1 ? chars.length : 0;
  let n = prefixes.findIndex((p) => p.length >= tok.length) + 1;
  // Take the vowels that follow as well ("Ser" marks "Сер", not "Ср").
  while (n < chars.length && skeleton(romanise(chars[n])) === '' && prefixes[n] === prefixes[n - 1] &&
         n < token.length) n += 1;
  return n;
}

// The name as text nodes and <mark>s. `query` is what was typed; its last word is a prefix unless
// it ends with a space.
export function highlight(name, query) {
  const tokens = (query || '').split(/[\s,.-]+/).filter(Boolean);
  const lastIsPrefix = !/\s$/.test(query || '');
  const parts = [];
  const used = new Set();
  const re = /[\p{L}\p{M}'’]+|[^\p{L}\p{M}'’]+/gu;
  for (const m of (name || '').matchAll(re)) {
    const word = m[0];
    if (!/\p{L}/u.test(word)) { parts.push(word); continue; }
    let best = 0;
    tokens.forEach((tok, i) => {
      if (used.has(i)) return;
      const n = covered(word, tok, lastIsPrefix && i === tokens.length - 1);
      if (n > best) { best = n; used.add(i); }
    });
    if (best > 0) {
      const chars = [...word];
      parts.push(h('mark', {}, chars.slice(0, best).join('')), chars.slice(best).join(''));
    } else {
      parts.push(word);
    }
  }
  return parts;
}
