import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activeFreeze,
  cronProblem,
  describeInstant,
  nextFreeFrom,
  timeZoneProblem,
  upcoming,
  type FreezeSpan,
} from './freeze-rules.ts';

const at = (iso: string) => new Date(iso);
const oneOff = (windowId: string, startsAt: string, endsAt: string): FreezeSpan => ({
  windowId,
  name: windowId,
  timeZone: 'UTC',
  kind: 'ONE_OFF',
  startsAt: at(startsAt),
  endsAt: at(endsAt),
});
const recurring = (windowId: string, cron: string, timeZone: string, durationMinutes: number): FreezeSpan => ({
  windowId,
  name: windowId,
  timeZone,
  kind: 'RECURRING',
  cron,
  durationMinutes,
});

describe('freeze rules', () => {
  test('a one-off window freezes from its start (inclusive) to its end (exclusive)', () => {
    const w = [oneOff('release', '2025-12-20T00:00:00Z', '2025-12-27T00:00:00Z')];
    assert.equal(activeFreeze(w, at('2025-12-19T23:59:59Z')), null);
    assert.equal(activeFreeze(w, at('2025-12-20T00:00:00Z'))?.windowId, 'release');
    assert.deepEqual(activeFreeze(w, at('2025-12-26T23:59:59Z'))?.endsAt, at('2025-12-27T00:00:00Z'));
    assert.equal(activeFreeze(w, at('2025-12-27T00:00:00Z')), null);
  });

  test('a recurring window is read in its time zone, across the DST change', () => {
    // 09:00 in Berlin for an hour: 08:00Z in winter (CET), 07:00Z from 30 March 2025 (CEST).
    const w = [recurring('morning', '0 9 * * *', 'Europe/Berlin', 60)];
    assert.deepEqual(activeFreeze(w, at('2025-03-29T08:30:00Z'))?.endsAt, at('2025-03-29T09:00:00Z'));
    assert.equal(activeFreeze(w, at('2025-03-29T07:30:00Z')), null, '08:30 CET is before the window');
    assert.deepEqual(activeFreeze(w, at('2025-03-30T07:30:00Z'))?.endsAt, at('2025-03-30T08:00:00Z'));
    assert.equal(activeFreeze(w, at('2025-03-30T08:30:00Z')), null, '10:30 CEST is after the window');
    assert.equal(activeFreeze(w, at('2025-03-30T07:00:00Z'))?.windowId, 'morning', 'its start is inside');
    assert.equal(activeFreeze(w, at('2025-03-30T08:00:00Z')), null, 'its end is outside');
  });

  test('a recurring window that outlasts its period covers the gap; the latest start gives the end', () => {
    // Every Friday 18:00 in New York for 63 hours: the weekend, until Monday 09:00.
    const w = [recurring('weekend', '0 18 * * 5', 'America/New_York', 63 * 60)];
    const sunday = activeFreeze(w, at('2025-06-08T12:00:00Z'));
    assert.deepEqual(sunday?.endsAt, at('2025-06-09T13:00:00Z'), 'Monday 09:00 EDT');
    assert.equal(activeFreeze(w, at('2025-06-09T13:00:00Z')), null);
  });

  test('overlapping windows: the one that ends last wins, so its end is true', () => {
    const w = [
      oneOff('short', '2025-05-01T10:00:00Z', '2025-05-01T12:00:00Z'),
      oneOff('long', '2025-05-01T11:00:00Z', '2025-05-01T15:00:00Z'),
    ];
    const f = activeFreeze(w, at('2025-05-01T11:30:00Z'));
    assert.deepEqual([f?.windowId, f?.endsAt], ['long', at('2025-05-01T15:00:00Z')]);
    assert.equal(activeFreeze(w, at('2025-05-01T10:30:00Z'))?.windowId, 'short');
  });

  test('the next free moment follows chained windows, and is the moment itself when nothing freezes', () => {
    const w = [
      oneOff('a', '2025-05-01T10:00:00Z', '2025-05-01T12:00:00Z'),
      oneOff('b', '2025-05-01T12:00:00Z', '2025-05-01T13:00:00Z'),
      recurring('c', '30 12 * * *', 'UTC', 90),
    ];
    assert.deepEqual(nextFreeFrom(w, at('2025-05-01T10:30:00Z')), at('2025-05-01T14:00:00Z'));
    assert.deepEqual(nextFreeFrom(w, at('2025-05-01T09:00:00Z')), at('2025-05-01T09:00:00Z'));
  });

  test('upcoming: the occurrence in force first, then the next starts', () => {
    const w = recurring('nightly', '0 22 * * *', 'UTC', 120);
    const next = upcoming(w, at('2025-05-01T23:00:00Z'), 3);
    assert.deepEqual(
      next.map((o) => o.startsAt.toISOString()),
      ['2025-05-01T22:00:00.000Z', '2025-05-02T22:00:00.000Z', '2025-05-03T22:00:00.000Z'],
    );
    assert.deepEqual(
      upcoming(oneOff('gone', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'), at('2025-05-01T00:00:00Z'), 3),
      [],
    );
  });

  test('bad cron expressions and time zones are named with the reason', () => {
    assert.equal(cronProblem('0 9 * * 1-5', 'Europe/Berlin'), undefined);
    assert.match(cronProblem('61 * * * *', 'UTC') ?? '', /minute/);
    assert.match(cronProblem('every day', 'UTC') ?? '', /five, six, or seven/);
    assert.match(cronProblem('0 0 30 2 *', 'UTC') ?? '', /never matches/);
    assert.equal(timeZoneProblem('America/New_York'), undefined);
    assert.match(timeZoneProblem('Mars/Olympus') ?? '', /not an IANA time zone/);
  });

  test('an instant is described exactly and in the window’s time zone', () => {
    assert.equal(
      describeInstant(at('2025-12-24T18:00:00Z'), 'Europe/Berlin'),
      '2025-12-24T18:00:00.000Z (24 Dec 2025, 19:00 Europe/Berlin)',
    );
  });
});
