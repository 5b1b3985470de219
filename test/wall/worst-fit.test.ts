import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/client/store.js';
import { connectWatch } from '../../src/client/watch-connection.js';
import { reduce } from '../../src/state/reducer.js';
import type { WallTone } from '../../src/state/selectors/wall-tone.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { fitBySeverity } from '../../src/wall/worst-fit.js';
import { manualClock, type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';
import { startTestWall, until } from './wall-harness.js';

const seg = (key: string, tone: WallTone, width = 20) => ({ key, tone, width });
const keys = (segments: { key: string }[]) => segments.map((s) => s.key);
const chosen = (segments: ReturnType<typeof seg>[], width: number) =>
  keys(fitBySeverity(segments, width, 3, (s) => s.width));

describe('fitBySeverity', () => {
  const line = [
    seg('water', 'ok', 40),
    seg('incidents', 'ok'),
    seg('alerts', 'warning'),
    seg('stock', 'danger'),
  ];

  it('keeps everything, in line order, when everything fits', () => {
    expect(chosen(line, 200)).toEqual(['water', 'incidents', 'alerts', 'stock']);
  });

  it('makes room for the danger first and the calm last, keeping line order among what is shown', () => {
    // 80 columns: the danger (20) and the warning (20) go in first, then the wide calm water (40) does not fit.
    expect(chosen(line, 80)).toEqual(['incidents', 'alerts', 'stock']);
    expect(chosen(line, 45)).toEqual(['alerts', 'stock']);
    expect(chosen(line, 20)).toEqual(['stock']);
  });

  it('breaks ties between equally urgent segments by line order', () => {
    expect(chosen([seg('a', 'danger'), seg('b', 'danger'), seg('c', 'danger')], 43)).toEqual(['a', 'b']);
  });

  it('shows nothing rather than a part of a segment', () => {
    expect(chosen(line, 10)).toEqual([]);
  });
});

const NOW = Date.parse('2026-07-20T02:00:00+08:00');
let running: RunningCollector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('the worst-state line at 80×24', () => {
  it('shows the stock-shortfall count when stock is the only danger', async () => {
    running = await startCollector({ clock: manualClock(NOW) });
    const source = await connect(running.url, '/ingest', TOKENS.source);
    const at = new Date(NOW - 60_000).toISOString();
    for (const msg of [
      // Calm water with a wide figure (level/汛限), no incidents, and the county store out of sandbags.
      { type: 'reading', id: 'r1', station: 'R1', observedAt: at, level: 95.5 },
      { type: 'reading', id: 'g1', station: 'G1', observedAt: at, level: 8.2 },
      { type: 'stock.count', id: 'c1', warehouse: 'W1', item: 'BAG', quantity: 0, at },
      { type: 'stock.count', id: 'c2', warehouse: 'W1', item: 'TENT', quantity: 10, at },
      { type: 'stock.count', id: 'c3', warehouse: 'W2', item: 'TENT', quantity: 2, at },
    ]) {
      expect(await request(source, msg)).toMatchObject({ type: 'ack' });
    }
    source.close();
    running.collector.engine.evaluate();
    running.collector.feed.flush();
    // The officer acknowledges the stock alerts: nothing is left unacknowledged, only the shortfall itself.
    const store = createStore(reduce, initialWatchState);
    const officer = connectWatch({ url: running.url, token: TOKENS.officer, ...store });
    await until(() => store.getState().alerts.size >= 1, 10_000, 'the stock alerts');
    for (const alert of store.getState().alerts.values()) {
      const reply = await officer.send({
        type: 'alert.ack',
        id: `ack-${alert.id}`,
        alert: alert.id,
        reason: '已联系补货',
        recheckAt: new Date(NOW + 3_600_000).toISOString(),
      });
      expect(reply.type).toBe('ack');
    }
    await officer.close();

    const { wall } = startTestWall(running.url, 80, 24, { lang: 'zh', isTty: false, token: TOKENS.viewer });
    try {
      await until(
        () => {
          const alerts = [...wall.store.getState().alerts.values()];
          return alerts.length > 0 && alerts.every((a) => a.state === 'acknowledged');
        },
        10_000,
        'the acknowledged alerts',
      );
      wall.showPage('water');
      const header = wall.screen.text().slice(0, 6).join('\n');
      expect(header).toMatch(/!! 低于定额 1/);
      // Nothing but the stock is in danger, so no glyph sits on the incidents' zero.
      expect(header).not.toMatch(/\^ 较大以上 0/);
    } finally {
      await wall.stop();
    }
  });
});

describe('a stale station on the wall', () => {
  it('reads 过期 with its last known status and the time of its last reading, at 160×48', async () => {
    running = await startCollector({ clock: manualClock(NOW) });
    const source = await connect(running.url, '/ingest', TOKENS.source);
    // G1 last reported 0.75 m over 警戒 two hours ago (stale after 30 min); nothing since.
    const reply = await request(source, {
      type: 'reading',
      id: 'stale-g1',
      station: 'G1',
      observedAt: new Date(NOW - 2 * 3_600_000).toISOString(),
      level: 10.75,
    });
    expect(reply).toMatchObject({ type: 'ack' });
    source.close();
    const { wall } = startTestWall(running.url, 160, 48, { lang: 'zh', isTty: false, token: TOKENS.viewer });
    try {
      await until(
        () => wall.store.getState().stations.get('G1')?.history.length === 1,
        10_000,
        'the reading',
      );
      wall.showPage('water');
      const screen = wall.screen.text().join('\n');
      expect(screen).toContain('过期·超警戒');
      // The clock time of the last reading on the tile, its age in the header's data age.
      expect(screen).toContain('最后 00:00');
      expect(screen).toContain('数据 2h00m前');
      // The worst-state line keeps the stale danger and says it is stale.
      expect(wall.screen.text().slice(0, 6).join('\n')).toContain('过期·超警戒');
    } finally {
      await wall.stop();
    }
  });
});
