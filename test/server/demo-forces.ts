import { loadConfigFile } from '../../server/config-file.js';
import { DEMO_CONFIG } from '../../src/cli/demo.js';
import type { Config } from '../../src/protocol/index.js';

// The rescue-forces tests' county and incident: the demo county's teams sent to 林湾村, where 14 are trapped.

/** The demo county, its source token limited to two teams so a third is out of its scope. */
export function demoConfigWithTwoTeamSource(): Config {
  const c = loadConfigFile(DEMO_CONFIG);
  const tokens = c.tokens.map((t) =>
    t.name === 'demo-source' ? { ...t, scope: { ...t.scope, teams: ['TEAM-T09', 'TEAM-COUNTY'] } } : t,
  );
  return { ...c, tokens };
}

/** A report (message `id`) of `incident`: 14 trapped in 沙口镇 (T09) by the flood, nobody hurt yet. */
export const shakouTrappedReport = (id: string, incident: string, occurredAt: string) => ({
  type: 'incident.report',
  id,
  incident,
  category: 'natural',
  kind: 'flood',
  title: '沙口镇林湾村群众被困',
  township: 'T09',
  occurredAt,
  casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 14, evacuated: 0 },
  directLossYuan: 0,
});

/** The report of INC-LINWAN: the same, placed in 林湾村. */
export const linwanReport = (occurredAt: string) => ({
  ...shakouTrappedReport('inc-linwan', 'INC-LINWAN', occurredAt),
  village: 'V0907',
});

/** A team reporting itself on standby with this many people on hand. */
export const standbyStatus = (team: string, available: number, at: string) => ({
  type: 'team.status',
  id: 's-1',
  team,
  available,
  posture: 'standby',
  at,
});
