import { formatAge } from '../../domain/format.js';
import type { ObligationFeed } from '../../protocol/index.js';
import { INCIDENT_TONE_IN, incidentTone } from './incident-tone.js';
import type { IncidentRow } from './incidents.js';
import { type WallList, wallList } from './wall-list.js';
import type { WallSummary } from './wall-summary.js';
import type { WallTone } from './wall-tone.js';
import type { WallWords } from './wall-words.js';

/** Incident table row: each field already a string. */
export type IncidentLine = {
  level: string;
  tone: WallTone;
  title: string;
  casualties: string;
  deadline: string;
  deadlineTone: WallTone;
  age: string;
};

/** The incidents page: the open incidents as a table, with its column heads and a one-line count. */
export type IncidentsPage = WallList<IncidentLine> & { columns: string[]; summary: string };

/** The incidents page from the open incidents, each with the next report it owes. */
export function incidentsPage(
  incidents: IncidentRow[],
  obligations: ReadonlyMap<number, ObligationFeed>,
  summary: WallSummary,
  at: number,
  t: WallWords,
  maxRows: number,
): IncidentsPage {
  return {
    ...wallList(
      t.titles.incidents,
      incidents.map((i) => incidentLine(i, obligations, at, t)),
      maxRows,
      t.noIncidents,
    ),
    columns: [...t.incidentColumns],
    summary: t.incidentSummary(summary.openIncidents, summary.seriousIncidents),
  };
}

function incidentLine(
  row: IncidentRow,
  obligations: ReadonlyMap<number, ObligationFeed>,
  at: number,
  t: WallWords,
): IncidentLine {
  let next: ObligationFeed | undefined;
  for (const o of obligations.values()) {
    if (o.incident === row.code && o.state === 'open' && (!next || o.dueAt < next.dueAt)) next = o;
  }
  const risk = row.majorRisk.length > 0 ? ` ${t.risk}` : '';
  const isZh = t.names === 'zh';
  let deadline: string = t.report.none;
  let deadlineTone: WallTone = 'ok';
  if (next) {
    const what = `${t.report.kind[next.kind]}${isZh ? '' : ' to '}${t.report.target[next.target]}`;
    const left = next.dueAt - at;
    deadline = left < 0 ? t.report.overdue(what, formatAge(-left)) : t.report.due(what, formatAge(left));
    deadlineTone = left < 0 ? 'danger' : at >= next.warnAt ? 'warning' : 'info';
  }
  return {
    // The English level names run long ("relatively serious"): the official numeral says it in four cells.
    level: isZh ? `${row.levelRoman} ${row.levelName}${risk}` : `${row.levelRoman}${risk}`,
    tone: INCIDENT_TONE_IN.wall[incidentTone(row)],
    // Incident titles are free Chinese text the Linux console cannot draw; the ASCII wall names the kind and place.
    title: isZh ? row.title : `${row.kind.replaceAll('_', ' ')}, ${row.townshipName}`,
    casualties: row.casualtiesText,
    deadline,
    deadlineTone,
    age: row.ageText,
  };
}
