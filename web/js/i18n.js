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

// Whether the current language, or English, has words for this key.
export function has(key) {
  return key in tables[current] || key in tables.en;
}

// Some Chromium builds carry no Kazakh calendar data in ICU and print "1994 M03 12", "-15 s" and
// "12,345.5" for kk. Detect that once per language and format by hand from the strings table.
const broken = new Map();
function intlLacks(code) {
  if (!broken.has(code)) {
    let lacks = false;
    try {
      const month = new Intl.DateTimeFormat(code, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 2, 15)));
      lacks = /M\d|^\d+$/.test(month);
    } catch { lacks = true; }
    broken.set(code, lacks);
  }
  return broken.get(code);
}
function monthName(m) { return t('time.months').split(',')[m]; }
const pad = (n) => String(n).padStart(2, '0');

export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (intlLacks(locale())) {
    return t('time.dateTime', { d: d.getDate(), month: monthName(d.getMonth()), y: d.getFullYear(),
      time: `${pad(d.getHours())}:${pad(d.getMinutes())}` });
  }
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function fmtTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

// "2 hours ago" in the chosen language.
export function fmtAgo(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const seconds = (d.getTime() - Date.now()) / 1000;
  const units = [['second', 1, 60], ['minute', 60, 3600], ['hour', 3600, 86400], ['day', 86400, Infinity]];
  const [unit, size] = units.find(([, , limit]) => Math.abs(seconds) < limit);
  const value = Math.round(seconds / size);
  if (intlLacks(locale())) {
    if (Math.abs(seconds) < 10) return t('time.now');
    return t(value <= 0 ? `time.${unit}sAgo` : `time.in${unit[0].toUpperCase()}${unit.slice(1)}s`, { n: Math.abs(value) });
  }
  return new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' }).format(value, unit);
}

function numberLocale() { return intlLacks(locale()) ? 'ru-RU' : locale(); }

export function fmtNum(n, options) {
  return new Intl.NumberFormat(numberLocale(), options).format(n);
}

// A birth date stored as YYYY, YYYY-MM or YYYY-MM-DD, shown with only the parts known.
export function fmtPartialDate(s) {
  if (!s) return '';
  const [y, m, d] = s.split('-').map(Number);
  if (intlLacks(locale())) {
    if (d) return t('time.date', { d, month: monthName(m - 1), y });
    if (m) return t('time.monthYear', { month: monthName(m - 1), y });
    return String(y);
  }
  if (d) return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' })
      .format(new Date(Date.UTC(y, m - 1, d)));
  if (m) return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', timeZone: 'UTC' })
      .format(new Date(Date.UTC(y, m - 1, 1)));
  return String(y);
}
