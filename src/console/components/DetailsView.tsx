import type { AlertRow } from '../../state/selectors/alerts.js';
import type { PanelId } from '../../state/ui-state.js';
import { selectedIndex } from '../../state/ui-state.js';
import { useConsoleLook } from '../console-context.js';
import { sparkline } from '../sparkline.js';
import type { Strings } from '../strings.js';
import { wrapText } from '../text-width.js';
import type { Theme } from '../theme.js';
import type { ConsoleView, LogRow } from '../view-model.js';
import { alertStateCell } from './AlertsPanel.js';
import { deadlineCell } from './IncidentsPanel.js';
import { withPhone } from './PromptBox.js';
import { ScrolledPage } from './ScrolledPage.js';
import { stockStatusCell } from './StockPanel.js';
import type { TextLine } from './TextLines.js';
import { ageCell, floodCell } from './WaterPanel.js';

/** Props of {@link DetailsView}. */
export type DetailsViewProps = {
  panel: PanelId;
  selectedKey: string | undefined;
  view: ConsoleView;
  width: number;
  height: number;
  scroll: number;
};

/** What {@link detailLines} draws from: the view's props and the console's strings and theme. */
export type DetailLinesInput = Omit<DetailsViewProps, 'height' | 'scroll'> & {
  strings: Strings;
  theme: Theme;
};

/** Everything known about the selected row of the focused panel, with its history from the audit log. */
export function DetailsView(props: DetailsViewProps) {
  const { strings: s, theme } = useConsoleLook();
  const { width, height } = props;
  const body = detailLines({ ...props, strings: s, theme });
  const head: TextLine[] = [
    { text: `${s.details.title} — ${s.panels[props.panel]}`, isBold: true, isInverse: true },
    { text: s.details.close, tone: 'muted' },
  ];
  return <ScrolledPage head={head} body={body} width={width} height={height} scroll={props.scroll} />;
}

/** An audit action in the console's language. */
export function actionWord(action: string, s: Strings): string {
  return s.logActions[action] ?? action.replace(/_/g, ' ');
}

/**
 * Who the ladder calls next, with phone, and when; while the data is frozen (collector unreachable) it says
 * nothing escalates and whom to phone instead, never a countdown running on.
 */
export function nextRungText(a: AlertRow, s: Strings, isFrozen: boolean): string {
  if (a.nextEscalationAt === null || a.state !== 'triggered') return '--';
  const next = a.next ? withPhone(a.next.rungText, a.next.phone) : undefined;
  if (isFrozen) return s.details.frozenNext(next ?? withPhone(a.rungText, a.currentPhone));
  if (!next) return `${a.nextEscalationText} (${a.nextEscalationClock})`;
  const when = (a.nextEscalationIn ?? 0) <= 0 ? s.due : `${a.nextEscalationText} (${a.nextEscalationClock})`;
  return `${when} → ${next}`;
}

