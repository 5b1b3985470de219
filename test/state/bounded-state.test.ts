import { describe, expect, it } from 'vitest';
import type { AlertFeed } from '../../src/protocol/index.js';
import type { Action } from '../../src/state/actions.js';
import { KEEP_FINISHED, reduceBounded } from '../../src/state/bounded-state.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { alertFeed, delta, incident, MIN, NIGHT, server, snapshot } from './feed-fixtures.js';

function alert(id: number, state: AlertFeed['state']): AlertFeed {
  return alertFeed({
    id,
    key: `water.warning:G${id}`,
    class: 'water.warning',
    severity: 'warning',
    subject: { kind: 'station', code: `G${id}` },
    title: { zh: `告警 ${id}`, en: `alert ${id}` },
    action: { zh: '', en: '' },
    value: null,
    state,
    openedAt: NIGHT + id * MIN,
    updatedAt: NIGHT + id * MIN,
    closedAt: state === 'closed' ? NIGHT + id * MIN : null,
    rung: null,
    nextEscalationAt: null,
  });
}

describe('reduceBounded', () => {
  it('keeps every open alert but only the most recent closed ones, however long the wall runs', () => {
    let state = reduceBounded(initialWatchState, server(snapshot({ incidents: [incident('I-open')] })));
    const total = 5_000;
    for (let id = 1; id <= total; id += 1) {
      const action: Action = server(
        delta(id, [{ kind: 'alert', alert: alert(id, id % 100 === 0 ? 'triggered' : 'closed') }]),
      );
      state = reduceBounded(state, action);
    }
    const alerts = [...state.alerts.values()];
    expect(alerts.filter((a) => a.state === 'triggered')).toHaveLength(total / 100);
    const closed = alerts.filter((a) => a.state === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(KEEP_FINISHED.closedAlerts);
    expect(closed.length).toBeLessThanOrEqual(KEEP_FINISHED.closedAlerts + 100);
    // The newest closed alerts are the ones kept.
    expect(Math.min(...closed.map((a) => a.id))).toBeGreaterThan(total - 500);
    expect(state.incidents.has('I-open')).toBe(true);
  });

  it('returns the very same state when the reducer changed nothing, so no redraw is asked for', () => {
    const lost = [
      server(snapshot()),
      { type: 'conn.lost', at: NIGHT, reason: 'link closed (1006)' },
      { type: 'conn.connecting', at: NIGHT + 1000, attempt: 1 },
    ] satisfies Action[];
    const state = lost.reduce(reduceBounded, initialWatchState);
    expect(reduceBounded(state, { type: 'conn.connecting', at: NIGHT + 2000, attempt: 1 })).toBe(state);
  });
});

describe('reduceBounded and call-outs', () => {
  it('keeps open call-outs, the most recent closed ones with their recipients, and a bounded tail of deliveries', () => {
    let state = reduceBounded(initialWatchState, server(snapshot({})));
    const total = 300;
    for (let id = 1; id <= total; id += 1) {
      const at = NIGHT + id * MIN;
      const isOpen = id % 50 === 0;
      state = reduceBounded(
        state,
        server(
          delta(id, [
            {
              kind: 'callout',
              callout: {
                id,
                trigger: 'officer',
                alert: null,
                title: `叫应 ${id}`,
                message: '',
                drill: false,
                startedBy: 'P1',
                startedAt: at,
                deadlineAt: at + 5 * MIN,
                closedAt: isOpen ? null : at + MIN,
              },
            },
            {
              kind: 'callout.recipient',
              recipient: {
                id,
                callout: id,
                person: `p${id}`,
                name: `n${id}`,
                role: 'village.flood',
                township: null,
                village: null,
                place: '',
                phone: null,
                state: 'answered',
                sentAt: at,
                deliveredAt: at,
                answeredAt: at,
                answer: 'received',
                count: null,
                note: null,
                phonedAt: null,
                phonedBy: null,
                phonedReached: null,
              },
            },
          ]),
        ),
      );
    }
    const callouts = [...state.callouts.values()];
    expect(callouts.filter((c) => c.closedAt === null)).toHaveLength(total / 50);
    const closed = callouts.filter((c) => c.closedAt !== null);
    expect(closed.length).toBeGreaterThanOrEqual(KEEP_FINISHED.closedCallouts);
    expect(closed.length).toBeLessThanOrEqual(KEEP_FINISHED.closedCallouts + 100);
    // The newest closed ones are kept, and a recipient goes with its call-out.
    expect(state.callouts.has(total - 1)).toBe(true);
    expect([...state.calloutRecipients.values()].every((r) => state.callouts.has(r.callout))).toBe(true);
    expect(state.calloutRecipients.size).toBe(state.callouts.size);
  });
});
