// One file on purpose (over 250 lines): the alert lifecycle, ladders, reporting clocks and authorisation
// through a real collector on a hand-moved clock (the alert harness).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertHarness, MINUTE } from '../helpers/alert-harness.js';
import { TOKENS } from '../helpers/test-config.js';

let h: Awaited<ReturnType<typeof alertHarness>>;
beforeEach(async () => {
  h = await alertHarness();
});
afterEach(async () => {
  await h.stop();
});

const escalations = (id: number) =>
  h
    .log(id)
    .filter((e) => e.action === 'escalated')
    .map((e) => e.text.replace(/ alerted$/, ''));
const inFuture = (minutes: number) => new Date(h.clock.now() + minutes * MINUTE).toISOString();
/** The officer acknowledges an alert with a reason, to re-check it that many minutes from now. */
const officerAcks = (alert: number, reason: string, recheckInMinutes: number) =>
  h.act(TOKENS.officer, { type: 'alert.ack', alert, reason, recheckAt: inFuture(recheckInMinutes) });

describe('escalation ladder', () => {
  it('walks an unacknowledged alert up the whole ladder at the configured times, repeats once, then stops', async () => {
    await h.level(10.2);
    const alert = h.open('water.warning:G1');
    const at: Record<string, number> = {};
    for (let minute = 1; minute <= 130; minute++) {
      h.advance(MINUTE);
      // Keep the gauge fresh so only the ladder changes.
      if (minute % 10 === 0) await h.level(10.2);
      for (const text of escalations(alert.id)) at[text] ??= minute;
    }
    expect(at).toEqual({
      'rung 1/4: officer (值班员) P1': 1,
      'rung 2/4: leader (带班领导) P2': 5,
      'rung 3/4: chief (局长) P3': 15,
      'rung 4/4: government (县政府总值班室) P4': 30,
      'rung 1/4 (repeat 1): officer (值班员) P1': 60,
      'rung 2/4 (repeat 1): leader (带班领导) P2': 65,
      'rung 3/4 (repeat 1): chief (局长) P3': 75,
      'rung 4/4 (repeat 1): government (县政府总值班室) P4': 90,
    });
    expect(escalations(alert.id)).toHaveLength(8);
    expect(h.open('water.warning:G1').nextEscalationAt).toBeNull();
  });

  it('never escalates an alert acknowledged within its first rung', async () => {
    await h.level(10.2);
    const alert = h.open('water.warning:G1');
    h.advance(2 * MINUTE);
    const reply = await officerAcks(alert.id, '已通知巡堤', 120);
    expect(reply.type).toBe('ack');
    for (let i = 0; i < 90; i++) h.advance(MINUTE);
    expect(escalations(alert.id)).toEqual(['rung 1/4: officer (值班员) P1']);
    expect(h.open('water.warning:G1')).toMatchObject({
      state: 'acknowledged',
      ack: { by: 'P1', reason: '已通知巡堤' },
    });
  });

  it('re-triggers an acknowledgement not confirmed by its re-check time, and restarts the ladder', async () => {
    await h.level(10.2);
    const alert = h.open('water.warning:G1');
    await officerAcks(alert.id, 'checking', 20);
    h.advance(19 * MINUTE);
    expect(h.open('water.warning:G1').state).toBe('acknowledged');
    h.advance(MINUTE);
    expect(h.open('water.warning:G1')).toMatchObject({ state: 'triggered', ack: null, step: 0 });
    expect(h.log(alert.id).map((e) => e.action)).toContain('auto_un_ack');
    h.advance(5 * MINUTE);
    expect(h.open('water.warning:G1').rung).toEqual({ target: 'leader', person: 'P2' });
  });

  it('moves to the next rung at once on "escalate now" and on a call with no answer', async () => {
    await h.level(10.2);
    const alert = h.open('water.warning:G1');
    await h.act(TOKENS.officer, { type: 'alert.escalate', alert: alert.id, reason: 'dike seepage' });
    expect(h.open('water.warning:G1').rung).toEqual({ target: 'leader', person: 'P2' });
    await h.act(TOKENS.officer, { type: 'call.log', alert: alert.id, to: '李强', outcome: 'no_answer' });
    expect(h.open('water.warning:G1').rung).toEqual({ target: 'chief', person: 'P3' });
    expect(h.log(alert.id).some((e) => e.action === 'call_logged' && e.text.includes('no answer'))).toBe(
      true,
    );
  });
});

