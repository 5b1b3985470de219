import { incidentLevel, LEVEL_NAMES, majorRiskFlags } from '../../src/domain/incident-level.js';
import { type IncidentFacts, planOnChange, planOnReport } from '../../src/domain/reporting-clocks.js';
import type { Config, FeedChange, IncidentFeed } from '../../src/protocol/index.js';
import type { AuditRepo } from './audit-repo.js';
import type { ObligationsRepo } from './obligations-repo.js';

/** The facts the reporting clocks need, derived from an incident as it stands. */
export function incidentFacts(incident: IncidentFeed, config: Config): IncidentFacts {
  const level = incidentLevel(incident.casualties, incident.directLossYuan, {
    countMissingTowardLevel: config.reporting.countMissingTowardLevel,
  });
  return {
    code: incident.code,
    category: incident.category,
    receivedAt: incident.receivedAt,
    level,
    isMajorRisk: majorRiskFlags(incident.casualties).length > 0,
    isOpen: incident.status === 'open',
  };
}

/**
 * Brings each incident's reporting clocks up to date with its current level. Idempotent: compares with the
 * level last acted on (stored), so running it on every tick — and after a crash between an ingest commit and
 * this step — creates each obligation exactly once.
 */
export function syncIncidentClocks(
  incidents: readonly IncidentFeed[],
  config: Config,
  repos: { obligations: ObligationsRepo; audit: AuditRepo },
): FeedChange[] {
  const changes: FeedChange[] = [];
  for (const incident of incidents) {
    const facts = incidentFacts(incident, config);
    const prev = repos.obligations.lastLevel(incident.code);
    if (
      prev &&
      prev.level === facts.level &&
      prev.isMajorRisk === facts.isMajorRisk &&
      prev.isOpen === facts.isOpen
    ) {
      continue;
    }
    // The moment the new facts reached the county: the update's receipt, not when this loop noticed it.
    const at = prev ? incident.updatedAt : incident.receivedAt;
    const plan = prev
      ? planOnChange(prev, facts, repos.obligations.forIncident(incident.code), config.reporting, at)
      : { create: planOnReport(facts, config.reporting), supersede: [] };
    if (prev && facts.level < prev.level) {
      const text = `upgraded ${LEVEL_NAMES[prev.level as 1 | 2 | 3 | 4].zh} → ${LEVEL_NAMES[facts.level].zh}: reporting clocks re-armed`;
      changes.push({
        kind: 'log',
        entry: repos.audit.append({
          at,
          actor: 'system',
          action: 'incident_upgraded',
          incident: incident.code,
          text,
        }),
      });
    }
    for (const id of plan.supersede) {
      const obligation = repos.obligations.finish(
        id,
        'superseded',
        at,
        'system',
        'superseded by a change of level or status',
      );
      changes.push({ kind: 'obligation', obligation });
    }
    for (const planned of plan.create) {
      const obligation = repos.obligations.create({ incident: incident.code, ...planned }, at);
      changes.push({ kind: 'obligation', obligation });
      const text = `${planned.kind} report to ${planned.target} due ${new Date(planned.dueAt).toISOString()}`;
      changes.push({
        kind: 'log',
        entry: repos.audit.append({
          at,
          actor: 'system',
          action: 'clock_started',
          incident: incident.code,
          obligation: obligation.id,
          text,
        }),
      });
    }
    repos.obligations.saveLevel(incident.code, facts.level, facts.isMajorRisk, facts.isOpen);
  }
  return changes;
}
