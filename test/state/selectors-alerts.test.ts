import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/state/reducer.js';
import {
  comparePromptRows,
  isAtMyRung,
  selectAlertRows,
  selectPromptAlerts,
} from '../../src/state/selectors/alerts.js';
import { selectNextDeadlines, selectOpenObligations } from '../../src/state/selectors/obligations.js';
import { busySnapshot, LOCAL, liveState, obligationFeed } from '../console/console-fixtures.js';
import { alertFeed, MIN, NIGHT } from './feed-fixtures.js';

describe('selectAlertRows', () => {
  it('orders open before closed, then severity, then what needs a person, then the longest waiting', () => {
    const state = liveState(
      busySnapshot({
        alerts: [
          alertFeed({ id: 1, severity: 'warning', openedAt: NIGHT - 50 * MIN }),
          alertFeed({ id: 2, severity: 'critical', state: 'closed', closedAt: NIGHT - MIN }),
          alertFeed({
            id: 3,
            severity: 'critical',
            state: 'acknowledged',
            ack: { by: 'P1', at: NIGHT, reason: 'x', recheckAt: NIGHT + 30 * MIN },
          }),
          alertFeed({ id: 4, severity: 'critical', openedAt: NIGHT - 5 * MIN }),
          alertFeed({ id: 5, severity: 'critical', openedAt: NIGHT - 40 * MIN }),
          alertFeed({ id: 6, severity: 'info' }),
        ],
      }),
    );
    expect(selectAlertRows(state, LOCAL, { names: 'zh' }).map((r) => r.id)).toEqual([5, 4, 3, 1, 6, 2]);
  });

  it('shows the rung, the countdown to the next one and the snooze expiry on the collector clock', () => {
    const state = liveState(
      busySnapshot({
        alerts: [
          alertFeed({
            id: 1,
            step: 1,
            rung: { target: 'leader', person: 'P2' },
            nextEscalationAt: NIGHT + 4 * MIN,
          }),
          alertFeed({ id: 2, snooze: { by: 'P1', until: NIGHT + 30 * MIN, reason: '已派人' } }),
          alertFeed({ id: 3, rung: { target: 'government', person: 'P4' }, step: 3, nextEscalationAt: null }),
        ],
      }),
    );
    // One local minute later: the collector clock has moved one minute too.
    const rows = selectAlertRows(state, LOCAL + MIN, { names: 'zh' });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(1)).toMatchObject({
      rungText: '2 带班领导 李强',
      nextEscalationText: '3m',
      nextEscalationClock: '02:04:00',
      ageText: '4m',
    });
    expect(byId.get(2)).toMatchObject({
      isActive: false,
      snooze: { untilText: '02:30:00', leftText: '29m', byName: '张伟' },
    });
    expect(byId.get(3)).toMatchObject({ nextEscalationText: '--' });
    expect(selectAlertRows(state, LOCAL, { names: 'ascii' })[0]?.rungText).toBe('2 leader Li Qiang');
  });

  it('gives the title and what to do in the chosen language', () => {
    const [row] = selectAlertRows(liveState(busySnapshot({ alerts: [alertFeed()] })), LOCAL, {
      names: 'ascii',
    });
    expect(row).toMatchObject({
      title: 'Ruhe Bridge over guaranteed level 12.10 m',
      action: expect.stringContaining('leader on duty'),
    });
  });
});

