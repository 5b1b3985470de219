import { describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/cli/demo.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { manualClock } from '../helpers/start-collector.js';
import { connect, request } from '../helpers/ws-client.js';
import { demoConfigWithTwoTeamSource, linwanReport } from './demo-forces.js';

// Stock sent with a team names the team's dispatch (team + incident): refused with a code and a path when there
// is no such dispatch, when the team comes without its incident, or is outside the token's scope; stored
// against the dispatch, and idempotent like every message.

const MINUTE = 60_000;
const START = Math.floor(Date.now() / MINUTE) * MINUTE;

const collectors = collectorsPerTest();

const at = (minutes = 0) => new Date(START + minutes * MINUTE).toISOString();

describe('stock sent with a team', () => {
  it('is tied to the dispatch it names, refused without one, with codes and paths', async () => {
    const running = await collectors.start({
      config: demoConfigWithTwoTeamSource(),
      clock: manualClock(START),
    });
    const source = await connect(running.url, '/ingest', DEMO_TOKENS.source);
    const send = (msg: object) => request(source, msg);
    expect(await send(linwanReport(at(-5)))).toMatchObject({ type: 'ack' });
    await send({
      type: 'stock.movement',
      id: 'in-1',
      warehouse: 'WH-COUNTY',
      item: 'QUILT',
      kind: 'in',
      quantity: 100,
      at: at(-4),
    });
    const out = {
      type: 'stock.movement',
      warehouse: 'WH-COUNTY',
      item: 'QUILT',
      kind: 'out',
      quantity: 30,
      at: at(),
      incident: 'INC-LINWAN',
      team: 'TEAM-COUNTY',
    };

    expect(await send({ ...out, id: 'o-undispatched' })).toMatchObject({
      type: 'error',
      code: 'UNKNOWN_REFERENCE',
      path: 'team',
    });
    const { incident: _incident, ...withoutIncident } = out;
    expect(await send({ ...withoutIncident, id: 'o-no-incident' })).toMatchObject({
      type: 'error',
      code: 'INVALID_MESSAGE',
      path: 'team',
    });
    expect(await send({ ...out, id: 'o-scope', team: 'TEAM-T05' })).toMatchObject({
      type: 'error',
      code: 'OUT_OF_SCOPE',
      path: 'team',
    });
    expect(await send({ ...out, id: 'o-unknown-team', team: 'TEAM-NONE' })).toMatchObject({
      type: 'error',
      code: 'UNKNOWN_REFERENCE',
      path: 'team',
    });

    expect(
      await send({
        type: 'team.dispatch',
        id: 'd-1',
        team: 'TEAM-COUNTY',
        incident: 'INC-LINWAN',
        headcount: 30,
        departedAt: at(),
      }),
    ).toMatchObject({ type: 'ack' });
    expect(await send({ ...out, id: 'o-1' })).toMatchObject({ type: 'ack' });
    expect(await send({ ...out, id: 'o-1' })).toMatchObject({ type: 'ack', duplicate: true });

    const db = running.collector.db;
    const rows = db
      .prepare('SELECT kind, delta, incident, team, dispatch FROM stock_ledger WHERE incident IS NOT NULL')
      .all();
    const dispatch = db.prepare("SELECT id FROM team_dispatches WHERE team = 'TEAM-COUNTY'").pluck().get();
    // Only the accepted movement, once; the refused ones left nothing, and the quilts left the store once.
    expect(rows).toEqual([
      { kind: 'out', delta: -30, incident: 'INC-LINWAN', team: 'TEAM-COUNTY', dispatch },
    ]);
    expect(db.prepare("SELECT quantity FROM stock_balance WHERE item = 'QUILT'").pluck().get()).toBe(70);
  });
});
