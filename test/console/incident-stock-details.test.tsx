import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config-file.js';
import { DEMO_CONFIG, DEMO_TOKENS } from '../../src/cli/demo.js';
import { DetailsView, detailLines } from '../../src/console/components/DetailsView.js';
import { stringsFor } from '../../src/console/strings.js';
import { createTheme } from '../../src/console/theme.js';
import { buildView } from '../../src/console/view-model.js';
import type { Snapshot } from '../../src/protocol/index.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { manualClock, type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { watch } from '../helpers/watch-client.js';
import { withLook } from '../helpers/with-look.js';
import { connect, request } from '../helpers/ws-client.js';
import { linwanReport } from '../server/demo-forces.js';

// An incident's details list the teams sent to it and the stock issued for it, a line per team the stock went
// with: from a real collector's snapshot, through the console's view, drawn by the details component.

const MINUTE = 60_000;
const START = Math.floor(Date.now() / MINUTE) * MINUTE;
const at = (minutes = 0) => new Date(START + minutes * MINUTE).toISOString();

let running: RunningCollector | undefined;
let snapshot: Snapshot | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** The demo county after a team left for 林湾村 with quilts and a boat, and lifejackets went without a team. */
async function nightSnapshot(): Promise<Snapshot> {
  if (snapshot) return snapshot;
  running = await startCollector({ config: loadConfigFile(DEMO_CONFIG), clock: manualClock(START) });
  const source = await connect(running.url, '/ingest', DEMO_TOKENS.source);
  const messages = [
    linwanReport(at(-20)),
    { type: 'team.status', id: 's-1', team: 'TEAM-COUNTY', available: 80, posture: 'standby', at: at(-15) },
    {
      type: 'team.dispatch',
      id: 'd-1',
      team: 'TEAM-COUNTY',
      incident: 'INC-LINWAN',
      headcount: 30,
      departedAt: at(-10),
    },
    ...(
      [
        ['QUILT', 300],
        ['BOAT-ASSAULT', 4],
        ['LIFEJACKET', 200],
      ] as const
    ).map(([item, quantity]) => ({
      type: 'stock.movement',
      id: `in-${item}`,
      warehouse: 'WH-COUNTY',
      item,
      kind: 'in',
      quantity,
      at: at(-60),
    })),
    ...(
      [
        ['QUILT', 100, 'TEAM-COUNTY'],
        ['BOAT-ASSAULT', 2, 'TEAM-COUNTY'],
        ['QUILT', 20, 'TEAM-COUNTY'],
        ['LIFEJACKET', 80, undefined],
      ] as const
    ).map(([item, quantity, team], i) => ({
      type: 'stock.movement',
      id: `out-${i}`,
      warehouse: 'WH-COUNTY',
      item,
      kind: 'out',
      quantity,
      at: at(-9),
      incident: 'INC-LINWAN',
      ...(team ? { team } : {}),
    })),
  ];
  for (const msg of messages) expect(await request(source, msg), msg.id).toMatchObject({ type: 'ack' });
  source.close();
  const watcher = await watch(running.url, DEMO_TOKENS.viewer);
  await watcher.until((f) => f.some((x) => x.type === 'snapshot'));
  snapshot = watcher.frames.find((f) => f.type === 'snapshot') as unknown as Snapshot;
  watcher.ws.close();
  return snapshot;
}

describe('incident details: teams sent and stock issued', () => {
  it('the snapshot carries the stock issued per warehouse, item and team, summed', async () => {
    const snap = await nightSnapshot();
    expect(snap.incidents.find((i) => i.code === 'INC-LINWAN')?.stockSent).toEqual([
      { warehouse: 'WH-COUNTY', item: 'QUILT', team: 'TEAM-COUNTY', quantity: 120 },
      { warehouse: 'WH-COUNTY', item: 'BOAT-ASSAULT', team: 'TEAM-COUNTY', quantity: 2 },
      { warehouse: 'WH-COUNTY', item: 'LIFEJACKET', team: null, quantity: 80 },
    ]);
  });

  it.each([
    [
      80,
      24,
      'zh',
      [
        '救援队伍: 汝川县应急救援队 30 人',
        '调拨物资: 汝川县应急救援队：棉被 120 床（县级应急物资仓库）',
        '  未随队：救生衣 80 件（县级应急物资仓库）',
      ],
    ],
    [
      80,
      24,
      'en',
      [
        'Teams sent: Ruchuan County Rescue Team 30 people',
        'Stock sent: Ruchuan County',
        '  no team: Life jacket 80 pc',
      ],
    ],
    [
      160,
      48,
      'zh',
      [
        '救援队伍: 汝川县应急救援队 30 人',
        '调拨物资: 汝川县应急救援队：棉被 120 床（县级应急物资仓库）、冲锋舟 2 艘（县级应急物资仓库）',
        '  未随队：救生衣 80 件（县级应急物资仓库）',
      ],
    ],
    [
      160,
      48,
      'en',
      [
        'Stock sent: Ruchuan County Rescue Team: Cotton quilt 120 quilt (Xianji Yingji Wuzi Cangku), Assault boat 2 boat',
        '  no team: Life jacket 80 pc (Xianji Yingji Wuzi Cangku)',
      ],
    ],
  ] as const)('at %i×%i (%s)', async (columns, rows, lang, wants) => {
    const snap = await nightSnapshot();
    const state = reduce(initialWatchState, { type: 'server', msg: snap, at: snap.now });
    const strings = stringsFor(lang);
    const view = buildView(
      state,
      snap.now,
      { lang, names: lang === 'zh' ? 'zh' : 'ascii', isAscii: false, showSeconds: false },
      strings,
    );
    const props = {
      panel: 'incidents' as const,
      selectedKey: 'INC-LINWAN',
      view,
      width: columns,
      height: rows,
      scroll: 0,
    };
    // The officer scrolls the details down to the teams (at 160×48 everything fits without scrolling).
    const teamsAt = detailLines({
      ...props,
      strings,
      theme: createTheme({ color: false, ascii: false }),
    }).findIndex((l) => l.text.startsWith(view.forcesSent.label));
    expect(teamsAt).toBeGreaterThan(0);
    const scroll = rows >= 48 ? 0 : teamsAt;
    const { lastFrame, unmount } = render(withLook(<DetailsView {...props} scroll={scroll} />, lang));
    const frame = lastFrame() ?? '';
    unmount();
    if (process.env['DUTYWATCH_DUMP_SCREEN']) console.info(frame);
    const flat = frame.replace(/\n/g, '');
    for (const want of wants) expect(flat, want).toContain(want);
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
  });
});