describe('isAtMyRung', () => {
  const officer = { token: 'officer', role: 'officer' as const, person: 'P1' };
  const leader = { token: 'leader', role: 'leader' as const, person: 'P2' };

  it('is true for a triggered alert whose rung names me', () => {
    expect(isAtMyRung(alertFeed(), officer, NIGHT)).toBe(true);
    expect(isAtMyRung(alertFeed({ rung: { target: 'officer', person: 'P5' } }), officer, NIGHT)).toBe(false);
  });

  it('is false when acknowledged, inhibited or snoozed (until the snooze ends)', () => {
    expect(isAtMyRung(alertFeed({ state: 'acknowledged' }), officer, NIGHT)).toBe(false);
    expect(isAtMyRung(alertFeed({ inhibitedBy: 9 }), officer, NIGHT)).toBe(false);
    const snoozed = alertFeed({ snooze: { by: 'P1', until: NIGHT + MIN, reason: 'x' } });
    expect(isAtMyRung(snoozed, officer, NIGHT)).toBe(false);
    expect(isAtMyRung(snoozed, officer, NIGHT + 2 * MIN)).toBe(true);
  });

  it('gives a leader every triggered alert at the leader rung or above, not the officer rung', () => {
    expect(isAtMyRung(alertFeed({ rung: { target: 'chief', person: 'P3' } }), leader, NIGHT)).toBe(true);
    expect(isAtMyRung(alertFeed(), leader, NIGHT)).toBe(false);
  });

  it('lists the prompts of this console worst first, with those that climbed past me still unanswered', () => {
    const state = liveState(
      busySnapshot({
        alerts: [
          alertFeed({ id: 1, severity: 'warning' }),
          alertFeed({ id: 2 }),
          alertFeed({ id: 3, rung: { target: 'leader', person: 'P2' } }),
        ],
      }),
    );
    // #3 climbed past the officer to the leader unanswered: the officer was alerted and still has to act.
    expect(selectPromptAlerts(state, LOCAL, { names: 'zh' }).map((a) => a.id)).toEqual([2, 3, 1]);
  });

  it('orders prompts: critical first, then my rung now, then the nearest escalation', () => {
    const state = liveState(
      busySnapshot({
        alerts: [
          alertFeed({ id: 1, severity: 'warning', nextEscalationAt: NIGHT + MIN }),
          alertFeed({ id: 2, nextEscalationAt: NIGHT + 4 * MIN }),
          alertFeed({ id: 3, nextEscalationAt: NIGHT + 2 * MIN }),
          // Climbed past me unanswered: still waiting, behind what is on my rung now.
          alertFeed({ id: 4, rung: { target: 'chief', person: 'P3' }, step: 2, nextEscalationAt: NIGHT }),
        ],
      }),
    );
    const rows = selectAlertRows(state, LOCAL, { names: 'zh' }).filter((r) => r.isActive);
    expect(rows.sort(comparePromptRows).map((r) => r.id)).toEqual([3, 2, 4, 1]);
  });
});

describe('selectOpenObligations', () => {
  it('puts overdue clocks first with negative countdowns, then the nearest deadline', () => {
    const state = liveState(
      busySnapshot({
        obligations: [
          obligationFeed({ id: 1, dueAt: NIGHT + 50 * MIN }),
          obligationFeed({ id: 2, dueAt: NIGHT - 5 * MIN, kind: 'statutory' }),
          obligationFeed({ id: 3, dueAt: NIGHT + 10 * MIN, kind: 'written', warnAt: NIGHT }),
          obligationFeed({ id: 4, state: 'done' }),
        ],
      }),
    );
    const rows = selectOpenObligations(state, LOCAL, { names: 'zh' });
    expect(rows.map((r) => [r.id, r.countdownText, r.isOverdue])).toEqual([
      [2, '-5m', true],
      [3, '10m', false],
      [1, '50m', false],
    ]);
    expect(rows[1]).toMatchObject({
      kindName: '书面报告',
      targetName: '市应急管理局',
      isWarning: true,
      dueText: '02:10:00',
    });
    expect(selectNextDeadlines(state, LOCAL, { names: 'ascii' }).get('INC-1')).toMatchObject({
      id: 2,
      kindName: 'statutory report',
    });
  });

  it('follows a delta that closes a clock', () => {
    const state = liveState();
    const next = reduce(state, {
      type: 'server',
      at: LOCAL,
      msg: {
        v: 1,
        type: 'delta',
        epoch: 'ep-1',
        seq: 1,
        now: NIGHT,
        changes: [{ kind: 'obligation', obligation: obligationFeed({ state: 'done' }) }],
      },
    });
    expect(selectOpenObligations(next, LOCAL, { names: 'zh' })).toEqual([]);
  });
});
