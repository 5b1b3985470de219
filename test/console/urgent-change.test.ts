import { describe, expect, it } from 'vitest';
import { isUrgentChange } from '../../src/console/hooks/use-watch-state.js';
import type { AlertFeed } from '../../src/protocol/index.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { alertFeed } from '../state/feed-fixtures.js';

const live: WatchState = {
  ...initialWatchState,
  connection: { status: 'live', since: 0 },
};
const withAlerts = (state: WatchState, ...alerts: AlertFeed[]): WatchState => ({
  ...state,
  alerts: new Map(alerts.map((a) => [a.id, a])),
});

describe('what the console shows at once instead of at its next flush', () => {
  const one = alertFeed({ id: 1, state: 'triggered', step: 0, loop: 0 });
  const shown = withAlerts(live, one);

  it('a new alert, an alert that climbed a rung or looped, one re-triggered, and the link changing', () => {
    expect(isUrgentChange(shown, withAlerts(live, one, alertFeed({ id: 2 })))).toBe(true);
    expect(isUrgentChange(shown, withAlerts(live, { ...one, step: 1 }))).toBe(true);
    expect(isUrgentChange(shown, withAlerts(live, { ...one, loop: 1 }))).toBe(true);
    expect(isUrgentChange(shown, withAlerts(live, { ...one, state: 'acknowledged' }))).toBe(true);
    expect(
      isUrgentChange(shown, {
        ...shown,
        connection: { status: 'reconnecting', since: 0, attempt: 1, reason: 'closed' },
      }),
    ).toBe(true);
  });

  it('not readings, nor an alert whose value moved on the same rung: those wait for the flush', () => {
    expect(isUrgentChange(shown, { ...shown })).toBe(false);
    expect(isUrgentChange(shown, withAlerts(live, { ...one, value: (one.value ?? 0) + 0.01 }))).toBe(false);
  });
});
