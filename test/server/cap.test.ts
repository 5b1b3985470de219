// One file on purpose (over 250 lines): CAP 1.2 in through a real collector: the specification's examples,
// refusals, one alert per warning, drills.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { afterActionReport } from '../../server/cap/after-action.js';
import { afterActionMarkdown } from '../../server/cap/after-action-text.js';
import { writeCap } from '../../src/cap/write-cap.js';
import { readScenario } from '../../src/replay/scenario.js';
import { alertHarness, MINUTE } from '../helpers/alert-harness.js';
import { capAlert, capTime } from '../helpers/cap-builder.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';
import { CAP_START, capPerTest } from './cap-per-test.js';

const START = CAP_START;
const SPEC_DIR = join(import.meta.dirname, '../../fixtures/cap/spec');
const KEY = 'cap:rc-met@411731/W-1';

const { h, send } = capPerTest();
/** Sends one CAP document on an ingest socket of its own with this token, not the harness's source. */
async function sendCapAs(token: string, xml: string) {
  const ws = await connect(h().running.url, '/ingest', token);
  const reply = await request(ws, { type: 'cap', id: 'c-1', xml });
  ws.close();
  return reply;
}
const count = (sql: string) => (h().running.collector.db.prepare(sql).get() as { n: number }).n;

describe('CAP 1.2 in: the specification examples', () => {
  it.each(readdirSync(SPEC_DIR).filter((f) => f.endsWith('.xml')))('accepts and stores %s', async (file) => {
    const reply = await send(readFileSync(join(SPEC_DIR, file), 'utf8'));
    expect(reply).toMatchObject({ type: 'ack' });
    expect(count('SELECT COUNT(*) AS n FROM cap_messages')).toBe(1);
  });

  it('threads nothing twice: the same example again is acked and stored once', async () => {
    const file = readdirSync(SPEC_DIR).find((f) => f.endsWith('.xml')) as string;
    const xml = readFileSync(join(SPEC_DIR, file), 'utf8');
    await send(xml);
    expect(await send(xml)).toMatchObject({ type: 'ack' });
    expect(count('SELECT COUNT(*) AS n FROM cap_messages')).toBe(1);
  });
});

