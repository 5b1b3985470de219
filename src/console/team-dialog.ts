import { MINUTE_MS } from '../domain/local-time.js';
import type { TeamRecord } from '../protocol/index.js';
import { formatClock, nameOf } from '../state/selectors/context.js';
import { type Dialog, fieldValue } from '../state/ui-state.js';
import type { DialogContext } from './dialogs.js';
import type { Strings } from './strings.js';
import { truncate } from './text-width.js';

/** How long ago the phone report says it happened, in minutes: teams call after the fact. */
export const TEAM_AGO_MINUTES = [0, 10, 20, 30, 60] as const;
const EVENTS = ['dispatch', 'arrive', 'return'] as const;

/**
 * The dialog to record what a team reported by phone about the selected incident: out, on scene or back, which
 * team (those already out on this incident first, then the incident's township, then county-wide, then the
 * rest), how many went, and when. Confirmed in a second step like every action.
 */
export function teamDialog(incident: string | undefined, ctx: DialogContext): Dialog | string {
  const s = ctx.strings;
  if (incident === undefined || !ctx.state.incidents.has(incident)) return s.flash.selectIncident;
  const found = ctx.state.incidents.get(incident);
  const township = found?.township;
  const rank = (code: string) => {
    const team = ctx.state.teams.get(code);
    if (!team) return 9;
    if (team.dispatches.some((d) => d.incident === incident && d.returnedAt === null)) return 0;
    if (team.township === township && team.level !== 'county') return 1;
    return team.level === 'county' || team.level === 'volunteer' ? 2 : 3;
  };
  const teams = [...ctx.state.teams.values()].sort((a, b) => rank(a.code) - rank(b.code));
  if (teams.length === 0) return s.flash.selectIncident;
  const t = s.dialog.team;
  return {
    kind: 'team',
    step: 0,
    armedAt: 0,
    error: undefined,
    target: { incident, label: `${incident} ${truncate(found?.title ?? '', 30)}` },
    fields: [
      {
        kind: 'choice',
        name: 'event',
        label: t.event,
        options: EVENTS.map((e) => ({ value: e, label: t.events[e] })),
        index: 0,
      },
      {
        kind: 'choice',
        name: 'team',
        label: t.team,
        options: teams.map((team) => ({
          value: team.code,
          label: `${nameOf(team, ctx.names)}${team.available === null ? '' : ` (${team.available})`}`,
        })),
        index: 0,
      },
      { kind: 'text', name: 'headcount', label: t.headcount, value: '', isRequired: false, maxLength: 6 },
      {
        kind: 'choice',
        name: 'ago',
        label: t.at,
        options: TEAM_AGO_MINUTES.map((m) => {
          const clock = formatClock(ctx.at - m * MINUTE_MS, ctx.utcOffset).slice(0, 5);
          return { value: String(m), label: m === 0 ? t.now(clock) : t.ago(m, clock) };
        }),
        index: 0,
      },
    ],
  };
}

const choice = (dialog: Dialog, name: string) => {
  const field = dialog.fields.find((f) => f.name === name);
  return field?.kind === 'choice' ? field.options[field.index] : undefined;
};

/** The confirm step: the team, what happened, how many, the incident and the time, echoed back. */
export function teamConfirmText(dialog: Dialog, s: Strings): string {
  const event = choice(dialog, 'event');
  const people = event?.value === 'dispatch' ? (fieldValue(dialog, 'headcount') ?? '') : '';
  return s.dialog.confirm.team(
    choice(dialog, 'team')?.label ?? '',
    event?.label ?? '',
    people,
    dialog.target.label,
    choice(dialog, 'ago')?.label ?? '',
  );
}

/** The `/watch` action a confirmed team dialog sends; `at` is the collector's time now. */
export function teamRequest(dialog: Dialog, id: string, at: number): TeamRecord {
  const event = (choice(dialog, 'event')?.value ?? 'dispatch') as TeamRecord['event'];
  const minutesAgo = Number(choice(dialog, 'ago')?.value ?? 0);
  const headcount = Number(fieldValue(dialog, 'headcount') ?? '');
  return {
    type: 'team.record',
    id,
    event,
    team: choice(dialog, 'team')?.value ?? '',
    incident: dialog.target.incident ?? '',
    // A dispatch without a number is sent as 0 and refused by the collector on `headcount`, never guessed.
    ...(event === 'dispatch' ? { headcount: Number.isInteger(headcount) ? headcount : 0 } : {}),
    at: new Date(at - minutesAgo * MINUTE_MS).toISOString(),
  };
}
