import type { Migration } from '../migrate.js';
import { createIngestTables } from './0001-create-ingest-tables.js';
import { createAlertTables } from './0002-create-alert-tables.js';
import { addLookupIndexes } from './0003-add-lookup-indexes.js';
import { createCapTables } from './0004-create-cap-tables.js';
import { createTeamTables } from './0005-forces-create-team-tables.js';

/** Every schema step in order; append, never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  createIngestTables,
  createAlertTables,
  addLookupIndexes,
  createCapTables,
  createTeamTables,
];
