import type { Migration } from '../migrate.js';

/**
 * The open incidents, for the per-token bound on them (issue 13): counted on every report, so the count walks
 * only the open ones — which that bound keeps few — and never the years of closed ones.
 */
export const addOpenIncidentsIndex: Migration = {
  version: 7,
  name: 'bounds-open-incidents-index',
  up(db) {
    db.exec(`CREATE INDEX incident_state_open ON incident_state (code) WHERE status = 'open';`);
  },
};
