import type { ColumnSpec } from '../columns.js';
import { useConsoleLook } from '../console-context.js';
import type { LogRow } from '../view-model.js';
import { type DataPanelProps, headersOf, TablePanel } from './TablePanel.js';

type Key = 'time' | 'actor' | 'action' | 'text';

const COLUMNS: readonly ColumnSpec<Key>[] = [
  { key: 'time', width: 8 },
  { key: 'actor', width: 8 },
  { key: 'action', width: 10, drop: 1 },
  { key: 'text', width: 20, isFlex: true },
];

// What people did, as opposed to what the engine did: drawn in the normal tone, the engine's lines muted.
const PERSON_ACTIONS = new Set([
  'acknowledged',
  'call_logged',
  'confirmed',
  'escalation_request',
  'note',
  'report_sent',
  'resolved',
  'snoozed',
  'handover_accepted',
  'shift_started',
  'roster_changed',
]);

/** The audit log, newest first: who did what, when. */
export function LogPanel(props: DataPanelProps<LogRow>) {
  const { strings: s } = useConsoleLook();
  return (
    <TablePanel
      {...props}
      title={s.panels.log}
      summary={String(props.rows.length)}
      columns={COLUMNS}
      headers={headersOf(['time', 'actor', 'action', 'text'], s.columns.log)}
      rowKey={(r) => String(r.id)}
      cells={(r) => {
        const isPerson = PERSON_ACTIONS.has(r.action);
        return {
          time: { text: r.time, tone: 'muted' },
          actor: { text: r.actor, isBold: isPerson },
          action: {
            text: s.logActions[r.action] ?? r.action.replace(/_/g, ' '),
            tone: isPerson ? 'accent' : 'muted',
          },
          // Every row says what it is about first (the alert's number and a short title, or the incident), so a
          // narrow panel cuts the text, never the subject.
          text: {
            text: r.subject ? `${r.subject} · ${r.text}` : r.text,
            tone: isPerson ? undefined : 'muted',
          },
        };
      }}
    />
  );
}
