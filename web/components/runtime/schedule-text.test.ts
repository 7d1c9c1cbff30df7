import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleText } from './schedule-text.ts';

const row = (minutes: string, hours: string, daysOfMonth = '*', months = '*', daysOfWeek = '*', years = '*') => ({
  minutes,
  hours,
  daysOfMonth,
  months,
  daysOfWeek,
  years,
});

test('a schedule row reads as when the process runs', () => {
  assert.equal(scheduleText(row('0', '8')), 'at 08:00, every day');
  assert.equal(scheduleText(row('30', '6,18', '*', '*', '2-6')), 'at 06:30, 18:30, on Mon–Fri');
  assert.equal(scheduleText(row('*/15', '*')), 'every 15 minutes, every day');
  assert.equal(scheduleText(row('0-59/5', '8-17', '*', '*', '1,7')), 'every 5 minutes, during hours 8–17, on Sun, Sat');
  assert.equal(scheduleText(row('5', '*')), 'every hour at minute 5, every day');
  assert.equal(scheduleText(row('*', '*/2')), 'every minute, every 2 hours, every day');
  assert.equal(
    scheduleText(row('0', '1', '1,15', '1-3', '*', '2026')),
    'at 01:00, on day 1, 15 of the month, in Jan–Mar, in 2026',
  );
});
