import type { ReadingPoint } from '../../src/protocol/index.js';

/** What a committed message changed, for the live feed to turn into deltas. */
export type Change =
  | { kind: 'reading'; station: string; reading: ReadingPoint }
  | { kind: 'stock'; warehouse: string; item: string }
  | { kind: 'incident'; incident: string }
  /** A CAP warning (thread) was opened, updated or cancelled. */
  | { kind: 'cap'; warning: number }
  /** A rescue team's roll call or one of its dispatches changed. */
  | { kind: 'team'; team: string };
