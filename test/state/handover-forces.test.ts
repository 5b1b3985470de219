import { describe, expect, it } from 'vitest';
import { type TeamFeed, teamSchema } from '../../src/protocol/index.js';
import { handoverMarkdown } from '../../src/state/handover-report.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { dispatchFeed, incident, NIGHT, snapshot } from './feed-fixtures.js';

const MIN = 60_000;

const county: TeamFeed = {
  ...teamSchema.parse({
    code: 'TEAM-C',
    name: '测试县应急救援队',
    nameAscii: 'County Rescue Team',
    level: 'county',
    specialties: ['water-rescue'],
    strength: 105,
    leader: { name: '马振国', phone: '0375-5550101' },
  }),
  available: 75,
  posture: 'standby',
  reportedAt: NIGHT - 60 * MIN,
  dispatches: [dispatchFeed()],
};

function report(lang: 'zh' | 'en') {
  const trapped = { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 5, evacuated: 0 };
  const snap = snapshot({
    incidents: [
      incident('INC-1', { title: '城关镇东村山体滑坡', casualties: trapped }),
      incident('INC-2', { title: '河口乡某矿透水', casualties: { ...trapped, deaths: 3 } }),
    ],
  });
  const state = reduce(initialWatchState, { type: 'server', msg: { ...snap, teams: [county] }, at: NIGHT });
  return handoverMarkdown(state, NIGHT, { lang });
}

describe('the handover report names the forces', () => {
  it('lists the teams out with their leader, and the serious incidents no team was sent to (zh)', () => {
    const md = report('zh');
    expect(md).toContain('## 在外救援队伍（1）');
    expect(md).toContain(
      '- **测试县应急救援队** → INC-1：30 人，01:20 出发，途中已 40m（队长 马振国 0375-5550101）',
    );
    expect(md).toContain('## 未派救援队伍的较大以上事件（1）');
    expect(md).toMatch(/- \*\*INC-2\*\* 河口乡某矿透水：接报 .+，无队伍出动/);
  });

  it('says the same in English', () => {
    const md = report('en');
    expect(md).toContain('## Rescue teams out (1)');
    expect(md).toContain('**County Rescue Team** → INC-1: 30 people, left 01:20, on the way for 40m');
    expect(md).toContain('## Serious incidents with no team sent (1)');
  });
});
