import { formatDuration } from '../domain/format.js';
import type { LevelPolicy } from '../domain/incident-level.js';
import { formatLocal } from '../domain/local-time.js';
import { actionsSection } from './handover/actions-section.js';
import { alertsSection, snoozesSection } from './handover/alert-sections.js';
import { calloutSection } from './handover/callout-section.js';
import { forcesOutSection, unsentIncidentsSection } from './handover/forces-sections.js';
import { clocksSection, incidentsSection } from './handover/incident-sections.js';
import { notesSection } from './handover/notes-section.js';
import { type ReportContext, reportContext } from './handover/report-context.js';
import { stationsSection, stockSection } from './handover/station-stock-sections.js';
import type { ReportLang } from './handover/words.js';
import { nameOf } from './selectors/context.js';
import { selectHeader } from './selectors/header.js';
import type { WatchState } from './watch-state.js';

/** How to write the report: the language, and the local policy on counting missing persons toward a level. */
export type HandoverOptions = { lang: ReportLang } & Partial<LevelPolicy>;

/**
 * The handover report as Markdown at local time `now` (escalation-semantics.md (d)1): who hands the watch to
 * whom, then every open item the incoming officer inherits. Pure: the rules ran in the collector; this only
 * arranges what the selectors say, and an empty section says "none" outright.
 */
export function handoverMarkdown(state: WatchState, now: number, opts: HandoverOptions): string {
  const ctx = reportContext(state, now, opts.lang);
  return [
    header(ctx),
    alertsSection(ctx),
    clocksSection(ctx),
    snoozesSection(ctx),
    incidentsSection(ctx, { countMissingTowardLevel: opts.countMissingTowardLevel }),
    // A county that tracks no rescue teams gets no forces sections (rather than a misleading "none").
    ...(state.teams.size > 0
      ? [
          forcesOutSection(ctx),
          unsentIncidentsSection(ctx, { countMissingTowardLevel: opts.countMissingTowardLevel }),
        ]
      : []),
    stationsSection(ctx),
    stockSection(ctx),
    calloutSection(ctx),
    notesSection(ctx),
    actionsSection(ctx),
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function header(ctx: ReportContext): string {
  const { w, state } = ctx;
  const county = state.county ? nameOf(state.county, ctx.names) : '--';
  const time = `${formatLocal(ctx.at, ctx.utcOffset, 'YYYY-MM-DD HH:mm')}${w.paren(`UTC${ctx.utcOffset}`)}`;
  const duty = state.duty;
  const pending = duty?.handover;
  const who = pending
    ? `${ctx.person(pending.from)} → ${ctx.person(pending.to)}`
    : w.onWatchTitle(duty ? ctx.person(duty.officer) : '--');
  const lines = [`# ${w.title(county, time, who)}`, ''];
  if (duty) {
    const { roster } = duty;
    const shift = w.roster(
      ctx.person(roster.officer),
      ctx.person(roster.leader),
      ctx.time(roster.shiftStart),
      ctx.time(roster.shiftEnd),
    );
    const handover = pending
      ? w.handoverPending(
          ctx.person(pending.from),
          ctx.person(pending.to),
          ctx.time(pending.since),
          formatDuration(ctx.at - pending.since),
        )
      : w.noHandover;
    lines.push(
      `- ${w.onWatch}${w.colon}${ctx.person(duty.officer)}${w.paren(w.since(ctx.time(duty.since)))}`,
      `- ${w.leader}${w.colon}${ctx.person(duty.leader)}`,
      `- ${w.rosterLabel}${w.colon}${shift}`,
      `- ${w.handover}${w.colon}${handover}`,
    );
  }
  if (state.seq === undefined) lines.push('', `> ${w.noSnapshot}`);
  else {
    const { connection, freshness } = selectHeader(state, ctx.now, { names: ctx.names });
    if (freshness.isStale) lines.push('', `> ${w.mayBeStale(connection.text, freshness.text)}`);
  }
  return `${lines.join('\n')}\n`;
}
