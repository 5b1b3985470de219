import type { ForcesView as Forces } from '../../state/selectors/forces.js';
import { useConsoleLook } from '../console-context.js';
import type { Lang } from '../strings.js';
import { fitWidth } from '../text-width.js';
import { ScrolledPage } from './ScrolledPage.js';
import type { TextLine } from './TextLines.js';

const WORDS = {
  zh: {
    title: (n: number, m: number, stale: number) =>
      `救援力量  在岗 ${n} · 出动 ${m}${stale > 0 ? ` · ${stale} 队未点名` : ''}`,
    close: 'Esc 关闭  ↑↓ 滚动',
    byTownship: '按乡镇',
    head: ['乡镇', '队', '在岗', '出动', '未点名', '专长'],
    out: '出动中',
    noneOut: '（无队伍在外）',
    arrived: '已到达',
    onWay: '途中',
    teams: '队伍',
    teamHead: ['队伍', '级别', '在岗', '出动', '队长 电话'],
    unknown: '不明',
    none: '本县未配置救援队伍',
  },
  en: {
    title: (n: number, m: number, stale: number) =>
      `Rescue forces  on hand ${n} - out ${m}${stale > 0 ? ` - ${stale} teams stale` : ''}`,
    close: 'Esc close  Up/Down scroll',
    byTownship: 'By township',
    head: ['Township', 'Tms', 'Ready', 'Out', 'Stale', 'Specialties'],
    out: 'Out now',
    noneOut: '(no team out)',
    arrived: 'on scene',
    onWay: 'on the way',
    teams: 'Teams',
    teamHead: ['Team', 'Level', 'Ready', 'Out', 'Leader phone'],
    unknown: '?',
    none: 'No rescue teams configured',
  },
} as const;

const LEVELS = {
  zh: { county: '县级', township: '乡级', village: '村级', volunteer: '志愿' },
  en: { county: 'county', township: 'township', village: 'village', volunteer: 'volunteer' },
} as const;

/** The forces page's lines: totals, then by township, then the teams out, then every team. */
export function forcesLines(forces: Forces, lang: Lang, width: number): TextLine[] {
  const w = WORDS[lang];
  const t = forces.totals;
  const name = Math.max(10, Math.min(22, width - 40));
  const row = (cells: string[], widths: number[], align: ('left' | 'right')[]) =>
    cells.map((c, i) => fitWidth(c, widths[i] ?? 8, align[i] ?? 'left')).join(' ');
  const lines: TextLine[] = [
    { text: w.title(t.available, t.dispatched, t.staleTeams), isBold: true, isInverse: true },
    { text: w.close, tone: 'muted' },
  ];
  if (t.teams === 0) return [...lines, { text: w.none, tone: 'muted' }];
  const tw = [name, 3, 5, 5, 6, Math.max(8, width - name - 24)];
  const ta: ('left' | 'right')[] = ['left', 'right', 'right', 'right', 'right', 'left'];
  lines.push({ text: w.byTownship, isBold: true, tone: 'accent' });
  lines.push({ text: row([...w.head], tw, ta), tone: 'muted' });
  for (const g of forces.townships) {
    lines.push({
      text: row(
        [
          g.name,
          String(g.teams),
          String(g.available),
          String(g.dispatched),
          String(g.staleTeams),
          g.specialties,
        ],
        tw,
        ta,
      ),
      tone: g.staleTeams > 0 ? 'warning' : g.dispatched > 0 ? 'info' : undefined,
    });
  }
  lines.push({ text: '' }, { text: w.out, isBold: true, tone: 'accent' });
  const out = forces.teams.flatMap((team) => team.out.map((d) => ({ team, d })));
  if (out.length === 0) lines.push({ text: w.noneOut, tone: 'muted' });
  for (const { team, d } of out) {
    lines.push({
      text: `${fitWidth(team.name, name)} → ${d.incident}  ${d.headcount}  ${d.departed}  ${d.arrived ? w.arrived : w.onWay}`,
      tone: d.arrived ? 'info' : 'warning',
    });
  }
  lines.push({ text: '' }, { text: w.teams, isBold: true, tone: 'accent' });
  const mw = [name, 9, 5, 5, Math.max(8, width - name - 23)];
  const ma: ('left' | 'right')[] = ['left', 'left', 'right', 'right', 'left'];
  lines.push({ text: row([...w.teamHead], mw, ma), tone: 'muted' });
  for (const team of forces.teams) {
    lines.push({
      text: row(
        [
          team.name,
          LEVELS[lang][team.level],
          team.available === null ? w.unknown : String(team.available),
          String(team.dispatched),
          team.leader,
        ],
        mw,
        ma,
      ),
      tone: team.isStale ? 'warning' : undefined,
      isDim: team.isStale,
    });
  }
  return lines;
}

/** Props of {@link ForcesView}. */
export type ForcesViewProps = {
  forces: Forces;
  width: number;
  height: number;
  scroll: number;
};

/** The rescue forces page in the body area (key f): who can go, who has gone, and where. */
export function ForcesView({ forces, width, height, scroll }: ForcesViewProps) {
  const { settings } = useConsoleLook();
  const lines = forcesLines(forces, settings.lang, width);
  // The title and the key hint are the first two lines.
  return (
    <ScrolledPage
      head={lines.slice(0, 2)}
      body={lines.slice(2)}
      width={width}
      height={height}
      scroll={scroll}
    />
  );
}
