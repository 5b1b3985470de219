import type { DispatchFeed, TeamFeed } from '../protocol/index.js';
import { HOUR_MS } from './local-time.js';

/** What the desk may count on from a team at one instant. */
export type TeamStanding = {
  /** People ready to go; null when the roll call is missing or stale (never shown as available). */
  available: number | null;
  /** People out on open dispatches. */
  dispatched: number;
  /** No roll call, or one older than the configured limit. */
  isStale: boolean;
  /** Dispatches not yet back, oldest first. */
  open: DispatchFeed[];
};

/** A roll call of this age or more is stale; a team never called in is stale from the start. */
export function isTeamStale(reportedAt: number | null, now: number, staleAfterHours: number): boolean {
  return reportedAt === null || now - reportedAt >= staleAfterHours * HOUR_MS;
}

/** How a team stands at `now`: available (unless stale), out, and its open dispatches. */
export function teamStanding(
  team: Pick<TeamFeed, 'available' | 'reportedAt' | 'dispatches'>,
  now: number,
  staleAfterHours: number,
): TeamStanding {
  const isStale = isTeamStale(team.reportedAt, now, staleAfterHours);
  const open = team.dispatches.filter((d) => d.returnedAt === null);
  return {
    available: isStale ? null : team.available,
    dispatched: open.reduce((sum, d) => sum + d.headcount, 0),
    isStale,
    open,
  };
}

/** Every dispatch to one incident, over all teams, in departure order. */
export function dispatchesTo(teams: Iterable<TeamFeed>, incident: string): DispatchFeed[] {
  const found: DispatchFeed[] = [];
  for (const team of teams) for (const d of team.dispatches) if (d.incident === incident) found.push(d);
  return found.sort((a, b) => a.departedAt - b.departedAt || a.id - b.id);
}
