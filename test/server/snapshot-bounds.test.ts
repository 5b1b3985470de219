import { describe, expect, it } from 'vitest';
import { boundSnapshot } from '../../server/live/snapshot-bounds.js';
import type { ObligationFeed } from '../../src/protocol/index.js';
import { handoverMarkdown } from '../../src/state/handover-report.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { alertFeed, incident, MIN, NIGHT, server, snapshot } from '../state/feed-fixtures.js';

const LIMITS = { maxIncidents: 3, maxAlerts: 2, policy: { countMissingTowardLevel: false } };
const DEAD = { deaths: 3, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 };

function obligation(id: number, incidentCode: string): ObligationFeed {
  const at = NIGHT + 30 * MIN;
  return {
    ...{ id, incident: incidentCode, kind: 'phone', target: 'city', level: 3, dueAt: at, warnAt: at },
    ...{ state: 'open', doneAt: null, doneBy: null, doneNote: null },
  };
}

describe('boundSnapshot', () => {
  it('keeps what the console lists first — open, worst, most recent — in the feed order, and counts the rest', () => {
    const incidents = [
      incident('OLD-SERIOUS', { occurredAt: NIGHT - 90 * MIN, casualties: DEAD }),
      incident('OLD', { occurredAt: NIGHT - 80 * MIN }),
      incident('CLOSED', { occurredAt: NIGHT - 5 * MIN, status: 'closed' }),
      incident('NEW', { occurredAt: NIGHT - 10 * MIN }),
      incident('NEWER', { occurredAt: NIGHT - 5 * MIN }),
    ];
    const alerts = [
      alertFeed({ id: 1, severity: 'info' }),
      alertFeed({ id: 2, severity: 'critical', state: 'closed', closedAt: NIGHT }),
      alertFeed({ id: 3, severity: 'critical' }),
      alertFeed({ id: 4, severity: 'warning' }),
    ];
    const obligations = [obligation(1, 'OLD-SERIOUS'), obligation(2, 'OLD')];
    const out = boundSnapshot({ incidents, alerts, obligations }, LIMITS);
    expect(out.incidents.map((i) => i.code)).toEqual(['OLD-SERIOUS', 'NEW', 'NEWER']);
    expect(out.alerts.map((a) => a.id)).toEqual([3, 4]);
    expect(out.obligations.map((o) => o.id)).toEqual([1]);
    expect(out.omitted).toEqual({
      openIncidents: 1,
      closedIncidents: 1,
      openAlerts: 1,
      closedAlerts: 1,
      obligations: 1,
    });
  });

  it('returns what fits as it is, with nothing said omitted', () => {
    const business = { incidents: [incident('A')], alerts: [alertFeed()], obligations: [] };
    expect(boundSnapshot(business, LIMITS)).toBe(business);
  });
});

describe('the handover report from a bounded snapshot', () => {
  it('counts what the snapshot left out and says it is not listed', () => {
    const msg = {
      ...snapshot({ incidents: [incident('A')] }),
      omitted: { openIncidents: 40, closedIncidents: 0, openAlerts: 7, closedAlerts: 0, obligations: 0 },
    };
    const state = reduce(initialWatchState, server(msg));
    const zh = handoverMarkdown(state, NIGHT, { lang: 'zh' });
    expect(zh).toContain('另有 40 起在办事件未列出');
    expect(zh).toContain('另有 7 条未关闭告警未列出');
    const en = handoverMarkdown(state, NIGHT, { lang: 'en' });
    expect(en).toContain('40 more open incidents not listed');
  });
});
