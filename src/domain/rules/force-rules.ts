import type { Bilingual, Config, IncidentFeed, TeamFeed } from '../../protocol/index.js';
import { isWarningInForce } from '../cap-warning.js';
import { isInSeason } from '../flood-limit.js';
import { incidentLevel, isSeriousIncident, majorRiskFlags } from '../incident-level.js';
import { MINUTE_MS } from '../local-time.js';
import { dispatchesTo, isTeamStale, teamStanding } from '../team-standing.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import type { RuleInput } from './rule-input.js';
import { namedOrCode } from './text.js';

/** A team below the headcount it must keep while flood or fire threatens its township. */
export const FORCES_SHORT: RuleClass = {
  class: 'forces.short',
  severity: 'warning',
  autoClose: true,
  worseWhen: 'lower',
  action: {
    zh: '电话队长核实在岗人数，必要时从邻近乡镇或县级队伍补充',
    en: 'Phone the team leader to check who is on hand; call in a neighbouring or the county team if needed',
  },
};

/** A 较大 (or worse, or 较大涉险) incident nobody has been sent to. */
export const FORCES_UNSENT: RuleClass = {
  class: 'forces.unsent',
  severity: 'critical',
  autoClose: true,
  action: {
    zh: '立即调派救援队伍并记录出动，报告带班领导',
    en: 'Send a rescue team now and record the dispatch; tell the leader on duty',
  },
};

/** A team sent out that has not reported arriving within its travel time. */
export const FORCES_LATE: RuleClass = {
  class: 'forces.late',
  severity: 'warning',
  autoClose: true,
  action: {
    zh: '电话队长核实位置和道路情况，必要时改派',
    en: 'Phone the team leader for their position and the road; send another team if need be',
  },
};

/** A team whose roll call is too old in flood season: its headcount is unknown. */
export const FORCES_STALE: RuleClass = {
  class: 'forces.stale',
  severity: 'info',
  autoClose: true,
  action: {
    zh: '联系队长点名并报告在岗人数',
    en: 'Ask the team leader for a roll call and the headcount on hand',
  },
};

// Kinds of incident, and words of a CAP event, that mean flood or forest fire for the township they name.
const THREAT_KINDS = new Set([
  'flood',
  'flash_flood',
  'waterlogging',
  'forest_fire',
  'forest-fire',
  'wildfire',
]);
const THREAT_EVENT = /洪|汛|暴雨|内涝|森林火|林火|flood|rainstorm|forest fire|wildfire/i;
// Water and reservoir alerts are keyed by class, then the station code.
const WATER_CLASSES = /^(water|reservoir)\./;

/**
 * The townships where a flood or forest-fire alert is open: a water or reservoir alert on one of its stations,
 * a live CAP warning of flood or fire that names it (or names none: then the whole county), or an open flood or
 * fire incident there.
 */
export function threatenedTownships(input: RuleInput, now: number): Set<string> {
  const { config } = input;
  const townshipOf = new Map(config.stations.map((s) => [s.code, s.township]));
  const found = new Set<string>();
  for (const key of input.openAlertKeys) {
    if (!WATER_CLASSES.test(key)) continue;
    const station = key.slice(key.indexOf(':') + 1).split(':')[0] ?? '';
    const township = townshipOf.get(station);
    if (township) found.add(township);
  }
  for (const w of input.capWarnings) {
    if (!isWarningInForce(w, now) || !THREAT_EVENT.test(`${w.event} ${w.headline ?? ''}`)) continue;
    const named = config.townships.filter((t) => w.areaDesc.includes(t.name));
    for (const t of named.length > 0 ? named : config.townships) found.add(t.code);
  }
  for (const i of input.incidents) {
    if (i.status === 'open' && THREAT_KINDS.has(i.kind)) found.add(i.township);
  }
  return found;
}

/**
 * Rescue-force rules: a team short while its township is threatened, an incident at 较大 or above (or 较大涉险)
 * with nobody sent after `forces.unsentAfterMinutes`, a team overdue at the scene, a stale roll call in flood
 * season. County and volunteer teams answer for the whole county, so any threatened township counts for them.
 */
