import type { FloodColour } from '../../domain/flood-colour.js';
import type { StationCondition } from '../../domain/station-status.js';
import type { StockSeverity } from '../../domain/stock-status.js';
import type { Lang } from '../../domain/vocabulary.js';
import type { AlertSeverity, ObligationFeed, ObligationKind, RungTarget } from '../../protocol/index.js';
import { WORDS_EN } from './words-en.js';
import { WORDS_ZH } from './words-zh.js';

/** The languages the handover report is written in. */
export type ReportLang = Lang;

/** Every fixed phrase of the report; both languages must fill every key, so neither can fall behind. */
export type Words = {
  title: (county: string, time: string, who: string) => string;
  noSnapshot: string;
  mayBeStale: (connection: string, heard: string) => string;
  onWatch: string;
  since: (time: string) => string;
  leader: string;
  rosterLabel: string;
  roster: (officer: string, leader: string, from: string, to: string) => string;
  handover: string;
  handoverPending: (from: string, to: string, since: string, age: string) => string;
  noHandover: string;
  onWatchTitle: (officer: string) => string;
  colon: string;
  none: string;
  sep: string;
  list: string;
  paren: (text: string) => string;
  sections: {
    alerts: string;
    clocks: string;
    snoozes: string;
    incidents: string;
    stations: string;
    stock: string;
    notes: (since: string) => string;
  };
  inFuture: (d: string) => string;
  ago: (d: string) => string;
  overdueBy: (d: string) => string;
  alertState: { triggered: string; acknowledged: string; closed: string };
  severity: Record<AlertSeverity, string>;
  openFor: (d: string) => string;
  rung: (n: number, loop: number, who: string) => string;
  noRung: string;
  target: Record<RungTarget, string>;
  nextEscalation: (when: string) => string;
  noEscalation: string;
  ladderExhausted: string;
  acked: (by: string, at: string, reason: string, recheck: string) => string;
  newData: string;
  snoozedUntil: (until: string) => string;
  hiddenBehind: (id: number) => string;
  snooze: (by: string, until: string, reason: string) => string;
  snoozeExpired: (by: string, until: string, reason: string) => string;
  kind: Record<ObligationKind, string>;
  reportTo: Record<ObligationFeed['target'], string>;
  clock: (kind: string, target: string, due: string) => string;
  incidentStatus: { open: string; closed: string };
  occurred: (age: string) => string;
  nextReport: (due: string) => string;
  noReportDue: string;
  /** Said under a section when the collector's bounded snapshot left some out (issue 13). */
  notListed: (n: number, what: 'incidents' | 'alerts') => string;
  condition: Record<StationCondition, string>;
  colour: Record<FloodColour, string>;
  lastKnown: (colour: string) => string;
  belowLine: (distance: string, line: string, level: string) => string;
  aboveEveryLine: string;
  overFloodLimit: (by: string, limit: string) => string;
  inNextLine: (d: string) => string;
  readingAge: (age: string) => string;
  staleSince: (since: string, age: string) => string;
  noReading: string;
  sensorFault: string;
  stockSeverity: Record<StockSeverity, string>;
  shortBy: (n: number, unit: string) => string;
  neverCounted: string;
  /** Expired lots named beside a usable quantity. */
  expiredBeside: (n: number, unit: string) => string;
  about: (subject: string) => string;
  logWindow: (from: string) => string;
};

/** The phrases of each report language. */
export const WORDS: Readonly<Record<ReportLang, Words>> = { zh: WORDS_ZH, en: WORDS_EN };
