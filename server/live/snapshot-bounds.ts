import { incidentLevel, type LevelPolicy } from '../../src/domain/incident-level.js';
import type { AlertFeed, IncidentFeed, ObligationFeed, SnapshotOmitted } from '../../src/protocol/index.js';

/** How much of each kind a snapshot carries (config `server.snapshotMax*`) and how incidents are ranked. */
export type SnapshotLimits = { maxIncidents: number; maxAlerts: number; policy: LevelPolicy };

/** The parts of a snapshot that grow with what sources send. */
export type SnapshotBusiness = {
  incidents: IncidentFeed[];
  alerts: AlertFeed[];
  obligations: ObligationFeed[];
};

const SEVERITY_RANK: Record<AlertFeed['severity'], number> = { critical: 0, warning: 1, info: 2 };

/**
 * What a screen needs of the live business, bounded (issue 13: 35,000 reports from one source made a 117 MB
 * snapshot no client would take). Incidents are ranked as the console lists them — open first, worst level,
 * most recent — and alerts open first, most severe, most recently changed; the first `max` of each are kept, in
 * their usual order, with the reporting clocks of the incidents kept. The rest are counted in `omitted`.
 */
export function boundSnapshot(
  business: SnapshotBusiness,
  limits: SnapshotLimits,
): SnapshotBusiness & { omitted?: SnapshotOmitted } {
  const { incidents, alerts, obligations } = business;
  if (incidents.length <= limits.maxIncidents && alerts.length <= limits.maxAlerts) return business;
  const keptIncidents = firstRanked(incidents, limits.maxIncidents, incidentRanker(limits.policy));
  const keptAlerts = firstRanked(alerts, limits.maxAlerts, compareAlerts);
  const codes = new Set(keptIncidents.map((i) => i.code));
  const keptObligations = obligations.filter((o) => codes.has(o.incident));
  const isOpen = (i: IncidentFeed) => i.status === 'open';
  const isOpenAlert = (a: AlertFeed) => a.state !== 'closed';
  const count = <T>(list: readonly T[], test: (x: T) => boolean) => list.filter(test).length;
  return {
    incidents: keptIncidents,
    alerts: keptAlerts,
    obligations: keptObligations,
    omitted: {
      openIncidents: count(incidents, isOpen) - count(keptIncidents, isOpen),
      closedIncidents: count(incidents, (i) => !isOpen(i)) - count(keptIncidents, (i) => !isOpen(i)),
      openAlerts: count(alerts, isOpenAlert) - count(keptAlerts, isOpenAlert),
      closedAlerts: count(alerts, (a) => !isOpenAlert(a)) - count(keptAlerts, (a) => !isOpenAlert(a)),
      obligations: obligations.length - keptObligations.length,
    },
  };
}

// The first `max` by `compare`, returned in the list's own order (the feed's order is part of its contract).
function firstRanked<T>(list: readonly T[], max: number, compare: (a: T, b: T) => number): T[] {
  if (list.length <= max) return [...list];
  const kept = new Set([...list].sort(compare).slice(0, max));
  return list.filter((x) => kept.has(x));
}

// As src/state/selectors/incidents.ts orders the console's list, so the snapshot keeps what is shown first.
function incidentRanker(policy: LevelPolicy) {
  const levels = new Map<IncidentFeed, number>();
  const level = (i: IncidentFeed) => {
    let l = levels.get(i);
    if (l === undefined) {
      l = incidentLevel(i.casualties, i.directLossYuan, policy);
      levels.set(i, l);
    }
    return l;
  };
  return (a: IncidentFeed, b: IncidentFeed) =>
    Number(a.status !== 'open') - Number(b.status !== 'open') ||
    level(a) - level(b) ||
    b.occurredAt - a.occurredAt ||
    a.code.localeCompare(b.code);
}

function compareAlerts(a: AlertFeed, b: AlertFeed): number {
  return (
    Number(a.state === 'closed') - Number(b.state === 'closed') ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.updatedAt - a.updatedAt ||
    b.id - a.id
  );
}
