import { describe, expect, it } from 'vitest';
import { exportIncident } from '../../server/cap/export-incident.js';
import { loadConfigFile } from '../../server/config-file.js';
import { parseCap } from '../../src/cap/parse-cap.js';
import { writeCap } from '../../src/cap/write-cap.js';
import { DEMO_CONFIG, DEMO_TOKENS } from '../../src/cli/demo.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { manualClock } from '../helpers/start-collector.js';
import { connect, request } from '../helpers/ws-client.js';
import { shakouTrappedReport } from './demo-forces.js';

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;

const collectors = collectorsPerTest();

describe('CAP export of an incident', () => {
  it('names the teams and the stock sent to it in the description', async () => {
    const config = loadConfigFile(DEMO_CONFIG);
    const running = await collectors.start({ config, clock: manualClock(NOW) });
    const source = await connect(running.url, '/ingest', DEMO_TOKENS.source);
    const at = new Date(NOW).toISOString();
    for (const msg of [
      shakouTrappedReport('r-1', 'INC-A', at),
      {
        type: 'team.dispatch',
        id: 'd-1',
        team: 'TEAM-T09',
        incident: 'INC-A',
        headcount: 16,
        departedAt: at,
      },
      { type: 'team.arrive', id: 'a-1', team: 'TEAM-T09', incident: 'INC-A', at },
      { type: 'stock.count', id: 'c-1', warehouse: 'WH-T09', item: 'LIFEJACKET', quantity: 100, at },
      {
        type: 'stock.movement',
        id: 'm-1',
        warehouse: 'WH-T09',
        item: 'LIFEJACKET',
        kind: 'out',
        quantity: 60,
        at,
        incident: 'INC-A',
      },
    ]) {
      expect(await request(source, msg), msg.id).toMatchObject({ type: 'ack' });
    }
    source.close();
    const exported = exportIncident(running.collector.db, config, 'INC-A', { ack: false });
    if (!exported.ok) throw new Error(exported.message);
    const description = exported.alert.info[0]?.description ?? '';
    expect(description).toContain('救援力量：沙口镇应急救援队16人（在现场）');
    expect(description).toContain('调拨物资：救生衣60件');
    expect(parseCap(writeCap(exported.alert)).ok).toBe(true);
  });
});
