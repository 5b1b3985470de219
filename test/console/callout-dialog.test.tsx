import { afterEach, describe, expect, it } from 'vitest';
import { busySnapshot, liveState } from './console-fixtures.js';
import { KEYS, renderApp, settle } from './render-app.js';

// Issue 16.3: the officer starts a call-out from the console — a station's threatened area or a township, the
// message edited, for real or as a drill — in two steps, the confirm line naming where it goes.

const TEMPLATE = '县防汛值班室叫应：水情危急，请立即组织巡查，做好人员转移准备，收到请点链接回复。';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

describe('the call-out dialog (o)', () => {
  it("sends a station's area the message as prefilled, after y on a line that names it", async () => {
    app = renderApp({ state: liveState(busySnapshot()), lang: 'zh', size: { columns: 120, rows: 40 } });
    await settle();
    await app.press('o');
    expect(app.frame()).toContain('发起叫应 — 叫应');
    expect(app.frame()).toContain('汝河大桥 威胁区域');
    // The first station, the message as it stands, for real.
    await app.press(KEYS.enter, KEYS.enter, KEYS.enter);
    expect(app.frame()).toContain('向 汝河大桥 威胁区域 发起叫应');
    expect(app.frame()).not.toContain('【演练】');
    expect(app.sent).toEqual([]);
    app.advance(1000);
    await app.press('y');
    expect(app.sent).toEqual([
      expect.objectContaining({
        type: 'callout.start',
        station: 'G1',
        message: TEMPLATE,
        drill: false,
        includeCounty: true,
      }),
    ]);
  });

  it('sends a township a drill with the edited message, and the English confirm line says DRILL', async () => {
    app = renderApp({ state: liveState(busySnapshot()), lang: 'en', size: { columns: 120, rows: 40 } });
    await settle();
    await app.press('o');
    // G1, R1, then the townships: T1, T2.
    await app.press('j', 'j', 'j', KEYS.enter);
    await app.press('今晚', KEYS.enter);
    await app.press('j', KEYS.enter);
    expect(app.frame()).toContain('DRILL: Call out Hekou: whole township');
    app.advance(1000);
    await app.press('y');
    expect(app.sent).toEqual([
      expect.objectContaining({
        type: 'callout.start',
        townships: ['T2'],
        message: `${TEMPLATE}今晚`,
        drill: true,
      }),
    ]);
    expect(app.sent[0]).not.toHaveProperty('station');
  });

  it('is listed in the help with its key', async () => {
    app = renderApp({ state: liveState(busySnapshot()), lang: 'en', size: { columns: 120, rows: 40 } });
    await settle();
    await app.press('?');
    expect(app.frame()).toMatch(/o\s+start a call-out/);
  });
});
