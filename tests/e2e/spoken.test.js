// Birth dates as callers say them (issue #19): the intake reads these before it sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spokenBirth } from '../../web/js/spoken.js';

const now = new Date(Date.UTC(2026, 11, 5));

test('dates, months and years in the forms people say them', () => {
  assert.deepEqual(spokenBirth('12.03.1994', now), { birth_date: '1994-03-12' });
  assert.deepEqual(spokenBirth('1.3.1994', now), { birth_date: '1994-03-01' });
  assert.deepEqual(spokenBirth('12/03/1994', now), { birth_date: '1994-03-12' });
  assert.deepEqual(spokenBirth('03.1994', now), { birth_date: '1994-03' });
  assert.deepEqual(spokenBirth('1994', now), { birth_date: '1994' });
  assert.deepEqual(spokenBirth('1994 г.р.', now), { birth_date: '1994' });
  assert.deepEqual(spokenBirth('1994 ж.', now), { birth_date: '1994' });
  assert.deepEqual(spokenBirth('1994-03-12', now), { birth_date: '1994-03-12' });
  assert.deepEqual(spokenBirth('  ', now), {});
});

test('an age instead of a date', () => {
  assert.deepEqual(spokenBirth('about 30', now), { approx_age: 30 });
  assert.deepEqual(spokenBirth('около 30 лет', now), { approx_age: 30 });
  assert.deepEqual(spokenBirth('шамамен 30 жаста', now), { approx_age: 30 });
  assert.deepEqual(spokenBirth('~45', now), { approx_age: 45 });
  assert.deepEqual(spokenBirth('30', now), { approx_age: 30 });
});

test('what cannot be a birth date is refused, not guessed', () => {
  for (const bad of ['30.02.1994', '12.13.1994', '2031', '1870', '12.03.94', 'yesterday', '200']) {
    assert.deepEqual(spokenBirth(bad, now), { error: true }, bad);
  }
});