export function forceConditions(input: RuleInput, now: number): Condition[] {
  const teams = input.teams ?? [];
  const { config } = input;
  const settings = config.forces;
  const conditions: Condition[] = [];
  const threatened = threatenedTownships(input, now);
  const inFloodSeason = isInSeason(config.floodSeason, now, config.county.utcOffset);
  for (const team of teams) {
    const standing = teamStanding(team, now, settings.staleAfterHours);
    const name = teamName(team);
    const countyWide = team.level === 'county' || team.level === 'volunteer';
    const isThreatened = countyWide ? threatened.size > 0 : threatened.has(team.township ?? '');
    // A stale roll call counts as nobody: the desk cannot promise people it has not heard from.
    const onHand = standing.available ?? 0;
    if (team.minimumAvailable > 0 && isThreatened && onHand < team.minimumAvailable) {
      conditions.push(
        conditionOf(FORCES_SHORT, team.code, {
          subject: { kind: 'team', code: team.code },
          title: {
            zh: `${name.zh} 在岗 ${standing.available === null ? '不明' : `${onHand} 人`}，低于最少 ${team.minimumAvailable} 人（${place(config, team).zh}有汛情/火情）`,
            en: `${name.en}: ${standing.available === null ? 'headcount unknown' : `${onHand} on hand`}, below the minimum of ${team.minimumAvailable} (flood or fire alert in ${place(config, team).en})`,
          },
          value: onHand,
          status: 'set',
        }),
      );
    }
    for (const d of standing.open) {
      if (d.arrivedAt !== null || now - d.departedAt < team.travelMinutes * MINUTE_MS) continue;
      conditions.push(
        conditionOf(FORCES_LATE, `${team.code}:${d.incident}`, {
          subject: { kind: 'team', code: team.code },
          title: {
            zh: `${name.zh} 出动 ${d.headcount} 人赴 ${d.incident}，超过 ${team.travelMinutes} 分钟未报到达`,
            en: `${name.en}: ${d.headcount} sent to ${d.incident}, not arrived after ${team.travelMinutes} min`,
          },
          value: null,
          status: 'set',
        }),
      );
    }
    const lastHeard = team.reportedAt ?? input.startedAt;
    if (inFloodSeason && isTeamStale(lastHeard, now, settings.staleAfterHours)) {
      conditions.push(
        conditionOf(FORCES_STALE, team.code, {
          subject: { kind: 'team', code: team.code },
          title: {
            zh: `${name.zh} 超过 ${settings.staleAfterHours} 小时未报在岗人数`,
            en: `${name.en}: no roll call for ${settings.staleAfterHours} h`,
          },
          value: null,
          status: 'set',
        }),
      );
    }
  }
  for (const incident of input.incidents) {
    if (incident.status !== 'open' || !needsForces(incident, config)) continue;
    if (now - incident.receivedAt < settings.unsentAfterMinutes * MINUTE_MS) continue;
    if (dispatchesTo(teams, incident.code).length > 0) continue;
    const township = namedOrCode(config.townships, incident.township);
    conditions.push(
      conditionOf(FORCES_UNSENT, incident.code, {
        subject: { kind: 'incident', code: incident.code },
        title: {
          zh: `${incident.title}（${township.name}）接报超过 ${settings.unsentAfterMinutes} 分钟，未派救援队伍`,
          en: `Incident ${incident.code} (${township.nameAscii}): no rescue team sent ${settings.unsentAfterMinutes} min after the report`,
        },
        value: null,
        status: 'set',
      }),
    );
  }
  return conditions;
}

/** 较大 or above, or 较大涉险: as the collector decided it, or (from an older feed) decided here. */
function needsForces(incident: IncidentFeed, config: Config): boolean {
  const policy = { countMissingTowardLevel: config.reporting.countMissingTowardLevel };
  const level = incident.level ?? incidentLevel(incident.casualties, incident.directLossYuan, policy);
  const risk = incident.majorRisk ?? majorRiskFlags(incident.casualties);
  return isSeriousIncident(level, risk);
}

function teamName(team: TeamFeed): Bilingual {
  return { zh: team.name, en: team.nameAscii };
}

function place(config: Config, team: TeamFeed): Bilingual {
  if (team.level === 'county' || team.level === 'volunteer' || team.township === undefined)
    return { zh: '全县', en: 'the county' };
  const t = namedOrCode(config.townships, team.township);
  return { zh: t.name, en: t.nameAscii };
}
