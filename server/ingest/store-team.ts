import type { TeamArrive, TeamDispatch, TeamReturn, TeamStatus } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import type { Change } from './changes.js';
import { unknownIncident } from './unknown-incident.js';

type StateRow = { available: number; posture: string; reported_at: number };
type OpenRow = { id: number; headcount: number; departed_at: number; arrived_at: number | null };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Prepares the rescue-team writer. Roll calls are kept as written; `team_state` moves with every dispatch and
 * return so the desk's "available" is what is really left. Every refusal happens before the first write.
 */
export function createTeamWriter(db: Db) {
  const insertStatus = db.prepare(
    'INSERT INTO team_status (journal_seq, team, available, posture, at, received_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const getState = db.prepare<[string], StateRow>(
    'SELECT available, posture, reported_at FROM team_state WHERE team = ?',
  );
  const upsertState = db.prepare(
    `INSERT INTO team_state (team, available, posture, reported_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (team) DO UPDATE SET available = excluded.available, posture = excluded.posture,
       reported_at = excluded.reported_at, updated_at = excluded.updated_at`,
  );
  const moveAvailable = db.prepare(
    'UPDATE team_state SET available = available + ?, updated_at = ? WHERE team = ?',
  );
  const incident = db.prepare<[string], { status: string }>(
    'SELECT status FROM incident_state WHERE code = ?',
  );
  const openDispatch = db.prepare<[string, string], OpenRow>(
    `SELECT id, headcount, departed_at, arrived_at FROM team_dispatches
     WHERE team = ? AND incident = ? AND returned_at IS NULL`,
  );
  const insertDispatch = db.prepare(
    `INSERT INTO team_dispatches (journal_seq, team, incident, headcount, departed_at, received_at, note)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const setArrived = db.prepare('UPDATE team_dispatches SET arrived_at = ? WHERE id = ?');
  const setReturned = db.prepare('UPDATE team_dispatches SET returned_at = ?, return_note = ? WHERE id = ?');

  function status(msg: TeamStatus, seq: number, receivedAt: number): Change[] {
    const at = Date.parse(msg.at);
    insertStatus.run(seq, msg.team, msg.available, msg.posture, at, receivedAt, msg.note ?? null);
    // A roll call that arrives late (older than the one kept) is logged but does not overwrite a newer one.
    const current = getState.get(msg.team);
    if (current && current.reported_at > at) return [];
    upsertState.run(msg.team, msg.available, msg.posture, at, receivedAt);
    return [{ kind: 'team', team: msg.team }];
  }

  function dispatch(msg: TeamDispatch, seq: number, receivedAt: number): Change[] {
    const found = incident.get(msg.incident);
    if (!found) throw unknownIncident(msg.incident);
    if (found.status !== 'open') {
      throw new Refusal('INVALID_STATE', `incident: "${msg.incident}" is closed`, 'incident');
    }
    if (openDispatch.get(msg.team, msg.incident)) {
      throw new Refusal(
        'INVALID_STATE',
        `team: "${msg.team}" is already out on "${msg.incident}"; send team.return first, or a team.status`,
        'team',
      );
    }
    const state = getState.get(msg.team);
    // A team never called in has an unknown headcount: the check against its strength was made already.
    if (state && msg.headcount > state.available) {
      throw new Refusal(
        'INSUFFICIENT_FORCES',
        `headcount: ${msg.headcount} is more than the ${state.available} available in "${msg.team}" (roll call ${iso(state.reported_at)})`,
        'headcount',
      );
    }
    insertDispatch.run(
      seq,
      msg.team,
      msg.incident,
      msg.headcount,
      Date.parse(msg.departedAt),
      receivedAt,
      msg.note ?? null,
    );
    if (state) moveAvailable.run(-msg.headcount, receivedAt, msg.team);
    return [{ kind: 'team', team: msg.team }];
  }

  function open(team: string, incidentCode: string): OpenRow {
    const row = openDispatch.get(team, incidentCode);
    if (!row) {
      throw new Refusal(
        'INVALID_STATE',
        `incident: team "${team}" has no dispatch open to "${incidentCode}"; send team.dispatch first`,
        'incident',
      );
    }
    return row;
  }

  function arrive(msg: TeamArrive, _seq: number, _receivedAt: number): Change[] {
    const row = open(msg.team, msg.incident);
    const at = Date.parse(msg.at);
    if (at < row.departed_at) {
      throw new Refusal(
        'INVALID_STATE',
        `at: arriving at ${msg.at}, before departing at ${iso(row.departed_at)}`,
        'at',
      );
    }
    if (row.arrived_at !== null) {
      throw new Refusal('INVALID_STATE', `at: "${msg.team}" already arrived at ${iso(row.arrived_at)}`, 'at');
    }
    setArrived.run(at, row.id);
    return [{ kind: 'team', team: msg.team }];
  }

  function back(msg: TeamReturn, _seq: number, receivedAt: number): Change[] {
    const row = open(msg.team, msg.incident);
    const at = Date.parse(msg.at);
    const since = row.arrived_at ?? row.departed_at;
    if (at < since) {
      const what = row.arrived_at === null ? 'departing' : 'arriving';
      throw new Refusal('INVALID_STATE', `at: returning at ${msg.at}, before ${what} at ${iso(since)}`, 'at');
    }
    setReturned.run(at, msg.note ?? null, row.id);
    moveAvailable.run(row.headcount, receivedAt, msg.team);
    return [{ kind: 'team', team: msg.team }];
  }

  return { status, dispatch, arrive, back };
}
