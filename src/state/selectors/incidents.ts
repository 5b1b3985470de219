import { formatAge } from '../../domain/format.js';
import {
  type IncidentLevel,
  incidentLevel,
  LEVEL_NAMES,
  type LevelPolicy,
  MAJOR_RISK_NAMES,
  type MajorRiskCriterion,
  majorRiskFlags,
} from '../../domain/incident-level.js';
import type { Casualties, IncidentFeed } from '../../protocol/index.js';
import type { WatchState } from '../watch-state.js';
import { type NameStyle, nameOf, type SelectOptions, timeContext } from './context.js';

/** One incident as the incident list shows it. */
export type IncidentRow = {
  code: string;
  title: string;
  kind: string;
  category: IncidentFeed['category'];
  /** 1 = 特别重大 (I) … 4 = 一般 (IV), by the domain's rule; 1 is the worst. */
  level: IncidentLevel;
  levelName: string;
  levelRoman: string;
  /** The 较大涉险 criteria met: reportable even with nobody dead. */
  majorRisk: MajorRiskCriterion[];
  majorRiskText: string;
  casualties: Casualties;
  casualtiesText: string;
  directLossYuan: number;
  township: string;
  townshipName: string;
  village: string | null;
  status: IncidentFeed['status'];
  occurredAt: number;
  /** Collector time since it happened. */
  ageText: string;
  /** Collector time since the last report or update on it. */
  updatedAgeText: string;
  updates: number;
};

/** Options for incident rows: names, and whether missing persons count toward the level (a local policy). */
export type IncidentSelectOptions = SelectOptions & Partial<LevelPolicy>;

/** Every incident: open before closed, worst level first, then the most recent first. */
export function selectIncidentRows(
  state: WatchState,
  now: number,
  opts: IncidentSelectOptions,
): IncidentRow[] {
  const { at } = timeContext(state, now);
  const policy: LevelPolicy = { countMissingTowardLevel: opts.countMissingTowardLevel ?? false };
  const rows = [...state.incidents.values()].map((incident) => {
    const township = state.county?.townships.find((t) => t.code === incident.township);
    // The collector's decision wins; computing here is only for a feed from a collector that predates it.
    const level = incident.level ?? incidentLevel(incident.casualties, incident.directLossYuan, policy);
    const majorRisk = incident.majorRisk ?? majorRiskFlags(incident.casualties);
    const names = LEVEL_NAMES[level];
    return {
      code: incident.code,
      title: incident.title,
      kind: incident.kind,
      category: incident.category,
      level,
      levelName: opts.names === 'zh' ? names.zh : names.en,
      levelRoman: names.roman,
      majorRisk,
      majorRiskText: majorRisk
        .map((c) => (opts.names === 'zh' ? MAJOR_RISK_NAMES[c].zh : MAJOR_RISK_NAMES[c].en))
        .join(opts.names === 'zh' ? '、' : ', '),
      casualties: incident.casualties,
      casualtiesText: casualtiesText(incident.casualties, opts.names),
      directLossYuan: incident.directLossYuan,
      township: incident.township,
      townshipName: township ? nameOf(township, opts.names) : incident.township,
      village: incident.village,
      status: incident.status,
      occurredAt: incident.occurredAt,
      ageText: formatAge(at - incident.occurredAt),
      updatedAgeText: formatAge(at - incident.updatedAt),
      updates: incident.updates,
    } satisfies IncidentRow;
  });
  return rows.sort(
    (a, b) =>
      Number(a.status !== 'open') - Number(b.status !== 'open') ||
      a.level - b.level ||
      b.occurredAt - a.occurredAt ||
      a.code.localeCompare(b.code),
  );
}

const CASUALTY_LABELS: readonly [keyof Casualties, string, string][] = [
  ['deaths', '死亡', 'dead'],
  ['missing', '失踪', 'missing'],
  ['seriousInjuries', '重伤', 'seriously injured'],
  ['injuries', '受伤', 'injured'],
  ['trapped', '被困', 'trapped'],
  ['evacuated', '转移', 'evacuated'],
];

// Zeros are left out so the line fits a column; "none" is said outright rather than left blank.
function casualtiesText(c: Casualties, names: NameStyle): string {
  const parts: string[] = [];
  for (const [key, zh, en] of CASUALTY_LABELS) {
    const n = c[key] ?? 0;
    if (n > 0) parts.push(names === 'zh' ? `${zh}${n}` : `${n} ${en}`);
  }
  if (parts.length === 0) return names === 'zh' ? '无伤亡' : 'no casualties';
  return parts.join(names === 'zh' ? ' ' : ', ');
}
