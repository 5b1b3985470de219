// One file on purpose (over 250 lines): every key of the console's App, driven through ink-testing-library.
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchReply, WatchRequest } from '../../src/client/pending-replies.js';
import { KEY_BINDINGS } from '../../src/state/keymap.js';
import { alertFeed, MIN, NIGHT } from '../state/feed-fixtures.js';
import { busySnapshot, liveState } from './console-fixtures.js';
import { KEYS, renderApp, settleFrame } from './render-app.js';

const GUARD_MS = 300;
let app: ReturnType<typeof renderApp> | undefined;
const open = (...args: Parameters<typeof renderApp>) => {
  app = renderApp(...args);
  return app;
};
afterEach(() => app?.unmount());

// The line of the frame that contains `text`.
const lineWith = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('App keys', () => {
  it('moves the focus with Tab and Shift-Tab', async () => {
    const a = open();
    await settleFrame(a.frame);
    expect(lineWith(a.frame(), '告警 ─')).toContain('▌告警');
    await a.press(KEYS.tab);
    expect(a.frame()).toContain('▌事件·报送时限');
    await a.press(KEYS.shiftTab, KEYS.shiftTab);
    expect(a.frame()).toContain('▌值班日志');
  });

  it('moves the selection with j/k and the arrows', async () => {
    const a = open();
    await settleFrame(a.frame);
    expect(lineWith(a.frame(), '#12 汝河')).toMatch(/^›/);
    await a.press('j');
    expect(lineWith(a.frame(), '#3 县')).toMatch(/^›/);
    expect(lineWith(a.frame(), '#12 汝河')).not.toMatch(/^›/);
    await a.press(KEYS.up);
    expect(lineWith(a.frame(), '#12 汝河')).toMatch(/^›/);
  });

  it('opens the details of the selected row with Enter and closes them with Esc', async () => {
    const a = open();
    await a.press('j', KEYS.enter);
    expect(a.frame()).toContain('详情 — 告警');
    expect(a.frame()).toContain('#3 县救灾物资储备库 帐篷 低于最低储备');
    await a.press(KEYS.escape);
    expect(a.frame()).not.toContain('详情 — 告警');
  });

  it('lists every binding of the key map on the help page', async () => {
    const a = open({ lang: 'en', size: { columns: 100, rows: 80 } });
    await a.press('?');
    const frame = a.frame();
    // Each binding once, its keys in a 13-column column and then what it does.
    for (const binding of KEY_BINDINGS)
      expect(frame).toContain(`  ${binding.keys.padEnd(13)} ${binding.help.en}`);
  });

  it('quits with q at once when no prompt waits', async () => {
    // With prompts waiting q asks first (small-things.test.tsx); this one has none.
    const a = open({ state: liveState(busySnapshot({ alerts: [] })) });
    await a.press('q');
    expect(a.quits.count).toBe(1);
  });

  it('sends nothing after a stray a followed by Esc, or by n (typed into the reason) and Esc', async () => {
    const a = open();
    await a.press('a');
    expect(a.frame()).toContain('确认告警 — #12');
    await a.press(KEYS.escape);
    expect(a.frame()).not.toContain('确认告警 — #12');
    await a.press('a', 'n', KEYS.escape);
    await a.press('a', 'y', 'y', KEYS.enter, KEYS.enter, KEYS.escape);
    expect(a.sent).toEqual([]);
  });

  it('acknowledges with a, a reason, Enter, Enter and y: exactly one alert.ack, its re-check the time the confirm line states', async () => {
    let answer: (reply: WatchReply) => void = () => {};
    const a = open({ reply: () => new Promise((resolve) => (answer = resolve)) });
    await a.press('a', '水位已核实，已通知下游', KEYS.enter, KEYS.enter);
    expect(a.frame()).toContain(
      '确认 #12 汝河大桥 超保证水位 12.10 m？原因：水位已核实，已通知下游；复查：30 分钟后（02:30）',
    );
    expect(a.frame()).toContain('[y/N]');
    // Too soon after the confirm step appeared: a key already typed must not confirm.
    await a.press('y');
    expect(a.sent).toEqual([]);
    a.advance(GUARD_MS);
    await a.press('y');
    expect(a.sent).toHaveLength(1);
    const request = a.sent[0] as Extract<WatchRequest, { type: 'alert.ack' }>;
    expect(request).toMatchObject({
      type: 'alert.ack',
      id: 't-1',
      alert: 12,
      reason: '水位已核实，已通知下游',
    });
    // The confirm line said 02:30, and 02:30 is what is stored, however long the officer took to press y.
    expect(Date.parse(request.recheckAt)).toBe(NIGHT + 30 * MIN);
    expect(a.frame()).toContain('发送中…');
    answer({ v: 1, type: 'ack', id: 't-1' });
    await settleFrame(a.frame);
    expect(a.frame()).toContain('采集端已确认');
    // The collector's delta: the alert is acknowledged by the officer; the prompt says who and when.
    a.store.dispatch({
      type: 'server',
      at: 5_000_500,
      msg: {
        v: 1,
        type: 'delta',
        epoch: 'ep-1',
        seq: 1,
        now: NIGHT + 400,
        changes: [
          {
            kind: 'alert',
            alert: alertFeed({
              state: 'acknowledged',
              ack: { by: 'P1', at: NIGHT + 400, reason: '水位已核实', recheckAt: NIGHT + 30 * MIN },
            }),
          },
        ],
      },
    });
    await settleFrame(a.frame);
    expect(a.frame()).toContain('#12 已由 张伟 于 02:00:00 确认');
    await a.press('y', 'y');
    expect(a.sent).toHaveLength(1);
  });

  it('escalates with e and y, echoing the alert and naming who is called next, with phone', async () => {
    const a = open({ lang: 'en', size: { columns: 140, rows: 40 } });
    await a.press('e');
    // The target is echoed (its title cut to 40 columns) in the dialog's title and in the question.
    expect(a.frame()).toContain('Escalate now — #12 Ruhe Bridge over guaranteed level 12.10…');
    expect(a.frame()).toContain(
      'Escalate #12 Ruhe Bridge over guaranteed level 12.10… now, to 2 leader Li Qiang 138-0002-0002? [y/N]',
    );
    a.advance(GUARD_MS);
    await a.press('y');
    expect(a.sent).toEqual([{ type: 'alert.escalate', id: 't-1', alert: 12 }]);
  });

  it('snoozes only with an expiry: s, a choice, a reason, then y', async () => {
    const a = open();
    await a.press('s');
    expect(a.frame()).toContain('暂缓到: 60 分钟后');
    await a.press('2', KEYS.enter, KEYS.enter);
    expect(a.frame()).toContain('必须填写');
    await a.press('正在现场核实', KEYS.enter);
    a.advance(GUARD_MS);
    await a.press('y');
    expect(a.sent).toHaveLength(1);
    const request = a.sent[0] as Extract<WatchRequest, { type: 'alert.snooze' }>;
    expect(request).toMatchObject({ type: 'alert.snooze', alert: 12, reason: '正在现场核实' });
    expect(Date.parse(request.until)).toBe(NIGHT + 30 * MIN);
  });

  it('logs a call to the person on the alert rung by default', async () => {
    const a = open();
    await a.press('c');
    expect(a.frame()).toContain('打给: 张伟 值班员');
    await a.press(KEYS.enter, '2', KEYS.enter, KEYS.enter);
    expect(a.frame()).toContain('记录电话：张伟 值班员 139-0001-0001 — 未接通');
    a.advance(GUARD_MS);
    await a.press('y');
    expect(a.sent).toEqual([
      { type: 'call.log', id: 't-1', to: '张伟 139-0001-0001', outcome: 'no_answer', alert: 12 },
    ]);
  });

  it('marks a report sent for the selected incident', async () => {
    const a = open();
    await a.press(KEYS.tab, 'r');
    expect(a.frame()).toContain('登记已报送 — INC-1');
    await a.press(KEYS.enter, KEYS.enter, KEYS.enter);
    a.advance(GUARD_MS);
    await a.press('y');
    expect(a.sent).toEqual([
      { type: 'report.sent', id: 't-1', obligation: 7, channel: 'phone', to: '市应急管理局' },
    ]);
  });

  it('says what to select when r has no incident to report on', async () => {
    const a = open();
    await a.press(KEYS.tab, KEYS.tab, 'r');
    expect(a.frame()).toContain('先选择一个有待报送项的事件');
    expect(a.sent).toEqual([]);
  });

  it('writes a note about the selected incident', async () => {
    const a = open();
    await a.press(KEYS.tab, 'n', '已联系乡镇', KEYS.enter);
    a.advance(GUARD_MS);
    await a.press('y');
    expect(a.sent).toEqual([{ type: 'note', id: 't-1', text: '已联系乡镇', incident: 'INC-1' }]);
  });

  it('filters every panel with /', async () => {
    const a = open();
    await a.press('/', '帐篷', KEYS.enter);
    const frame = a.frame();
    expect(frame).toContain('#3 ');
    expect(frame).not.toContain('#12 汝河大桥');
    expect(frame).toContain('筛选：帐篷');
    await a.press(KEYS.escape);
    expect(a.frame()).toContain('#12 汝河大桥');
  });

  it('shows the handover report and accepts the watch with a and y', async () => {
    const a = open();
    await a.press('h');
    const frame = a.frame();
    expect(frame).toContain('交接班报告');
    expect(frame).toContain('未关闭告警 (2)');
    expect(frame).toContain('运行中的报送时限 (1)');
    expect(frame).toContain('本班备注 (1)');
    await a.press('a');
    expect(a.frame()).toContain('从 张伟 接过值班？[y/N]');
    a.advance(GUARD_MS);
    await a.press('y');
    expect(a.sent).toEqual([{ type: 'shift.start', id: 't-1' }]);
  });

  it('shows a refusal with the collector reason', async () => {
    const a = open({
      lang: 'en',
      reply: async (r) => ({
        v: 1,
        type: 'error',
        id: r.id,
        code: 'FORBIDDEN',
        message: 'role viewer may not alert.escalate',
      }),
    });
    await a.press('e');
    a.advance(GUARD_MS);
    await a.press('y');
    await settleFrame(a.frame);
    expect(a.frame()).toContain('refused: FORBIDDEN: role viewer may not alert.escalate');
  });

  it('rings the bell when an alert reaches my rung, and again for the next one', async () => {
    const a = open({ state: liveState(busySnapshot({ alerts: [] })) });
    await settleFrame(a.frame);
    expect(a.bell.rings).toBe(0);
    const delta = (seq: number, id: number) => ({
      type: 'server' as const,
      at: 5_000_100,
      msg: {
        v: 1 as const,
        type: 'delta' as const,
        epoch: 'ep-1',
        seq,
        now: NIGHT,
        changes: [{ kind: 'alert' as const, alert: alertFeed({ id }) }],
      },
    });
    a.store.dispatch(delta(1, 21));
    await settleFrame(a.frame);
    expect(a.frame()).toContain('告警 #21 需要你处理');
    await settleFrame(a.frame);
    expect(a.bell.rings).toBe(1);
    a.store.dispatch(delta(2, 22));
    await settleFrame(a.frame);
    expect(a.frame()).toContain('（1/2，还有 1 条');
    await settleFrame(a.frame);
    expect(a.bell.rings).toBe(2);
  });
});
