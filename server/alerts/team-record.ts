import type {
  Config,
  FeedChange,
  TeamArrive,
  TeamDispatch,
  TeamRecord,
  TeamReturn,
} from '../../src/protocol/index.js';
import { indexConfig } from '../config-index.js';
import type { Db } from '../db/open-database.js';
import { checkTeamMessage } from '../ingest/check-team-message.js';
import { createSourcesLastSeen } from '../ingest/sources-last-seen.js';
import { createTeamWriter } from '../ingest/store-team.js';
import type { LivePicture } from '../live/live-picture.js';

/** What an officer's phone report of a team becomes: the ingest message a source would have sent. */
export function teamMessageOf(action: TeamRecord): TeamDispatch | TeamArrive | TeamReturn {
  const base = { id: action.id, team: action.team, incident: action.incident };
  const note = action.note ? { note: action.note } : {};
  switch (action.event) {
    case 'dispatch':
      return {
        ...base,
        type: 'team.dispatch',
        headcount: action.headcount ?? 0,
        departedAt: action.at,
        ...note,
      };
    case 'arrive':
      return { ...base, type: 'team.arrive', at: action.at };
    case 'return':
      return { ...base, type: 'team.return', at: action.at, ...note };
  }
}

/**
 * Stores an officer's phone report of a team through the same checks and writer as `/ingest`, journalled under
 * the officer's token (so it is in the record of what the desk received), and returns the team's feed change.
 * Runs inside the action's transaction: a refusal leaves nothing behind.
 */
export function createTeamRecorder(db: Db, picture: LivePicture, config: () => Config) {
  const writer = createTeamWriter(db);
  const insertJournal = db.prepare(
    'INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const lastSeen = createSourcesLastSeen(db);
  return (action: TeamRecord, token: string, now: number): FeedChange[] => {
    const msg = teamMessageOf(action);
    // Officers and leaders answer for every team in the county.
    checkTeamMessage(msg, { index: indexConfig(config()), scope: { teams: '*' }, now }, (field) => field);
    const body = JSON.stringify(msg);
    const seq = Number(
      insertJournal.run(token, `watch:${action.id}`, msg.type, now, 'action', body).lastInsertRowid,
    );
    lastSeen.record(new Map([[token, now]]));
    const changes =
      msg.type === 'team.dispatch'
        ? writer.dispatch(msg, seq, now)
        : msg.type === 'team.arrive'
          ? writer.arrive(msg, seq, now)
          : writer.back(msg, seq, now);
    return changes.flatMap((c) => picture.apply(c) ?? []);
  };
}
