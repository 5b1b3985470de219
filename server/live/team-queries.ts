import type { DispatchFeed, Team, TeamFeed, TeamPosture } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';

/** How many dispatches that came back a team's feed keeps, newest first, for incident details and handover. */
export const RETURNED_DISPATCHES_KEPT = 20;

type DispatchRow = {
  id: number;
  team: string;
  incident: string;
  headcount: number;
  departed_at: number;
  arrived_at: number | null;
  returned_at: number | null;
};

/** Reads a team's state and dispatches as the watch feed carries them. */
export function createTeamQueries(db: Db) {
  const state = db.prepare<[string], { available: number; posture: TeamPosture; reported_at: number }>(
    'SELECT available, posture, reported_at FROM team_state WHERE team = ?',
  );
  const dispatches = db.prepare<[string, string, number], DispatchRow>(
    `SELECT * FROM (SELECT id, team, incident, headcount, departed_at, arrived_at, returned_at FROM team_dispatches
       WHERE team = ? AND returned_at IS NULL
     UNION ALL
     SELECT * FROM (SELECT id, team, incident, headcount, departed_at, arrived_at, returned_at FROM team_dispatches
       WHERE team = ? AND returned_at IS NOT NULL ORDER BY returned_at DESC, id DESC LIMIT ?))
     ORDER BY departed_at, id`,
  );
  const toDispatch = (r: DispatchRow): DispatchFeed => ({
    id: r.id,
    team: r.team,
    incident: r.incident,
    headcount: r.headcount,
    departedAt: r.departed_at,
    arrivedAt: r.arrived_at,
    returnedAt: r.returned_at,
  });
  return {
    team(team: Team): TeamFeed {
      const s = state.get(team.code);
      return {
        ...team,
        available: s?.available ?? null,
        posture: s?.posture ?? null,
        reportedAt: s?.reported_at ?? null,
        dispatches: dispatches.all(team.code, team.code, RETURNED_DISPATCHES_KEPT).map(toDispatch),
      };
    },
  };
}
