// Dates of birth as callers say them: "12.03.1994", "03.1994", "1994", "1994 г.р.", "about 30",
// "около 30", "30 жаста". Returns { birth_date } as the API's partial date (YYYY, YYYY-MM,
// YYYY-MM-DD), { approx_age }, {} for nothing said, or { error: true } for what it cannot read.
const kAgeWords = /^(?:about|approx\.?|approximately|around|~|≈|около|примерно|приблизительно|где-то|шамамен|шамасы|жуық)\s*/i;
const kAgeSuffix = /\s*(?:years?(?: old)?|y\.?o\.?|лет|года?|г\.?|жас(?:та|қа)?|жаста)\.?$/i;
const kYearSuffix = /\s*(?:г\.?\s*р\.?|г\.?|года?|ж\.?|жылы|year)\.?$/i;

function pad(n) { return String(n).padStart(2, '0'); }

function validDay(y, m, d) {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function spokenBirth(input, now = new Date()) {
  const text = String(input || '').trim().replace(/\s+/g, ' ');
  if (!text) return {};
  const thisYear = now.getUTCFullYear();
  const yearOk = (y) => y >= 1880 && y <= thisYear;
  let m = text.match(/^(\d{4})-(\d{2})(?:-(\d{2}))?$/);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 0];
    if (!yearOk(y) || mo < 1 || mo > 12 || (d && !validDay(y, mo, d))) return { error: true };
    return { birth_date: text };
  }
  m = text.match(/^(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{4})$/);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!yearOk(y) || mo < 1 || mo > 12 || !validDay(y, mo, d)) return { error: true };
    return { birth_date: `${y}-${pad(mo)}-${pad(d)}` };
  }
  m = text.match(/^(\d{1,2})[./\-](\d{4})$/);
  if (m) {
    const [mo, y] = [Number(m[1]), Number(m[2])];
    if (!yearOk(y) || mo < 1 || mo > 12) return { error: true };
    return { birth_date: `${y}-${pad(mo)}` };
  }
  const year = text.replace(kYearSuffix, '');
  if (/^\d{4}$/.test(year)) {
    return yearOk(Number(year)) ? { birth_date: year } : { error: true };
  }
  const age = text.replace(kAgeWords, '').replace(kAgeSuffix, '');
  if (/^\d{1,3}$/.test(age) && Number(age) <= 130) return { approx_age: Number(age) };
  return { error: true };
}
