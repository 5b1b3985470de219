import { NO_LADDER } from '../../domain/escalation.js';
import { formatAge } from '../../domain/format.js';
import type { AlertFeed, AlertSeverity } from '../../protocol/index.js';
import { item, type ReportContext, section } from './report-context.js';

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };

/** Alerts not yet closed, worst first, then the oldest first: the longest-waiting critical one leads. */
export function openAlerts(ctx: ReportContext): AlertFeed[] {
  return [...ctx.state.alerts.values()]
    .filter((a) => a.state !== 'closed')
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.openedAt - b.openedAt || a.id - b.id,
    );
}

/** Every open alert with its age, its rung, and what happens next to it. */
export function alertsSection(ctx: ReportContext): string {
  const { w } = ctx;
  const lines = openAlerts(ctx).map((a) => item(alertLine(a, ctx)));
  const more = ctx.state.omitted?.openAlerts ?? 0;
  return section(w.sections.alerts, lines, w, {
    count: lines.length + more,
    warning: more > 0 ? w.notListed(more, 'alerts') : undefined,
  });
}

function alertLine(a: AlertFeed, ctx: ReportContext): string {
  const { w } = ctx;
  const parts = [
    `${w.alertState[a.state]}${w.sep}${w.openFor(formatAge(ctx.at - a.openedAt))}`,
    a.rung
      ? w.rung(
          a.step + 1,
          a.loop,
          roleAndPerson(w.target[a.rung.target], a.rung.person ? ctx.person(a.rung.person) : '--'),
        )
      : w.noRung,
    nextStep(a, ctx),
  ];
  if (a.hasNewData) parts.push(w.newData);
  if (a.snooze) parts.push(w.snoozedUntil(ctx.time(a.snooze.until)));
  if (a.inhibitedBy !== null) parts.push(w.hiddenBehind(a.inhibitedBy));
  return `**#${a.id}** [${w.severity[a.severity]}] ${a.title[ctx.lang]} — ${parts.join(w.sep)}`;
}

// The county government duty office is both the role and the "person": say it once.
function roleAndPerson(role: string, person: string): string {
  return person === role ? role : `${role} ${person}`;
}

// An acknowledged alert waits for its re-check, not for the ladder: that is the deadline the next officer owns.
function nextStep(a: AlertFeed, ctx: ReportContext): string {
  const { w } = ctx;
  if (a.ack) {
    return w.acked(ctx.person(a.ack.by), ctx.time(a.ack.at), a.ack.reason, ctx.deadline(a.ack.recheckAt));
  }
  if (a.nextEscalationAt !== null) return w.nextEscalation(ctx.deadline(a.nextEscalationAt));
  return a.ladder === NO_LADDER ? w.noEscalation : w.ladderExhausted;
}

/** Snoozed open alerts, soonest expiry first; an expired snooze is shown until the collector clears it. */
export function snoozesSection(ctx: ReportContext): string {
  const { w } = ctx;
  const snoozed = openAlerts(ctx)
    .flatMap((a) => (a.snooze ? [{ alert: a, snooze: a.snooze }] : []))
    .sort((x, y) => x.snooze.until - y.snooze.until);
  const lines = snoozed.map(({ alert, snooze }) => {
    const by = ctx.person(snooze.by);
    const text =
      snooze.until > ctx.at
        ? w.snooze(by, ctx.deadline(snooze.until), snooze.reason)
        : w.snoozeExpired(by, ctx.time(snooze.until), snooze.reason);
    return item(`**#${alert.id}** ${alert.title[ctx.lang]} — ${text}`);
  });
  return section(w.sections.snoozes, lines, w);
}
