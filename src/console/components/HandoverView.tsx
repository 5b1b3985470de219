import { useConsoleLook } from '../console-context.js';
import type { ConsoleView } from '../view-model.js';
import { alertStateCell } from './AlertsPanel.js';
import { actionWord } from './DetailsView.js';
import { deadlineCell } from './IncidentsPanel.js';
import { ScrolledPage } from './ScrolledPage.js';
import type { TextLine } from './TextLines.js';
import { floodCell } from './WaterPanel.js';

/** Props of {@link HandoverView}. */
export type HandoverViewProps = {
  view: ConsoleView;
  width: number;
  height: number;
  scroll: number;
};

/**
 * The handover report (DESIGN.md "Duty"): open alerts, running reporting clocks, open incidents, stations over a
 * line, stock below minimum, and this watch's notes; `a` then `y` accepts the watch through the collector.
 */
export function HandoverView({ view, width, height, scroll }: HandoverViewProps) {
  const { strings: s, theme } = useConsoleLook();
  const h = s.handover;
  const section = (title: string, items: TextLine[]): TextLine[] => [
    { text: '' },
    { text: `${title} (${items.length})`, isBold: true, tone: 'accent' },
    ...(items.length === 0 ? [{ text: `  ${s.noRows}`, isDim: true }] : items),
  ];
  const openAlerts = view.alerts.filter((a) => a.state !== 'closed');
  const duty = view.duty;
  const body: TextLine[] = [
    {
      text: duty.handover
        ? h.pending(duty.handover.from, duty.handover.to, duty.handover.since)
        : h.none(duty.officer, duty.since),
      tone: duty.handover ? 'warning' : undefined,
      isBold: true,
    },
    ...section(
      h.sections.alerts,
      openAlerts.map((a) => ({
        text: `  ${theme.glyphs.severity[a.severity]} #${a.id} ${a.title} — ${alertStateCell(a, s).text} · ${a.rungText}`,
        tone: a.isActive ? 'critical' : undefined,
      })),
    ),
    ...section(
      h.sections.clocks,
      view.obligations.map((o) => ({
        text: `  ${o.kindName} → ${o.targetName} ${o.dueText} (${o.countdownText}) — ${o.incidentTitle}`,
        tone: o.isOverdue ? 'critical' : o.isWarning ? 'warning' : undefined,
      })),
    ),
    ...section(
      h.sections.incidents,
      view.incidents
        .filter((i) => i.status === 'open')
        .map((i) => ({
          text: `  ${i.levelRoman} ${i.displayTitle} · ${i.casualtiesText} · ${deadlineCell(i, s).text}`,
        })),
    ),
    ...section(
      h.sections.stations,
      view.stations
        .filter((r) => r.condition === 'warning' || r.condition === 'danger')
        .map((r) => ({
          text: `  ${r.name} ${r.levelText} ${r.rateText} ${floodCell(r, s, theme).text}`,
          tone: r.floodColour,
        })),
    ),
    ...section(
      h.sections.stock,
      view.stock
        .filter((r) => r.isBelowMinimum)
        .map((r) => ({ text: `  ${r.warehouseName} · ${r.itemName} ${r.quantity}/${r.minimum} ${r.unit}` })),
    ),
    ...section(
      h.sections.notes,
      view.shift.notes.map((r) => ({
        text: `  ${r.time} ${r.actor}${s.colon}${r.text}${r.subject ? `（${r.subject}）` : ''}`,
      })),
    ),
    ...section(h.sections.actions(view.shift.since), [
      ...view.shift.actions.map((r) => ({
        text: `  ${r.time} ${r.actor} ${actionWord(r.action, s)} ${r.subject}${s.colon}${r.text}`,
      })),
      ...view.shift.climbs.map((c) => ({ text: `  ${c.subject}${s.colon}${h.climbed(c.count, c.last)}` })),
    ]),
  ];
  const head: TextLine[] = [
    { text: h.title, isBold: true, isInverse: true },
    { text: h.keys, tone: 'muted' },
  ];
  return <ScrolledPage head={head} body={body} width={width} height={height} scroll={scroll} />;
}
