import type { CapAlert } from '../../src/cap/cap-alert.js';
import { ackToCap, type CapIssuer, incidentToCap } from '../../src/cap/incident-cap.js';
import { incidentLevel } from '../../src/domain/incident-level.js';
import type { Config } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { createLiveQueries } from '../live/live-queries.js';
import { incidentResources } from './incident-resources.js';

/** Who signs the bureau's CAP documents, from the county config. */
export function issuerOf(config: Config): CapIssuer {
  const regionCode = config.county.code;
  if (!/^\d{6}$/.test(regionCode)) {
    throw new Error(
      `county.code "${regionCode}" is not a 6-digit GB/T 2260 region code, which a GB/T 35965.1 identifier needs`,
    );
  }
  return {
    regionCode,
    agencyCode: config.cap.agencyCode,
    sender: config.cap.sender ?? `${regionCode}${config.cap.agencyCode}`,
    senderName: config.cap.senderName ?? `${config.county.name}应急管理局`,
    utcOffset: config.county.utcOffset,
  };
}

export type ExportResult = { ok: true; alert: CapAlert } | { ok: false; message: string };

/**
 * An incident as a CAP 1.2 document. Exporting is repeatable: the Alert is dated and identified by the moment
 * the incident was received, so exporting twice gives the same document (and a receiver dedupes it); once there
 * are follow-ups, the export is an Update dated by the latest one that references the Alert. With `ack`, the
 * first acknowledgement of the incident's alerts, as a CAP Ack referencing the Alert.
 */
export function exportIncident(
  db: Db,
  config: Config,
  code: string,
  options: { ack: boolean },
): ExportResult {
  const incident = createLiveQueries(db).incident(code);
  if (!incident) return { ok: false, message: `no incident "${code}" in the database` };
  const issuer = issuerOf(config);
  const township = config.townships.find((t) => t.code === incident.township);
  const level = incidentLevel(incident.casualties, incident.directLossYuan, {
    countMissingTowardLevel: config.reporting.countMissingTowardLevel,
  });
  // Incidents received within the same second share the identifier's timestamp; N tells them apart.
  const second = Math.floor(incident.receivedAt / 1000) * 1000;
  const { earlier } = db
    .prepare<{ second: number; at: number; code: string }, { earlier: number }>(
      `SELECT COUNT(*) AS earlier FROM incidents
       WHERE received_at >= @second AND (received_at < @at OR (received_at = @at AND code < @code))`,
    )
    .get({ second, at: incident.receivedAt, code }) as { earlier: number };
  const serial = earlier % 10;
  const base = { level, townshipName: township?.name ?? incident.township, serial };
  const original = incidentToCap(incident, issuer, {
    ...base,
    sentAt: incident.receivedAt,
    msgType: 'Alert',
  });
  if (options.ack) {
    const ack = db
      .prepare<[string], { actor: string; at: number }>(
        `SELECT l.actor, l.at FROM audit_log l JOIN alerts a ON a.id = l.alert
         WHERE a.subject_kind = 'incident' AND a.subject_code = ? AND l.action = 'acknowledged'
         ORDER BY l.id LIMIT 1`,
      )
      .get(code);
    if (!ack) return { ok: false, message: `no alert of incident "${code}" has been acknowledged yet` };
    return { ok: true, alert: ackToCap(original, { by: ack.actor, at: ack.at }, issuer, serial) };
  }
  // What was sent goes in the description of the document returned, not of the Alert it references.
  const resources = incidentResources(db, config, code);
  if (incident.updates === 0)
    return {
      ok: true,
      alert:
        resources.length > 0
          ? incidentToCap(incident, issuer, {
              ...base,
              sentAt: incident.receivedAt,
              msgType: 'Alert',
              resources,
            })
          : original,
    };
  return {
    ok: true,
    alert: incidentToCap(incident, issuer, {
      ...base,
      serial: updateSerial(db, incident.code, incident.updatedAt),
      sentAt: incident.updatedAt,
      msgType: 'Update',
      resources,
      references: [{ sender: original.sender, identifier: original.identifier, sent: original.sent }],
    }),
  };
}

/**
 * The serial of an Update issued in the same second as other documents: after the Alerts of every incident
 * received in that second (which take the first serials), then in update order. Without this an incident reported
 * and updated within one second would get an Update with its own Alert's identifier.
 */
function updateSerial(db: Db, code: string, updatedAt: number): number {
  const second = Math.floor(updatedAt / 1000) * 1000;
  const { alerts, updates } = db
    .prepare<{ second: number; at: number; code: string }, { alerts: number; updates: number }>(
      `SELECT
         (SELECT COUNT(*) FROM incidents WHERE received_at >= @second AND received_at < @second + 1000) AS alerts,
         (SELECT COUNT(*) FROM incident_state s
          WHERE s.updated_at >= @second AND (s.updated_at < @at OR (s.updated_at = @at AND s.code < @code))
            AND EXISTS (SELECT 1 FROM incident_updates u WHERE u.incident = s.code)) AS updates`,
    )
    .get({ second, at: updatedAt, code }) as { alerts: number; updates: number };
  return (alerts + updates) % 10;
}
