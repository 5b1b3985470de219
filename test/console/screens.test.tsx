import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { reduce } from '../../src/state/reducer.js';
import { alertFeed } from '../state/feed-fixtures.js';
import { busySnapshot, LOCAL, liveState } from './console-fixtures.js';
import { renderApp, settle } from './render-app.js';

let app: ReturnType<typeof renderApp> | undefined;
const open = (...args: Parameters<typeof renderApp>) => {
  app = renderApp(...args);
  return app;
};
afterEach(() => app?.unmount());

function expectWithin(frame: string, columns: number, rows: number) {
  const lines = frame.split('\n');
  // Never as tall as the terminal: Ink 6.8 clears the whole screen for every such frame.
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
}

describe('screens', () => {
  it('shows the too-small page at 79x23 and the console at 80x24', async () => {
    const small = open({ size: { columns: 79, rows: 23 } });
    await settle();
    expect(small.frame()).toContain('终端太小：至少需要 80×24，当前 79×23');
    small.unmount();
    for (const lang of ['zh', 'en'] as const) {
      const fits = open({ lang, size: { columns: 80, rows: 24 } });
      await settle();
      expectWithin(fits.frame(), 80, 24);
      expect(fits.frame()).toContain(lang === 'zh' ? '告警 #12 需要你处理' : 'Alert #12 needs you');
      fits.unmount();
    }
  });

  it('lays out two columns with a bordered prompt at 160x48, within the frame', async () => {
    const a = open({ size: { columns: 160, rows: 48 } });
    await settle();
    const frame = a.frame();
    expectWithin(frame, 160, 48);
    expect(frame).toContain('╔═');
    expect(frame.split('\n').find((l) => l.includes('▌告警'))).toContain(' 水情 ');
  });

  it('draws only ASCII in TTY mode (TERM=linux), names included', async () => {
    const a = open({ settings: { isAscii: true, lang: 'en' }, size: { columns: 100, rows: 40 } });
    await settle();
    const frame = a.frame();
    expect(frame).toMatch(/^[\x20-\x7e\n]*$/);
    expect(frame).toContain('Ruhe Bridge');
    expect(frame).toContain('Alert #12 needs you');
    await a.press('?');
    expect(a.frame()).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('says since when it is offline, keeps the last data with ages, and marks every panel', async () => {
    const down = [
      { type: 'conn.lost' as const, at: LOCAL + 10_000, reason: 'link closed (1006)' },
      { type: 'conn.offline' as const, at: LOCAL + 12_000 },
    ].reduce(reduce, liveState());
    const a = open({ state: down, lang: 'en', size: { columns: 100, rows: 40 } });
    a.advance(70_000);
    await settle();
    const frame = a.frame();
    expect(frame.split('\n')[0]).toContain('!! offline since 02:00:10 1m');
    expect(frame).toContain('Ruhe Bridge');
    for (const title of ['Alerts', 'Incidents', 'Water']) {
      expect(frame.split('\n').find((l) => l.includes(`${title} `))).toContain(
        'data as of 02:00:10 (1m ago)',
      );
    }
  });

  it('comes back live by itself: the banner goes when the link does', async () => {
    const down = [{ type: 'conn.lost' as const, at: LOCAL + 10_000, reason: 'link closed (1006)' }].reduce(
      reduce,
      liveState(),
    );
    const a = open({ state: down, lang: 'en' });
    await settle();
    expect(a.frame()).toContain('reconnecting since 02:00:10');
    a.store.dispatch({ type: 'conn.live', at: LOCAL + 20_000 });
    await settle();
    expect(a.frame()).not.toContain('data as of');
    expect(a.frame().split('\n')[0]).toContain('live');
  });

  it('marks a drill alert DRILL / 演练 in the prompt, its rung and its instruction', async () => {
    const drill = alertFeed({
      key: 'cap:yjglj@ruchuan.gov.cn/W-1',
      class: 'cap.severe',
      subject: { kind: 'cap', code: 'yjglj@ruchuan.gov.cn/W-1' },
      title: {
        zh: '【演练】县防指：洪水橙色预警（汝川县）',
        en: 'DRILL: County HQ: flood warning orange (Ruchuan)',
      },
      action: {
        zh: '演练：按真实流程逐级处置并记录，不要真实拨打电话或通知任何人',
        en: 'DRILL: go through every step as for real and log it, but phone or notify nobody for real',
      },
      value: null,
      drill: true,
    });
    for (const lang of ['zh', 'en'] as const) {
      const a = open({
        lang,
        state: liveState(busySnapshot({ alerts: [drill] })),
        size: { columns: 160, rows: 48 },
      });
      await settle();
      const frame = a.frame();
      expectWithin(frame, 160, 48);
      if (lang === 'zh') {
        expect(frame).toContain('【演练】县防指');
        expect(frame).toContain('不要真实拨打电话');
        expect(frame).toContain('演练·1 值班员');
      } else {
        expect(frame).toContain('DRILL: County HQ');
        expect(frame).toContain('phone or notify nobody');
        expect(frame).toContain('DRILL 1 ');
      }
      a.unmount();
    }
  });
});
