import type { IncidentReport, IncidentUpdate, Scope } from '../../src/protocol/index.js';
import type { IncidentFigureColumns } from '../db/incident-figures.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import type { Change } from './changes.js';
import { requireScope } from './check-message.js';
import { createOpenIncidentLimit, DEFAULT_INGEST_LIMITS, type IngestLimits } from './open-incident-limit.js';
import { unknownIncident } from './unknown-incident.js';

type StateRow = IncidentFigureColumns & {
  status: string;
  township: string;
};

/**
 * Prepares the incident writer: the first report and every follow-up are kept as written (append-only), and
 * `incident_state` holds the figures as they stand now.
 */
export function createIncidentWriter(db: Db, limits: () => IngestLimits = () => DEFAULT_INGEST_LIMITS) {
  const openLimit = createOpenIncidentLimit(db, limits);
  const insertIncident = db.prepare(
    `INSERT INTO incidents (code, journal_seq, category, kind, title, township, village, location, occurred_at,
       received_at, deaths, missing, serious_injuries, injuries, trapped, evacuated, at_risk, direct_loss_yuan,
       status, description)
     VALUES (@code, @seq, @category, @kind, @title, @township, @village, @location, @occurredAt, @receivedAt,
       @deaths, @missing, @seriousInjuries, @injuries, @trapped, @evacuated, @atRisk, @loss, @status, @description)`,
  );
  const insertState = db.prepare(
    `INSERT INTO incident_state (code, deaths, missing, serious_injuries, injuries, trapped, evacuated, at_risk,
       direct_loss_yuan, status, updated_at)
     VALUES (@code, @deaths, @missing, @seriousInjuries, @injuries, @trapped, @evacuated, @atRisk, @loss, @status, @at)`,
  );
  const updateState = db.prepare(
    `UPDATE incident_state SET deaths = @deaths, missing = @missing, serious_injuries = @seriousInjuries,
       injuries = @injuries, trapped = @trapped, evacuated = @evacuated, at_risk = @atRisk, direct_loss_yuan = @loss,
       status = @status, updated_at = @at
     WHERE code = @code`,
  );
  const insertUpdate = db.prepare(
    'INSERT INTO incident_updates (journal_seq, incident, at, received_at, changes, note) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const getState = db.prepare<[string], StateRow>(
    `SELECT s.*, i.township FROM incident_state s JOIN incidents i ON i.code = s.code WHERE s.code = ?`,
  );
  const exists = db.prepare<[string], { code: string }>('SELECT code FROM incidents WHERE code = ?');

  function report(msg: IncidentReport, seq: number, receivedAt: number): Change[] {
    if (exists.get(msg.incident)) {
      throw new Refusal(
        'INVALID_STATE',
        `incident: "${msg.incident}" was already reported; send an incident.update for new figures`,
        'incident',
      );
    }
    if (msg.status === 'open') openLimit.report(msg.township, seq, 'township');
    const c = msg.casualties;
    const figures = {
      code: msg.incident,
      deaths: c.deaths,
      missing: c.missing,
      seriousInjuries: c.seriousInjuries,
      injuries: c.injuries,
      trapped: c.trapped,
      evacuated: c.evacuated,
      atRisk: c.atRisk ?? null,
      loss: msg.directLossYuan,
      status: msg.status,
    };
    insertIncident.run({
      ...figures,
      seq,
      category: msg.category,
      kind: msg.kind,
      title: msg.title,
      township: msg.township,
      village: msg.village ?? null,
      location: msg.location ?? null,
      occurredAt: Date.parse(msg.occurredAt),
      receivedAt,
      description: msg.description ?? null,
    });
    insertState.run({ ...figures, at: receivedAt });
    return [{ kind: 'incident', incident: msg.incident }];
  }

  function update(msg: IncidentUpdate, seq: number, receivedAt: number, scope: Scope | undefined): Change[] {
    const current = getState.get(msg.incident);
    if (!current) throw unknownIncident(msg.incident);
    requireScope(scope?.townships, current.township, 'incident', 'township');
    if (current.status !== 'open' && msg.status === 'open') openLimit.reopen(msg.incident, 'status');
    const c = msg.casualties ?? {};
    updateState.run({
      code: msg.incident,
      deaths: c.deaths ?? current.deaths,
      missing: c.missing ?? current.missing,
      seriousInjuries: c.seriousInjuries ?? current.serious_injuries,
      injuries: c.injuries ?? current.injuries,
      trapped: c.trapped ?? current.trapped,
      evacuated: c.evacuated ?? current.evacuated,
      atRisk: c.atRisk ?? current.at_risk,
      loss: msg.directLossYuan ?? current.direct_loss_yuan,
      status: msg.status ?? current.status,
      at: receivedAt,
    });
    const changes = { casualties: msg.casualties, directLossYuan: msg.directLossYuan, status: msg.status };
    insertUpdate.run(
      seq,
      msg.incident,
      Date.parse(msg.at),
      receivedAt,
      JSON.stringify(changes),
      msg.note ?? null,
    );
    return [{ kind: 'incident', incident: msg.incident }];
  }

  return { report, update };
}
