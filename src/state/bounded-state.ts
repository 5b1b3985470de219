import type { Action } from './actions.js';
import { reduce } from './reducer.js';
import type { WatchState } from './watch-state.js';

/**
 * How much finished business a long-running screen (the wall, a console left open for weeks) keeps: enough for
 * its pages and the handover, bounded so months of running stay flat.
 */
export const KEEP_FINISHED = {
  closedAlerts: 200,
  closedIncidents: 100,
  doneObligations: 200,
  closedCallouts: 20,
  doneDeliveries: 2000,
} as const;

// Only trim once well past the bound, so the copying happens rarely rather than on every delta.
const SLACK = 100;

function keepRecent<K, V>(
  map: ReadonlyMap<K, V>,
  isOpen: (v: V) => boolean,
  at: (v: V) => number,
  keep: number,
): ReadonlyMap<K, V> {
  const done = [...map.entries()].filter(([, v]) => !isOpen(v));
  if (done.length <= keep + SLACK) return map;
  const drop = new Set(
    done
      .sort((a, b) => at(a[1]) - at(b[1]))
      .slice(0, done.length - keep)
      .map(([k]) => k),
  );
  return new Map([...map.entries()].filter(([k]) => !drop.has(k)));
}

/**
 * The shared reducer, then a trim of closed alerts, closed incidents and finished reporting clocks. The feed
 * only ever adds these (a fresh snapshot would leave the old ones out), and a wall or a console may run for
 * months without one.
 */
export function reduceBounded(state: WatchState, action: Action): WatchState {
  const next = reduce(state, action);
  if (next === state) return next;
  const alerts = keepRecent(
    next.alerts,
    (a) => a.state !== 'closed',
    (a) => a.updatedAt,
    KEEP_FINISHED.closedAlerts,
  );
  const incidents = keepRecent(
    next.incidents,
    (i) => i.status === 'open',
    (i) => i.updatedAt,
    KEEP_FINISHED.closedIncidents,
  );
  const obligations = keepRecent(
    next.obligations,
    (o) => o.state === 'open',
    (o) => o.doneAt ?? o.dueAt,
    KEEP_FINISHED.doneObligations,
  );
  const trimmed = { ...next, alerts, incidents, obligations, ...boundCallouts(next) };
  const isSame = (
    ['alerts', 'incidents', 'obligations', 'callouts', 'calloutRecipients', 'deliveries'] as const
  ).every((k) => trimmed[k] === next[k]);
  return isSame ? next : trimmed;
}

// Closed call-outs go with their recipients; finished deliveries are kept to a bound of their own.
function boundCallouts(next: WatchState): Pick<WatchState, 'callouts' | 'calloutRecipients' | 'deliveries'> {
  const callouts = keepRecent(
    next.callouts,
    (c) => c.closedAt === null,
    (c) => c.closedAt ?? c.startedAt,
    KEEP_FINISHED.closedCallouts,
  );
  const calloutRecipients =
    callouts === next.callouts
      ? next.calloutRecipients
      : new Map([...next.calloutRecipients].filter(([, r]) => callouts.has(r.callout)));
  const deliveries = keepRecent(
    next.deliveries,
    (d) => d.state === 'pending',
    (d) => d.doneAt ?? d.createdAt,
    KEEP_FINISHED.doneDeliveries,
  );
  return { callouts, calloutRecipients, deliveries };
}
