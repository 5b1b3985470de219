import { INCIDENT_TONE_IN, incidentTone } from '../../state/selectors/incident-tone.js';
import type { Cell, ColumnSpec } from '../columns.js';
import { useConsoleLook } from '../console-context.js';
import type { Strings } from '../strings.js';
import type { IncidentLine } from '../view-model.js';
import { type DataPanelProps, headersOf, TablePanel } from './TablePanel.js';

type Key = 'level' | 'title' | 'casualties' | 'township' | 'status' | 'deadline' | 'age';

const COLUMNS: readonly ColumnSpec<Key>[] = [
  // `III 较大` is 8 columns: the level word is never cut ("III 较…" reads as nothing at 3 a.m.).
  { key: 'level', width: 8 },
  { key: 'title', width: 14, isFlex: true },
  { key: 'casualties', width: 16, drop: 3 },
  { key: 'township', width: 10, drop: 2 },
  { key: 'status', width: 6, drop: 4 },
  { key: 'deadline', width: 16 },
  { key: 'age', width: 5, align: 'right', drop: 1 },
];

/** The next reporting deadline as a countdown, overdue in the loudest tone. */
export function deadlineCell(line: IncidentLine, s: Strings): Cell {
  const next = line.next;
  if (!next) return { text: '--', tone: 'muted' };
  const text = `${next.kindName} ${next.countdownText}`;
  if (next.isOverdue) return { text: `${s.overdue} ${text}`, tone: 'critical', isBold: true };
  return { text, tone: next.isWarning ? 'warning' : undefined, isBold: next.isWarning };
}

/** Incidents with a deadline first: level, casualties, township, status, and the next report due. */
export function IncidentsPanel(props: DataPanelProps<IncidentLine>) {
  const { strings: s } = useConsoleLook();
  const open = props.rows.filter((r) => r.status === 'open').length;
  const overdue = props.rows.filter((r) => r.next?.isOverdue).length;
  return (
    <TablePanel
      {...props}
      title={s.panels.incidents}
      summary={`${s.incidentStatus.open} ${open}${overdue > 0 ? ` · ${s.overdue} ${overdue}` : ''}`}
      columns={COLUMNS}
      headers={headersOf(
        ['level', 'title', 'casualties', 'township', 'status', 'deadline', 'age'],
        s.columns.incidents,
      )}
      rowKey={(r) => r.code}
      isRowDim={(r) => r.status !== 'open'}
      cells={(r) => ({
        level: {
          text: s.levelText(r.levelRoman, r.levelName),
          tone: INCIDENT_TONE_IN.console[incidentTone(r)],
          isBold: incidentTone(r) === 'serious',
        },
        title: { text: r.displayTitle },
        casualties: { text: r.casualtiesText, tone: r.casualties.deaths > 0 ? 'critical' : undefined },
        township: { text: r.townshipName },
        status: { text: s.incidentStatus[r.status], tone: r.status === 'open' ? undefined : 'muted' },
        deadline: deadlineCell(r, s),
        // How long since the last report on it: a quiet incident may need a call.
        age: { text: r.updatedAgeText, tone: 'muted' },
      })}
    />
  );
}