describe('CAP 1.2 in: refusals', () => {
  it('refuses a broken document with INVALID_MESSAGE naming the element, and stores nothing', async () => {
    const xml = writeCap(capAlert({ identifier: 'W-1', sentAt: START })).replace(
      '<urgency>Expected</urgency>',
      '<urgency>Soon</urgency>',
    );
    const reply = await send(xml);
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', path: 'xml' });
    expect(reply.message).toContain('alert.info[0].urgency');
    expect(count('SELECT COUNT(*) AS n FROM cap_messages')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM cap_threads')).toBe(0);
  });

  it('refuses a sender outside the token scope with OUT_OF_SCOPE', async () => {
    const reply = await sendCapAs(TOKENS.reporter, writeCap(capAlert({ identifier: 'W-1', sentAt: START })));
    expect(reply).toMatchObject({ type: 'error', code: 'OUT_OF_SCOPE' });
    expect(reply.message).toContain('rc-met@411731');
    expect(count('SELECT COUNT(*) AS n FROM cap_messages')).toBe(0);
  });

  it('lets an admin pass on any sender, as admins may report for the whole county', async () => {
    const reply = await sendCapAs(TOKENS.admin, writeCap(capAlert({ identifier: 'W-1', sentAt: START })));
    expect(reply).toMatchObject({ type: 'ack' });
  });

  it('refuses another document under a used identifier with INVALID_STATE', async () => {
    await send(writeCap(capAlert({ identifier: 'W-1', sentAt: START })));
    const other = writeCap(capAlert({ identifier: 'W-1', sentAt: START }, { headline: '暴雨红色预警' }));
    expect(await send(other)).toMatchObject({ type: 'error', code: 'INVALID_STATE' });
  });

  it('refuses a cap message inside a batch', async () => {
    const xml = writeCap(capAlert({ identifier: 'W-1', sentAt: START }));
    const reply = await h().ingest({ type: 'batch', id: 'b-1', messages: [{ type: 'cap', id: 'c-1', xml }] });
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
  });
});

describe('CAP 1.2 in: one alert per warning', () => {
  const original = capAlert({ identifier: 'W-1', sentAt: START });
  const ref = { sender: original.sender, identifier: 'W-1', sent: original.sent };

  it('opens one alert for an Alert, updates the same alert on an Update, closes it on a Cancel', async () => {
    await send(writeCap(original));
    const opened = h().open(KEY);
    expect(opened).toMatchObject({ class: 'cap.severe', severity: 'critical', subject: { kind: 'cap' } });
    expect(opened.title.zh).toContain('暴雨橙色预警');
    expect(opened.drill).toBeUndefined();

    h().advance(MINUTE);
    const update = capAlert(
      { identifier: 'W-2', sentAt: START + MINUTE, msgType: 'Update', references: [ref] },
      { headline: '暴雨红色预警', severity: 'Extreme' },
    );
    expect(await send(writeCap(update))).toMatchObject({ type: 'ack' });
    expect(h().alerts(KEY)).toHaveLength(1);
    expect(h().open(KEY).title.zh).toContain('暴雨红色预警');

    h().advance(MINUTE);
    const cancel = capAlert(
      { identifier: 'W-3', sentAt: START + 2 * MINUTE, msgType: 'Cancel', references: [ref] },
      { headline: '解除暴雨预警' },
    );
    await send(writeCap(cancel));
    expect(
      h()
        .alerts(KEY)
        .map((a) => a.state),
    ).toEqual(['closed']);
  });

  it('closes the alert by itself when the warning expires, and not before', async () => {
    await send(
      writeCap(capAlert({ identifier: 'W-1', sentAt: START }, { expires: capTime(START + 60 * MINUTE) })),
    );
    h().advance(59 * MINUTE);
    expect(h().open(KEY).state).not.toBe('closed');
    h().advance(MINUTE);
    expect(
      h()
        .alerts(KEY)
        .map((a) => a.state),
    ).toEqual(['closed']);
    const report = afterActionReport(h().running.collector.db, 1);
    expect(report?.ended).toMatchObject({ how: 'expired', at: START + 60 * MINUTE });
  });

  it('raises nothing for a warning already expired, for System or Draft messages, or a Minor one escalates nowhere', async () => {
    await send(
      writeCap(capAlert({ identifier: 'W-old', sentAt: START }, { expires: capTime(START - MINUTE) })),
    );
    await send(writeCap(capAlert({ identifier: 'W-sys', sentAt: START, status: 'System' })));
    await send(writeCap(capAlert({ identifier: 'W-draft', sentAt: START, status: 'Draft' })));
    expect(h().running.collector.engine.snapshotParts(START).alerts).toHaveLength(0);
    await send(writeCap(capAlert({ identifier: 'W-minor', sentAt: START }, { severity: 'Minor' })));
    const minor = h().open('cap:rc-met@411731/W-minor');
    expect(minor).toMatchObject({ class: 'cap.minor', severity: 'info', ladder: 'none', rung: null });
  });

  it('opens a warning for an Update whose original never arrived, and threads its Cancel', async () => {
    const orphan = capAlert({
      identifier: 'W-9',
      sentAt: START,
      msgType: 'Update',
      references: [{ sender: 'rc-met@411731', identifier: 'W-unseen', sent: capTime(START - MINUTE) }],
    });
    await send(writeCap(orphan));
    expect(h().open('cap:rc-met@411731/W-9').state).toBe('triggered');
    const cancel = capAlert({
      identifier: 'W-10',
      sentAt: START + MINUTE,
      msgType: 'Cancel',
      references: [{ sender: 'rc-met@411731', identifier: 'W-9', sent: orphan.sent }],
    });
    await send(writeCap(cancel));
    expect(
      h()
        .alerts('cap:rc-met@411731/W-9')
        .map((a) => a.state),
    ).toEqual(['closed']);
  });
});

describe('CAP 1.2 drills', () => {
  const drill = capAlert({ identifier: 'W-1', sentAt: START, status: 'Exercise' });

  it('climbs the whole ladder marked DRILL, paging nobody, and reports the times after the action', async () => {
    await send(writeCap(drill));
    const opened = h().open(KEY);
    expect(opened.drill).toBe(true);
    expect(opened.title.en).toMatch(/^DRILL: /);
    expect(opened.title.zh).toMatch(/^【演练】/);
    expect(opened.action.en).toContain('phone or notify nobody for real');

    // Nobody acts: the default ladder runs officer → leader (+5) → chief (+15) → government (+30).
    for (let m = 0; m < 31; m += 1) h().advance(MINUTE);
    const log = h().log(opened.id);
    const rungs = log.filter((e) => e.action === 'drill_escalated');
    expect(rungs.map((e) => e.text.match(/rung (\d)\/4/)?.[1])).toEqual(['1', '2', '3', '4']);
    expect(rungs.every((e) => e.text.startsWith('DRILL') && e.text.includes('not paged'))).toBe(true);
    expect(log.filter((e) => e.action === 'escalated')).toEqual([]);

    // The officer acknowledges, passes the warning on, then the sender ends the exercise.
    expect(
      await h().act(TOKENS.officer, {
        type: 'alert.ack',
        alert: opened.id,
        reason: '演练确认',
        recheckAt: new Date(h().clock.now() + 30 * MINUTE).toISOString(),
      }),
    ).toMatchObject({ type: 'ack' });
    h().advance(2 * MINUTE);
    await h().act(TOKENS.officer, { type: 'call.log', alert: opened.id, to: '县防办', outcome: 'reached' });
    h().advance(MINUTE);
    const ref = { sender: drill.sender, identifier: 'W-1', sent: drill.sent };
    await send(
      writeCap(
        capAlert({
          identifier: 'W-2',
          sentAt: h().clock.now(),
          status: 'Exercise',
          msgType: 'Cancel',
          references: [ref],
        }),
      ),
    );

    const report = afterActionReport(h().running.collector.db, 1);
    expect(report).toMatchObject({
      acknowledged: { by: 'P1', afterMs: 31 * MINUTE },
      escalated: { how: 'by the ladder', afterMs: 5 * MINUTE },
      reported: { by: 'P1', afterMs: 33 * MINUTE },
      ended: { how: 'cancelled', at: START + 34 * MINUTE },
    });
    const text = afterActionMarkdown(report as NonNullable<typeof report>, '+08:00');
    expect(text).toContain('DRILL');
    expect(text).toContain('Time to acknowledge 确认 | **31m**');
    expect(text).toContain('Time to escalate 上报领导 | **5m**');
    expect(text).toContain('Time to report 报告 | **33m**');
    expect(text).toContain('nobody was paged');
  });

  it('refuses an Actual Update that references an exercise, and the reverse', async () => {
    await send(writeCap(drill));
    const ref = { sender: drill.sender, identifier: 'W-1', sent: drill.sent };
    const real = capAlert({
      identifier: 'W-2',
      sentAt: START + MINUTE,
      msgType: 'Update',
      references: [ref],
    });
    const reply = await send(writeCap(real));
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_STATE' });
    expect(reply.message).toContain('exercise');
    expect(h().open(KEY).drill).toBe(true);
  });

  it('runs the drill scenario: DRILL through the whole ladder, upgraded, acknowledged, reported, ended', async () => {
    const scenario = readScenario(join(import.meta.dirname, '../../fixtures/scenarios/cap-drill.jsonl'));
    const d = await alertHarness(scenario.start);
    try {
      d.advance(0);
      const steps = [...scenario.steps];
      const key = 'cap:yjglj@ruchuan.gov.cn/41173100000000_20260719213000_0';
      // Minute by minute for 100 minutes: the scenario's messages at their times, the officer at 40 and 45.
      for (let minute = 0; minute <= 100; minute += 1) {
        while (steps[0] && steps[0].t <= minute * 60) {
          const step = steps.shift();
          expect(await d.ingest(step?.message as object)).toMatchObject({ type: 'ack' });
          d.running.collector.engine.evaluate();
        }
        if (minute === 40) {
          const alert = d.open(key);
          const recheckAt = new Date(d.clock.now() + 60 * MINUTE).toISOString();
          await d.act(TOKENS.officer, { type: 'alert.ack', alert: alert.id, reason: '演练', recheckAt });
        }
        if (minute === 45) {
          await d.act(TOKENS.officer, {
            type: 'call.log',
            alert: d.open(key).id,
            to: '县防指',
            outcome: 'reached',
          });
        }
        if (minute === 25) {
          // One alert all along; the Update at 20 minutes re-worded it.
          expect(d.alerts(key)).toHaveLength(1);
          expect(d.open(key)).toMatchObject({ drill: true, class: 'cap.severe' });
          expect(d.open(key).title.zh).toContain('红色');
        }
        d.advance(MINUTE);
      }
      const [alert] = d.alerts(key);
      expect(alert?.state).toBe('closed');
      const log = d.log(alert?.id as number);
      expect(log.filter((e) => e.action === 'escalated' || e.action === 'no_one_on_duty')).toEqual([]);
      expect(log.filter((e) => e.action === 'drill_escalated')).toHaveLength(4);
      const report = afterActionReport(d.running.collector.db, 1);
      expect(report).toMatchObject({
        messages: [{ msgType: 'Alert' }, { msgType: 'Update' }, { msgType: 'Cancel' }],
        acknowledged: { afterMs: 40 * MINUTE },
        escalated: { afterMs: 5 * MINUTE },
        reported: { afterMs: 45 * MINUTE },
        ended: { how: 'cancelled', at: scenario.start + 90 * MINUTE },
      });
    } finally {
      await d.stop();
    }
  });
});
