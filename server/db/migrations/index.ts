import type { Migration } from '../migrate.js';
import { createIngestTables } from './0001-create-ingest-tables.js';
import { createAlertTables } from './0002-create-alert-tables.js';
import { addLookupIndexes } from './0003-add-lookup-indexes.js';
import { createCapTables } from './0004-create-cap-tables.js';
import { capThreadByReferences } from './0005-cap-thread-by-references.js';
import { createSpilledIds } from './0006-idem-spilled-ids.js';
import { addOpenIncidentsIndex } from './0007-bounds-open-incidents-index.js';
import { createCalloutOutbox } from './0008-callout-create-outbox.js';
import { addAuditByTime } from './0009-console-audit-by-time.js';
import { createTeamTables } from './0010-forces-create-team-tables.js';
import { addCalloutExpanding } from './0011-server2-callout-expanding.js';
import { addStockDispatch } from './0012-server2-stock-dispatch.js';
import { createSourcesLastSeen } from './0013-perf-sources-last-seen.js';

/** Every schema step in order; append, never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  createIngestTables,
  createAlertTables,
  addLookupIndexes,
  createCapTables,
  capThreadByReferences,
  createSpilledIds,
  addOpenIncidentsIndex,
  createCalloutOutbox,
  addAuditByTime,
  createTeamTables,
  addCalloutExpanding,
  addStockDispatch,
  createSourcesLastSeen,
];
