// Strings per language (js/strings/*.js), the remembered choice, and Intl formatting in it.
import en from './strings/en.js';
import ru from './strings/ru.js';
import kk from './strings/kk.js';

const tables = { kk, ru, en };
export const languages = [
  { code: 'kk', label: 'Қазақша', locale: 'kk-KZ' },
  { code: 'ru', label: 'Русский', locale: 'ru-RU' },
  { code: 'en', label: 'English', locale: 'en-GB' },
];
const kStorageKey = 'aftermath.lang';

function initial() {
  try {
    const saved = localStorage.getItem(kStorageKey);
    if (saved && tables[saved]) return saved;
  } catch { /* storage may be disabled */ }
  for (const l of navigator.languages || []) {
    const code = l.slice(0, 2).toLowerCase();
    if (tables[code]) return code;
  }
  return 'ru';
}

let current = initial();
const listeners = new Set();

export function lang() { return current; }
export function locale() { return languages.find((l) => l.code === current).locale; }

export function setLang(code) {
  if (!tables[code] || code === current) return;
  current = code;
  try { localStorage.setItem(kStorageKey, code); } catch { /* ignore */ }
  document.documentElement.lang = code;
  for (const fn of listeners) fn(code);
}

export function onLangChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

// t("key", {n: 3}) → the string in the current language with {n} filled in; English when a
// translation is missing, the key itself when even that is.
export function t(key, vars) {
  let s = tables[current][key] ?? tables.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  return s;
}

export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function fmtTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(d);
}

// "2 hours ago" in the chosen language.
export function fmtAgo(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const seconds = (d.getTime() - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const steps = [[60, 'second'], [3600, 'minute'], [86400, 'hour'], [86400 * 30, 'day']];
  let unit = 'second', value = seconds;
  for (const [limit, name] of steps) {
    unit = name;
    const div = { second: 1, minute: 60, hour: 3600, day: 86400 }[name];
    value = seconds / div;
    if (Math.abs(seconds) < limit) break;
  }
  return rtf.format(Math.round(value), unit);
}

export function fmtNum(n, options) {
  return new Intl.NumberFormat(locale(), options).format(n);
}

// A birth date stored as YYYY, YYYY-MM or YYYY-MM-DD, shown with only the parts known.
export function fmtPartialDate(s) {
  if (!s) return '';
  const [y, m, d] = s.split('-').map(Number);
  if (d) return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' })
      .format(new Date(Date.UTC(y, m - 1, d)));
  if (m) return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', timeZone: 'UTC' })
      .format(new Date(Date.UTC(y, m - 1, 1)));
  return String(y);
}
