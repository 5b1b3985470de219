import { backupConditions } from './backup-rules.js';
import { capConditions } from './cap-rules.js';
import type { Condition } from './condition.js';
import { dutyConditions } from './duty-rules.js';
import { forceConditions } from './force-rules.js';
import { incidentConditions } from './incident-rules.js';
import { reportConditions } from './report-rules.js';
import type { RuleInput } from './rule-input.js';
import { silentSourceConditions, staleConditions } from './stale-rules.js';
import { stockConditions } from './stock-rules.js';
import { waterConditions } from './water-rules.js';

/**
 * Every group of rules in the order `evaluateConditions` lists their conditions (water, stale, sources, stock,
 * incidents, reports, duty, CAP warnings, backups, forces), named so a benchmark can time each one.
 */
export const RULE_GROUPS: readonly (readonly [string, (input: RuleInput, now: number) => Condition[]])[] = [
  ['waterConditions', waterConditions],
  ['staleConditions', staleConditions],
  ['silentSourceConditions', silentSourceConditions],
  ['stockConditions', stockConditions],
  ['incidentConditions', incidentConditions],
  ['reportConditions', reportConditions],
  ['dutyConditions', dutyConditions],
  ['capConditions', capConditions],
  ['backupConditions', (input) => backupConditions(input)],
  ['forceConditions', forceConditions],
];
