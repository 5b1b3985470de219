import { dispatchesTo, teamStanding } from '../../domain/team-standing.js';
import type { Lang } from '../../domain/vocabulary.js';
import type { DispatchFeed, Specialty, TeamFeed, TeamLevel } from '../../protocol/index.js';
import type { WatchState } from '../watch-state.js';
import { formatClock, type NameStyle, nameOf, timeContext } from './context.js';

/** Used when a collector sent no forces settings: the protocol's defaults. */
const DEFAULT_STALE_AFTER_HOURS = 24;

/** The specialties in both languages, short enough for a table cell. */
export const SPECIALTY_NAMES: Readonly<Record<Specialty, { zh: string; en: string }>> = {
  'water-rescue': { zh: '水域救援', en: 'water' },
  'flood-fighting': { zh: '防汛抢险', en: 'flood' },
  'forest-fire': { zh: '森林灭火', en: 'forest fire' },
  collapse: { zh: '坍塌救援', en: 'collapse' },
  traffic: { zh: '交通事故', en: 'traffic' },
  hazmat: { zh: '危化品', en: 'hazmat' },
  medical: { zh: '医疗救护', en: 'medical' },
  general: { zh: '综合', en: 'general' },
};

export const LEVEL_NAMES: Readonly<Record<TeamLevel, { zh: string; en: string }>> = {
  county: { zh: '县级', en: 'county' },
  township: { zh: '乡级', en: 'township' },
  village: { zh: '村级', en: 'village' },
  volunteer: { zh: '志愿', en: 'volunteer' },
};

/** One team as the console and the wall list it. */
export type TeamRow = {
  code: string;
  name: string;
  level: TeamLevel;
  township: string;
  /** Ready now; null when stale or never called in (shown as unknown, never as available). */
  available: number | null;
  dispatched: number;
  isStale: boolean;
  specialties: string;
  leader: string;
  /** Open dispatches: incident code, headcount, departure clock, and whether they reached the scene. */
  out: { incident: string; headcount: number; departed: string; arrived: boolean }[];
};

/** The teams of one township (county and volunteer teams are listed under the county). */
export type TownshipForces = {
  code: string;
  name: string;
  teams: number;
  available: number;
  dispatched: number;
  staleTeams: number;
  specialties: string;
};

export type ForcesView = {
  /** People ready now across the county (stale teams count nothing), people out, teams stale. */
  totals: { available: number; dispatched: number; staleTeams: number; teams: number; reported: number };
  townships: TownshipForces[];
  teams: TeamRow[];
};

const COUNTY_KEY = '';

/** The county's rescue forces at local `now`: by township and by team, county-wide teams first. */
export function selectForces(state: WatchState, now: number, names: NameStyle): ForcesView {
  const { at, utcOffset } = timeContext(state, now);
  const staleAfter = state.forces?.staleAfterHours ?? DEFAULT_STALE_AFTER_HOURS;
  const lang = names === 'zh' ? 'zh' : 'en';
  const townshipName = new Map((state.county?.townships ?? []).map((t) => [t.code, nameOf(t, names)]));
  const countyName = state.county ? nameOf(state.county, names) : lang === 'zh' ? '全县' : 'County';
  const specialties = (list: readonly Specialty[]) =>
    list.map((s) => SPECIALTY_NAMES[s][lang]).join(lang === 'zh' ? '、' : ', ');
  const teams: TeamRow[] = [];
  const groups = new Map<string, TownshipForces & { kinds: Set<Specialty> }>();
  const totals = { available: 0, dispatched: 0, staleTeams: 0, teams: 0, reported: 0 };
  for (const team of state.teams.values()) {
    const s = teamStanding(team, at, staleAfter);
    const countyWide = team.level === 'county' || team.level === 'volunteer' || team.township === undefined;
    const key = countyWide ? COUNTY_KEY : (team.township as string);
    teams.push({
      code: team.code,
      name: nameOf(team, names),
      level: team.level,
      township: countyWide ? countyName : (townshipName.get(key) ?? key),
      available: s.available,
      dispatched: s.dispatched,
      isStale: s.isStale,
      specialties: specialties(team.specialties),
      leader: `${team.leader.name} ${team.leader.phone}`,
      out: s.open.map((d) => ({
        incident: d.incident,
        headcount: d.headcount,
        departed: formatClock(d.departedAt, utcOffset).slice(0, 5),
        arrived: d.arrivedAt !== null,
      })),
    });
    let group = groups.get(key);
    if (!group) {
      group = {
        code: key,
        name: key === COUNTY_KEY ? countyName : (townshipName.get(key) ?? key),
        teams: 0,
        available: 0,
        dispatched: 0,
        staleTeams: 0,
        specialties: '',
        kinds: new Set(),
      };
      groups.set(key, group);
    }
    group.teams += 1;
    group.available += s.available ?? 0;
    group.dispatched += s.dispatched;
    if (s.isStale) group.staleTeams += 1;
    for (const k of team.specialties) group.kinds.add(k);
    totals.teams += 1;
    totals.available += s.available ?? 0;
    totals.dispatched += s.dispatched;
    if (s.isStale) totals.staleTeams += 1;
    if (team.reportedAt !== null) totals.reported += 1;
  }
  const order = ['county', 'volunteer', 'township', 'village'];
  teams.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  const townships = [...groups.values()]
    .sort((a, b) => (a.code === COUNTY_KEY ? -1 : b.code === COUNTY_KEY ? 1 : a.code.localeCompare(b.code)))
    .map(({ kinds, ...g }) => ({ ...g, specialties: specialties([...kinds]) }));
  return { totals, townships, teams };
}

/** The teams sent to one incident, with when they left, arrived and came back (local clock, HH:MM). */
export function selectIncidentForces(
  state: WatchState,
  incident: string,
  names: NameStyle,
): { team: string; headcount: number; departed: string; arrived: string | null; returned: string | null }[] {
  const { utcOffset } = timeContext(state, 0);
  const hhmm = (ms: number | null) => (ms === null ? null : formatClock(ms, utcOffset).slice(0, 5));
  const byCode = state.teams as ReadonlyMap<string, TeamFeed>;
  return dispatchesTo(state.teams.values(), incident).map((d: DispatchFeed) => {
    const team = byCode.get(d.team);
    return {
      team: team ? nameOf(team, names) : d.team,
      headcount: d.headcount,
      departed: hhmm(d.departedAt) as string,
      arrived: hhmm(d.arrivedAt),
      returned: hhmm(d.returnedAt),
    };
  });
}

/** Each incident's teams as lines of text (team, people, left / on scene / back), for the incident details. */
export function selectForcesSent(
  state: WatchState,
  names: NameStyle,
  lang: Lang,
): ReadonlyMap<string, string[]> {
  const incidents = new Set<string>();
  for (const team of state.teams.values()) for (const d of team.dispatches) incidents.add(d.incident);
  const out = new Map<string, string[]>();
  for (const code of incidents) {
    out.set(
      code,
      selectIncidentForces(state, code, names).map((d) => {
        if (lang === 'zh') {
          const where = d.returned ? `${d.returned} 归队` : d.arrived ? `${d.arrived} 到达` : '途中';
          return `${d.team} ${d.headcount} 人 · ${d.departed} 出发 · ${where}`;
        }
        const where = d.returned ? `back ${d.returned}` : d.arrived ? `on scene ${d.arrived}` : 'on the way';
        return `${d.team} ${d.headcount} people · left ${d.departed} · ${where}`;
      }),
    );
  }
  return out;
}
