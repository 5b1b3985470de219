import { formatDuration } from '../../domain/format.js';
import { incidentLevel, isSeriousIncident, majorRiskFlags } from '../../domain/incident-level.js';
import { dispatchesTo } from '../../domain/team-standing.js';
import { nameOf } from '../selectors/context.js';
import { item, type ReportContext, section } from './report-context.js';

const WORDS = {
  zh: {
    out: '在外救援队伍',
    unsent: '未派救援队伍的较大以上事件',
    dispatch: (team: string, incident: string, n: number, since: string, where: string) =>
      `**${team}** → ${incident}：${n} 人，${since} 出发，${where}`,
    arrived: (at: string) => `${at} 到达`,
    onWay: (age: string) => `途中已 ${age}`,
    leader: (name: string, phone: string) => `队长 ${name} ${phone}`,
    unsentItem: (code: string, title: string, age: string) => `**${code}** ${title}：接报 ${age}，无队伍出动`,
  },
  en: {
    out: 'Rescue teams out',
    unsent: 'Serious incidents with no team sent',
    dispatch: (team: string, incident: string, n: number, since: string, where: string) =>
      `**${team}** → ${incident}: ${n} people, left ${since}, ${where}`,
    arrived: (at: string) => `on scene since ${at}`,
    onWay: (age: string) => `on the way for ${age}`,
    leader: (name: string, phone: string) => `leader ${name} ${phone}`,
    unsentItem: (code: string, title: string, age: string) =>
      `**${code}** ${title}: reported ${age} ago, no team sent`,
  },
} as const;

/** Every team still out, with where it went, since when, and its leader's phone: the incoming officer's calls. */
export function forcesOutSection(ctx: ReportContext): string {
  const t = WORDS[ctx.lang];
  const lines: string[] = [];
  for (const team of ctx.state.teams.values()) {
    for (const d of team.dispatches) {
      if (d.returnedAt !== null) continue;
      const where =
        d.arrivedAt !== null
          ? t.arrived(ctx.time(d.arrivedAt))
          : t.onWay(formatDuration(ctx.at - d.departedAt));
      lines.push(
        item(
          `${t.dispatch(nameOf(team, ctx.names), d.incident, d.headcount, ctx.time(d.departedAt), where)}${ctx.w.paren(t.leader(team.leader.name, team.leader.phone))}`,
        ),
      );
    }
  }
  return section(t.out, lines, ctx.w);
}

/** Open incidents at 较大 or above (or 较大涉险) that no team has been sent to. */
export function unsentIncidentsSection(
  ctx: ReportContext,
  policy: { countMissingTowardLevel?: boolean | undefined },
): string {
  const t = WORDS[ctx.lang];
  const count = { countMissingTowardLevel: policy.countMissingTowardLevel ?? false };
  const lines = [...ctx.state.incidents.values()]
    .filter((i) => i.status === 'open')
    .filter((i) => {
      const level = i.level ?? incidentLevel(i.casualties, i.directLossYuan, count);
      return isSeriousIncident(level, i.majorRisk ?? majorRiskFlags(i.casualties));
    })
    .filter((i) => dispatchesTo(ctx.state.teams.values(), i.code).length === 0)
    .map((i) => item(t.unsentItem(i.code, i.title, formatDuration(ctx.at - i.receivedAt))));
  return section(t.unsent, lines, ctx.w);
}
