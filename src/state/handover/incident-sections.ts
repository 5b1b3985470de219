import type { ObligationFeed } from '../../protocol/index.js';
import { type IncidentSelectOptions, selectIncidentRows } from '../selectors/incidents.js';
import { item, type ReportContext, section } from './report-context.js';

/** Reporting clocks still running, the first due first. */
export function openObligations(ctx: ReportContext): ObligationFeed[] {
  return [...ctx.state.obligations.values()]
    .filter((o) => o.state === 'open')
    .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
}

/** Every report still owed upward, with its countdown or how long it is overdue. */
export function clocksSection(ctx: ReportContext): string {
  const { w } = ctx;
  const lines = openObligations(ctx).map((o) => {
    const incident = ctx.state.incidents.get(o.incident);
    const subject = incident ? `${o.incident} ${incident.title}` : o.incident;
    return item(
      `**#${o.id}** ${subject} — ${w.clock(w.kind[o.kind], w.reportTo[o.target], ctx.deadline(o.dueAt))}`,
    );
  });
  return section(w.sections.clocks, lines, w);
}

/** Open incidents, worst level first (the selector's order), each with the next report it is owed. */
export function incidentsSection(ctx: ReportContext, policy: Omit<IncidentSelectOptions, 'names'>): string {
  const { w } = ctx;
  const obligations = openObligations(ctx);
  const rows = selectIncidentRows(ctx.state, ctx.now, { ...policy, names: ctx.names }).filter(
    (r) => r.status === 'open',
  );
  const lines = rows.map((r) => {
    // The list is sorted by due time, so the first match is the incident's next deadline.
    const next = obligations.find((o) => o.incident === r.code);
    const parts = [
      `${r.levelName}${w.paren(r.levelRoman)}`,
      r.majorRiskText ? `${r.casualtiesText}${w.paren(r.majorRiskText)}` : r.casualtiesText,
      r.townshipName,
      w.incidentStatus[r.status],
      w.occurred(r.ageText),
      next ? w.nextReport(ctx.deadline(next.dueAt)) : w.noReportDue,
    ];
    return item(`**${r.code}** ${r.title} — ${parts.join(w.sep)}`);
  });
  const more = ctx.state.omitted?.openIncidents ?? 0;
  return section(w.sections.incidents, lines, w, {
    count: lines.length + more,
    warning: more > 0 ? w.notListed(more, 'incidents') : undefined,
  });
}
