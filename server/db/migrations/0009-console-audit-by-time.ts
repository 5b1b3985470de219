import type { Migration } from '../migrate.js';

/**
 * The snapshot carries every handover entry of the shift (`shiftLog`), read by time on each snapshot; without
 * an index that read would scan the whole audit log, which grows all night.
 */
export const addAuditByTime: Migration = {
  version: 9,
  name: 'console-audit-by-time',
  up(db) {
    db.exec('CREATE INDEX audit_by_time ON audit_log (at)');
  },
};