describe('alert lifecycle', () => {
  it('opens one alert, not many, for a level hovering ±1 cm around 警戒 for an hour', async () => {
    for (let minute = 0; minute < 60; minute += 5) {
      await h.level(minute % 10 === 0 ? 10.01 : 9.99);
      h.advance(5 * MINUTE);
    }
    expect(h.alerts('water.warning:G1')).toHaveLength(1);
    expect(h.open('water.warning:G1').state).toBe('triggered');
    // Well below the line (more than the clear margin) for longer than the hold: it closes.
    for (let i = 0; i < 3; i++) {
      await h.level(9.5);
      h.advance(6 * MINUTE);
    }
    expect(h.alerts('water.warning:G1').map((a) => a.state)).toEqual(['closed']);
  });

  it('hides the milder alert behind the worse one and releases it when the worse clears', async () => {
    await h.level(12.1);
    const guarantee = h.open('water.guarantee:G1');
    const warning = h.open('water.warning:G1');
    expect(warning.inhibitedBy).toBe(guarantee.id);
    expect(guarantee.inhibitedBy).toBeNull();
    for (let i = 0; i < 3; i++) {
      await h.level(11);
      h.advance(6 * MINUTE);
    }
    expect(h.alerts('water.guarantee:G1')[0]?.state).toBe('closed');
    expect(h.open('water.warning:G1').inhibitedBy).toBeNull();
    expect(h.log(warning.id).map((e) => e.action)).toEqual(expect.arrayContaining(['inhibited', 'released']));
  });

  it('refuses a snooze without an expiry, and re-triggers a snoozed alert when its snooze ends', async () => {
    await h.level(10.2);
    const alert = h.open('water.warning:G1');
    const missing = await h.act(TOKENS.officer, { type: 'alert.snooze', alert: alert.id, reason: 'known' });
    expect(missing).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', path: 'until' });
    await officerAcks(alert.id, 'on it', 600);
    const snoozed = await h.act(TOKENS.officer, {
      type: 'alert.snooze',
      alert: alert.id,
      reason: 'pump crew on site',
      until: inFuture(30),
    });
    expect(snoozed.type).toBe('ack');
    for (let i = 0; i < 29; i++) h.advance(MINUTE);
    expect(h.open('water.warning:G1').state).toBe('acknowledged');
    await h.level(10.2);
    h.advance(MINUTE);
    expect(h.open('water.warning:G1')).toMatchObject({ state: 'triggered', snooze: null });
    expect(h.log(alert.id).map((e) => e.action)).toContain('snooze_expired');
  });

  it('flags new data on an acknowledged alert instead of swallowing it', async () => {
    await h.level(10.2);
    const alert = h.open('water.warning:G1');
    await officerAcks(alert.id, 'watching', 60);
    await h.level(10.6);
    expect(h.open('water.warning:G1')).toMatchObject({
      state: 'acknowledged',
      hasNewData: true,
      value: 10.6,
    });
  });

  it('does not re-open an alert resolved by hand until its condition has cleared once', async () => {
    await h.level(10.2);
    const alert = h.open('water.warning:G1');
    await h.act(TOKENS.leader, { type: 'alert.resolve', alert: alert.id, reason: 'gauge under repair' });
    await h.level(10.3);
    h.advance(MINUTE);
    expect(h.alerts('water.warning:G1').map((a) => a.state)).toEqual(['closed']);
    await h.level(9.0);
    h.advance(MINUTE);
    await h.level(10.3);
    expect(h.alerts('water.warning:G1').map((a) => a.state)).toEqual(['closed', 'triggered']);
  });
});

