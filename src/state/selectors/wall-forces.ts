import type { ForcesView } from './forces.js';
import { type WallList, wallList } from './wall-list.js';
import type { WallTone } from './wall-tone.js';
import type { WallWords } from './wall-words.js';

/** One township's forces on the wall: each field already a string. */
export type ForcesLine = {
  township: string;
  teams: string;
  ready: string;
  out: string;
  stale: string;
  specialties: string;
  tone: WallTone;
};

/** The forces page: townships (county-wide teams first) as a table, with column heads and the totals. */
export type ForcesPage = WallList<ForcesLine> & { columns: string[]; summary: string };

/** The forces page from the forces view: stale teams are a watch, people out are news, the rest is calm. */
export function forcesPage(forces: ForcesView, t: WallWords, maxRows: number): ForcesPage {
  const lines = forces.townships.map(
    (g): ForcesLine => ({
      township: g.name,
      teams: String(g.teams),
      ready: String(g.available),
      out: String(g.dispatched),
      stale: String(g.staleTeams),
      specialties: g.specialties,
      tone: g.staleTeams > 0 ? 'stale' : g.dispatched > 0 ? 'info' : 'ok',
    }),
  );
  const { totals } = forces;
  return {
    ...wallList(t.titles.forces, lines, maxRows, t.noTeams),
    columns: [...t.forcesColumns],
    summary: t.forcesSummary(totals.available, totals.dispatched, totals.staleTeams),
  };
}
