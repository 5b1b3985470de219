import type { Migration } from '../migrate.js';

/**
 * Stock sent with a team (issue 17): a movement that names a team with its incident is tied to that team's
 * dispatch (`dispatch`, the open one, or the latest when the team is already back), so an incident's details
 * can say what each team took.
 */
export const addStockDispatch: Migration = {
  version: 12,
  name: 'server2-stock-dispatch',
  up(db) {
    db.exec(`
      ALTER TABLE stock_ledger ADD COLUMN team TEXT;
      ALTER TABLE stock_ledger ADD COLUMN dispatch INTEGER REFERENCES team_dispatches(id);
    `);
  },
};
