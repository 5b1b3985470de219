import { DAY_MS } from '../../domain/local-time.js';
import { shiftStartOf } from '../../domain/shift-window.js';
import { LOG_LIMIT } from '../watch-state.js';
import { item, type ReportContext, section } from './report-context.js';

/** The officers' notes of the shift, oldest first, with author and time. */
export function notesSection(ctx: ReportContext): string {
  const { w, state } = ctx;
  // Without a snapshot there is no roster; one shift is a day, which is the most a note can matter to it.
  const since = state.duty ? shiftStartOf(state.duty) : ctx.at - DAY_MS;
  // The collector sends the whole shift's entries (shiftLog); only an older collector leaves us the last few.
  const entries = state.shiftLog ?? state.log;
  const lines = entries
    .filter((e) => e.action === 'note' && e.at >= since)
    .map((e) => {
      const subject = e.alert !== null ? `#${e.alert}` : e.incident;
      const about = subject === null ? '' : w.paren(w.about(subject));
      return item(`${ctx.time(e.at)} **${ctx.person(e.actor)}**${w.colon}${e.text}${about}`);
    });
  // The client keeps only the latest LOG_LIMIT entries; when they all postdate the shift start, older notes
  // may have been pushed out, and the report must say so rather than look complete.
  const oldest = state.log[0];
  const isTruncated =
    state.shiftLog === undefined &&
    state.log.length >= LOG_LIMIT &&
    oldest !== undefined &&
    oldest.at > since;
  return section(w.sections.notes(ctx.time(since)), lines, w, {
    warning: isTruncated ? w.logWindow(ctx.time(oldest.at)) : undefined,
  });
}
