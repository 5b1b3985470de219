import { afterEach, describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/console/strings.js';
import { buildView } from '../../src/console/view-model.js';
import { handoverMarkdown } from '../../src/state/handover-report.js';
import { MINUTE } from '../helpers/alert-harness.js';
import { TOKENS } from '../helpers/test-config.js';
import { configWithPhones, consoleHarness } from './console-harness.js';
import { until } from './fake-terminal.js';
import { KEYS } from './render-app.js';

type Harness = Awaited<ReturnType<typeof consoleHarness>>;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const promptId = (frame: string) => Number(/告警 #(\d+) 需要你处理/.exec(frame)?.[1] ?? Number.NaN);
const view = (state: Parameters<typeof buildView>[0], lang: 'zh' | 'en') =>
  buildView(
    state,
    Date.now(),
    { lang, names: lang === 'zh' ? 'zh' : 'ascii', isAscii: false, showSeconds: true },
    stringsFor(lang),
  );

describe('the state shown is the alert state now', () => {
  it('shows an alert whose acknowledgement ran out as triggered again, not "confirmed by the collector"', async () => {
    const h = await consoleHarness();
    harness = h;
    const c = await h.open(TOKENS.officer);
    await h.level(12.4);
    await until(() => !Number.isNaN(promptId(c.frame())));
    const id = promptId(c.frame());
    await c.press('a', '核实中', KEYS.enter, KEYS.enter, 'y');
    await until(() => h.running.collector.engine.repos.alerts.get(id)?.state === 'acknowledged');
    await until(() => c.frame().includes(`#${id} 已由 张伟 于`)).catch((e) => {
      console.log(c.frame());
      throw e;
    });
    await c.press(KEYS.escape);
    // Nobody confirmed by the re-check time: the collector triggers it again and the ladder starts over.
    h.advance(31 * MINUTE);
    await until(() => promptId(c.frame()) === id && c.frame().includes('再次触发'));
    // The prompt (the framed lines) says what is true now; the footer may still report the ack it sent.
    const prompt = () =>
      c
        .frame()
        .split('\n')
        .filter((l) => l.startsWith('║'))
        .join('\n');
    expect(prompt()).not.toContain('采集端已确认');
    // A note about it is not a change of state either.
    await c.press('n', '已联系下游', KEYS.enter, 'y');
    await until(() => h.log(id).some((e) => e.action === 'note'));
    expect(prompt()).toMatch(/告警 #\d+ 需要你处理/);
    expect(prompt()).not.toContain('采集端已确认');
  });
});

describe('the log says what it is about, in the console language', () => {
  it('names the alert on every row, uses the county clock, and speaks Chinese or English throughout', async () => {
    const h = await consoleHarness();
    harness = h;
    const zh = await h.open(TOKENS.officer);
    const en = await h.open(TOKENS.leader, { lang: 'en' });
    await h.level(12.4);
    await until(() => !Number.isNaN(promptId(zh.frame())));
    const id = promptId(zh.frame());
    await h.act(TOKENS.officer, {
      type: 'alert.ack',
      alert: id,
      reason: '核实中',
      recheckAt: new Date(h.clock.now() + 2 * MINUTE).toISOString(),
    });
    h.advance(3 * MINUTE);
    h.advance(5 * MINUTE + 1000);
    await until(() =>
      zh.store.getState().log.some((e) => e.action === 'escalated' && e.text.startsWith('rung 2/')),
    );
    await until(() =>
      en.store.getState().log.some((e) => e.action === 'escalated' && e.text.startsWith('rung 2/')),
    );

    const zhLog = view(zh.store.getState(), 'zh').log.filter((r) => r.alert === id);
    for (const row of zhLog) {
      expect(row.subject).toMatch(new RegExp(`^#${id} 汝河大桥`));
      expect(row.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
    const texts = zhLog.map((r) => r.text);
    expect(texts).toContain('第 2/4 级：已通知带班领导 李强');
    expect(texts.some((t) => /^核实中（复查 \d{2}:\d{2}:\d{2}）$/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('张伟 的确认未在复查时间前续期'))).toBe(true);
    expect(zh.frame()).toContain('本机 张伟（值班员）');

    const enLog = view(en.store.getState(), 'en').log.filter((r) => r.alert === id);
    const enTexts = enLog.map((r) => r.text);
    expect(enTexts).toContain('rung 2/4: leader Li Qiang alerted');
    // Only what a person typed (the acknowledgement's reason) may be Chinese on an English console.
    const systemTexts = enLog.filter((r) => r.action !== 'acknowledged').map((r) => r.text);
    expect(systemTexts.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
    expect(en.frame()).toContain('me Li Qiang (leader)');
  });
});

describe('the handover is complete', () => {
  it('lists every note of the shift after 303 escalations, and names the government duty office once', async () => {
    // A busy night's worth of actions faster than a console may send them: the limit has its own test.
    const config = configWithPhones();
    const h = await consoleHarness({
      ...config,
      server: { ...config.server, actionRateLimitPerSecond: 1_000_000, actionRateLimitBurst: 1_000_000 },
    });
    harness = h;
    await h.level(12.4);
    const open = h.running.collector.engine
      .snapshotParts(h.clock.now())
      .alerts.filter((a) => a.state === 'triggered' && a.inhibitedBy === null);
    const id = open[0]?.id ?? 0;
    const notes = [
      '第一条：已通知城关镇',
      '第二条：下游转移中',
      '第三条：抢险队出发',
      '第四条：水位回落',
      '第五条：交接注意',
    ];
    for (const text of notes) expect((await h.act(TOKENS.officer, { type: 'note', text })).type).toBe('ack');
    for (let i = 0; i < 303; i += 1) {
      const reply = await h.act(TOKENS.officer, { type: 'alert.escalate', alert: id });
      if (reply.type !== 'ack') throw new Error(JSON.stringify(reply));
    }
    // A console opened now: its log window (200 entries) holds none of the notes; the shift's entries do.
    const c = await h.open(TOKENS.officer);
    expect(c.store.getState().log.some((e) => e.action === 'note')).toBe(false);
    await c.press('h');
    await until(() => c.frame().includes('本班备注 (5)'));
    const markdown = handoverMarkdown(c.store.getState(), Date.now(), { lang: 'zh' });
    for (const text of notes) expect(markdown).toContain(text);
    expect(markdown).toMatch(/自动升级 \d+ 次/);
    expect(markdown).not.toContain('县政府总值班室 县政府总值班室');
    expect(c.frame()).not.toContain('县政府总值班室 县政府总值班室');
    // The console's own handover page scrolls through the same notes.
    const page = view(c.store.getState(), 'zh').shift;
    expect(page.notes.map((n) => n.text)).toEqual(notes);
    expect(Math.max(...page.climbs.map((c) => c.count))).toBeGreaterThanOrEqual(303);
  });
});