describe('reporting clocks', () => {
  const report = (casualties: object) => ({
    type: 'incident.report',
    id: 'inc-1',
    incident: 'INC-1',
    category: 'accident',
    kind: 'production_safety',
    title: '砖窑坍塌',
    township: 'T1',
    occurredAt: new Date(h.clock.now() - 20 * MINUTE).toISOString(),
    casualties: {
      deaths: 0,
      missing: 0,
      seriousInjuries: 0,
      injuries: 0,
      trapped: 0,
      evacuated: 0,
      ...casualties,
    },
    directLossYuan: 100_000,
  });

  it('re-arms the clocks when an incident is upgraded from 一般 to 较大, and a sent report closes exactly its obligation', async () => {
    await h.ingest(report({ deaths: 2 }));
    h.advance(0);
    const obligations = () => h.running.collector.engine.repos.obligations.forIncident('INC-1');
    expect(obligations().map((o) => [o.kind, o.level, o.state])).toEqual([
      ['statutory', 4, 'open'],
      ['followup', 4, 'open'],
    ]);
    const receivedAt = h.clock.now();
    expect(obligations()[0]?.dueAt).toBe(receivedAt + 120 * MINUTE);

    h.advance(40 * MINUTE);
    await h.ingest({
      type: 'incident.update',
      id: 'inc-2',
      incident: 'INC-1',
      at: new Date(h.clock.now()).toISOString(),
      casualties: { deaths: 3 },
    });
    h.advance(0);
    const upgradedAt = h.clock.now();
    const open = obligations().filter((o) => o.state === 'open' && o.level === 3);
    expect(open.map((o) => [o.kind, o.dueAt - upgradedAt])).toEqual([
      ['statutory', 80 * MINUTE],
      ['phone', 30 * MINUTE],
      ['written', 60 * MINUTE],
    ]);
    expect(obligations().find((o) => o.kind === 'statutory' && o.level === 4)?.state).toBe('superseded');
    expect(h.open('incident.reportable:INC-1:L3').severity).toBe('critical');

    const phone = open.find((o) => o.kind === 'phone');
    const openBefore = obligations().filter((o) => o.state === 'open').length;
    const sent = await h.act(TOKENS.officer, {
      type: 'report.sent',
      obligation: phone?.id,
      channel: 'phone',
      to: '市应急管理局值班室',
    });
    expect(sent.type).toBe('ack');
    const after = obligations();
    expect(after.filter((o) => o.state === 'done').map((o) => o.id)).toEqual([phone?.id]);
    expect(after.filter((o) => o.state === 'open')).toHaveLength(openBefore - 1);
  });

  it('turns an obligation past its deadline into a critical alert that closes when the report is sent', async () => {
    await h.ingest(report({ deaths: 3 }));
    h.advance(0);
    const phone = h.running.collector.engine.repos.obligations
      .forIncident('INC-1')
      .find((o) => o.kind === 'phone');
    h.advance(25 * MINUTE);
    expect(h.open(`report.due:${phone?.id}`).severity).toBe('warning');
    h.advance(5 * MINUTE);
    expect(h.open(`report.overdue:${phone?.id}`).severity).toBe('critical');
    await h.act(TOKENS.officer, { type: 'report.sent', obligation: phone?.id, channel: 'phone', to: '市局' });
    h.advance(MINUTE);
    expect(h.alerts(`report.overdue:${phone?.id}`).map((a) => a.state)).toEqual(['closed']);
  });
});

describe('authorisation and the watch', () => {
  it('refuses every action from a viewer with FORBIDDEN and changes nothing', async () => {
    await h.level(10.2);
    const alert = h.open('water.warning:G1');
    const actions = [
      { type: 'alert.ack', alert: alert.id, reason: 'x', recheckAt: inFuture(30) },
      { type: 'alert.escalate', alert: alert.id },
      { type: 'alert.resolve', alert: alert.id, reason: 'x' },
      { type: 'note', text: 'hello' },
      { type: 'shift.start' },
    ];
    for (const action of actions) {
      expect(await h.act(TOKENS.viewer, action)).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    }
    expect(h.open('water.warning:G1')).toMatchObject({ state: 'triggered', step: 0 });
    expect(h.log(alert.id).every((e) => e.actor !== 'viewer')).toBe(true);
  });

  it('keeps the outgoing officer first on the ladder until the incoming one accepts the watch', async () => {
    const today = new Date(h.clock.now() + 8 * 3_600_000 - 8.5 * 3_600_000).toISOString().slice(0, 10);
    const set = await h.act(TOKENS.leader, { type: 'duty.set', date: today, officer: 'P5', leader: 'P2' });
    expect(set.type).toBe('ack');
    expect(
      await h.act(TOKENS.officer, { type: 'duty.set', date: today, officer: 'P1', leader: 'P2' }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    h.advance(MINUTE);
    const duty = h.running.collector.engine.currentDuty();
    expect(duty).toMatchObject({ officer: 'P1', handover: { from: 'P1', to: 'P5' } });
    await h.level(10.2);
    expect(h.open('water.warning:G1').rung).toEqual({ target: 'officer', person: 'P1' });
    h.advance(31 * MINUTE);
    expect(h.open('duty.handover:P5').severity).toBe('warning');
    expect((await h.act(TOKENS.officer2, { type: 'shift.start' })).type).toBe('ack');
    h.advance(MINUTE);
    expect(h.running.collector.engine.currentDuty()).toMatchObject({ officer: 'P5', handover: null });
    expect(h.alerts('duty.handover:P5').map((a) => a.state)).toEqual(['closed']);
  });
});