/** The detail lines of the selected row (exported for tests). */
export function detailLines({
  panel,
  selectedKey,
  view,
  strings: s,
  theme,
  width,
}: DetailLinesInput): TextLine[] {
  const L = s.details.labels;
  const kv = (label: string, value: string, extra: Partial<TextLine> = {}): TextLine[] =>
    wrapText(`${label}: ${value}`, width).map((text) => ({ text, ...extra }));
  const history = (rows: LogRow[]): TextLine[] =>
    rows.length === 0
      ? []
      : [
          { text: '' },
          { text: s.details.history, isBold: true, tone: 'accent' },
          ...rows
            .slice(0, 12)
            .flatMap((r) =>
              wrapText(`${r.time} ${r.actor} ${actionWord(r.action, s)}${s.colon}${r.text}`, width).map(
                (text) => ({ text }),
              ),
            ),
        ];
  const pick = <T,>(rows: readonly T[], keyOf: (r: T) => string): T | undefined =>
    rows[selectedIndex(rows.map(keyOf), selectedKey)];
  switch (panel) {
    case 'alerts': {
      const a = pick(view.alerts, (r) => String(r.id));
      if (!a) return [{ text: s.details.none }];
      return [
        { text: `#${a.id} ${a.title}`, isBold: true },
        ...kv(L.severity, `${theme.glyphs.severity[a.severity]} ${s.severity[a.severity]} (${a.alertClass})`),
        ...kv(L.state, alertStateCell(a, s).text),
        ...kv(L.todo, a.action),
        ...kv(L.opened, a.ageText),
        ...kv(L.rung, withPhone(a.rungText, a.currentPhone)),
        ...kv(L.next, nextRungText(a, s, view.stale !== undefined)),
        ...(a.ack
          ? kv(L.ack, `${a.ack.byName} ${a.ack.atText} — ${a.ack.reason} (${a.ack.recheckText})`)
          : []),
        ...(a.snooze ? kv(L.snooze, `${a.snooze.byName} → ${a.snooze.untilText} — ${a.snooze.reason}`) : []),
        ...kv(L.subject, `${s.subjectKinds[a.subject.kind]} ${a.subject.code}`),
        ...notified(view.notifications?.(a.id) ?? [], width),
        ...history(view.log.filter((r) => r.alert === a.id)),
      ];
    }
    case 'water': {
      const r = pick(view.stations, (x) => x.code);
      if (!r) return [{ text: s.details.none }];
      return [
        { text: `${r.name} (${r.code})`, isBold: true },
        ...kv(L.township, r.townshipName),
        ...kv(L.level, `${r.levelText} ${s.units.m}`),
        ...kv(L.rate, r.rateText),
        ...kv(L.flood, floodCell(r, s, theme).text),
        ...kv(
          L.nextLine,
          r.nextLine
            ? `${r.nextLine.distanceText} ${s.units.m} ${r.nextLine.label} (${r.nextLine.level})`
            : '--',
        ),
        ...kv(L.eta, r.timeToNextLineText),
        ...(r.floodLimit ? kv(L.floodLimit, `${r.floodLimit.level} ${r.floodLimit.label ?? ''}`) : []),
        ...kv(L.age, ageCell(r, s).text),
        { text: sparkline(r.sparkline, Math.min(60, width - 2), theme.glyphs.spark), tone: 'accent' },
        // The console asks for the whole day as the details open (use-whole-history.ts); until it lands, say so.
        ...(r.isHistoryThinned
          ? wrapText(s.details.thinnedHistory, width).map((text) => ({ text, tone: 'muted' as const }))
          : []),
      ];
    }
    case 'stock': {
      const r = pick(view.stock, (x) => `${x.warehouse}/${x.item}`);
      if (!r) return [{ text: s.details.none }];
      return [
        { text: `${r.warehouseName} · ${r.itemName}`, isBold: true },
        ...kv(L.quantity, `${r.quantity} ${r.unit}`),
        ...kv(L.minimum, `${r.minimum} ${r.unit}`),
        ...kv(L.status, stockStatusCell(r, s).text),
        ...r.expiringLots.flatMap((l) => kv(L.lots, `${l.batch} ${l.quantity} ${r.unit} ${l.expiresOn}`)),
        ...kv(L.age, r.ageText),
      ];
    }
    case 'incidents': {
      const r = pick(view.incidents, (x) => x.code);
      if (!r) return [{ text: s.details.none }];
      return [
        ...wrapText(`${r.code} ${r.displayTitle}`, width).map((text) => ({ text, isBold: true })),
        ...kv(L.severity, `${r.levelRoman} ${r.levelName}`),
        ...(r.majorRiskText ? kv(L.majorRisk, r.majorRiskText) : []),
        ...kv(L.casualties, r.casualtiesText),
        ...kv(L.loss, `${r.directLossYuan}`),
        ...kv(L.township, `${r.townshipName}${r.village ? ` ${r.village}` : ''}`),
        ...kv(L.status, `${s.incidentStatus[r.status]} · ${r.ageText} · ${r.updatedAgeText}`),
        ...kv(L.updates, String(r.updates)),
        ...kv(L.deadlines, deadlineCell(r, s).text),
        ...view.obligations
          .filter((o) => o.incident === r.code)
          .flatMap((o) =>
            kv(
              `  ${o.kindName}`,
              `${o.targetName} ${o.dueText} (${o.countdownText})`,
              o.isOverdue ? { tone: 'critical' } : {},
            ),
          ),
        ...(view.forcesSent.byIncident.get(r.code) ?? []).flatMap((line, i) =>
          kv(i === 0 ? view.forcesSent.label : '', line),
        ),
        // What was issued for it, a line per team it went with (and one for stock that went without a team).
        ...(view.stockSent?.byIncident.get(r.code) ?? []).flatMap((line, i) =>
          i === 0
            ? kv(view.stockSent?.label ?? '', line)
            : wrapText(`  ${line}`, width).map((text) => ({ text })),
        ),
        ...history(view.log.filter((x) => x.incident === r.code)),
      ];
    }
    case 'log': {
      const r = pick(view.log, (x) => String(x.id));
      if (!r) return [{ text: s.details.none }];
      return [
        ...kv(L.time, r.time),
        ...kv(L.actor, r.actor),
        ...kv(L.action, actionWord(r.action, s)),
        ...(r.subject ? kv(L.subject, r.subject) : []),
        ...kv(L.text, r.text),
      ];
    }
  }
}

// 叫应: who this alert's messages reached (rungs and call-out), how, when, delivered or not, answered or not.
function notified([heading, ...lines]: string[], width: number): TextLine[] {
  if (heading === undefined) return [];
  return [
    { text: '' },
    { text: heading, isBold: true, tone: 'accent' },
    ...lines.slice(0, 20).flatMap((line) => wrapText(line, width).map((text) => ({ text }))),
  ];
}
