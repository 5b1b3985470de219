import type {
  Config,
  IncidentFeed,
  ObligationFeed,
  ReadingPoint,
  StockFeed,
  TeamFeed,
} from '../../protocol/index.js';
import type { CapWarning } from '../cap-warning.js';
import type { BackupHealth } from './backup-rules.js';

/** Everything the alert rules look at; the rules read no clock and do no I/O, so this is all they know. */
export type RuleInput = {
  config: Config;
  /** Readings per station code, oldest first. */
  histories: ReadonlyMap<string, readonly ReadingPoint[]>;
  stock: readonly StockFeed[];
  incidents: readonly IncidentFeed[];
  /** Token name → when its last message arrived (ms); absent means never since the collector started. */
  sourcesLastSeen: ReadonlyMap<string, number>;
  /** When the collector started: silence and missing data are measured from here at the earliest. */
  startedAt: number;
  obligations: readonly ObligationFeed[];
  handover: { from: string; to: string; since: number } | null;
  /** CAP warnings received, live or recently ended (the rules decide which are in force at `now`). */
  capWarnings: readonly CapWarning[];
  /** Keys of the alerts open now: hysteresis keeps these open inside their clear band. */
  openAlertKeys: ReadonlySet<string>;
  /** How the collector's backups stand; absent or null when backups are not configured. */
  backup?: BackupHealth | null;
  /** Rescue teams with their roll calls and dispatches; absent where forces are not tracked. */
  teams?: readonly TeamFeed[];
};
