import { describe, expect, it } from 'vitest';
import type { CapReference } from '../../src/cap/cap-alert.js';
import { writeCap } from '../../src/cap/write-cap.js';
import type { AlertFeed } from '../../src/protocol/index.js';
import { MINUTE } from '../helpers/alert-harness.js';
import { capAlert } from '../helpers/cap-builder.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, replies } from '../helpers/ws-client.js';
import { CAP_START, capPerTest } from './cap-per-test.js';

const START = CAP_START;
const SENDER = 'rc-met@411731';

const { h, send } = capPerTest();
const capAlerts = (): AlertFeed[] =>
  h()
    .running.collector.engine.snapshotParts(h().clock.now())
    .alerts.filter((a) => a.subject.kind === 'cap');
const threads = () =>
  h().running.collector.db.prepare('SELECT identifier, state, headline FROM cap_threads ORDER BY id').all();
const ref = (identifier: string, sentAt: number): CapReference => ({
  sender: SENDER,
  identifier,
  sent: capAlert({ identifier, sentAt }).sent,
});

// The sender's messages, each sent a minute after the one before; they arrive in another order.
const alert = capAlert({ identifier: 'A', sentAt: START });
const update = capAlert(
  { identifier: 'U', sentAt: START + MINUTE, msgType: 'Update', references: [ref('A', START)] },
  { headline: '暴雨红色预警', severity: 'Extreme' },
);

describe('CAP threading by references, in any arrival order (issue 14)', () => {
  it('Update → Alert → Cancel: one warning, closed by the Cancel, and no rung fires after it', async () => {
    await send(writeCap(update));
    h().advance(MINUTE);
    await send(writeCap(alert));
    // The late Alert joins the Update's warning and does not put back the words from before the Update.
    expect(capAlerts()).toHaveLength(1);
    expect(capAlerts()[0]?.title.zh).toContain('暴雨红色预警');

    h().advance(2 * MINUTE);
    const cancelAt = h().clock.now();
    const cancel = capAlert({
      identifier: 'C',
      sentAt: START + 2 * MINUTE,
      msgType: 'Cancel',
      references: [ref('A', START)],
    });
    expect(await send(writeCap(cancel))).toMatchObject({ type: 'ack' });

    // The whole default ladder (+5, +15, +30 minutes) would have climbed by now had anything stayed open.
    for (let m = 0; m < 40; m += 1) h().advance(MINUTE);
    const all = capAlerts();
    expect(all.map((a) => a.state)).toEqual(['closed']);
    expect(threads()).toEqual([{ identifier: 'U', state: 'cancelled', headline: '暴雨红色预警' }]);
    const firedAfter = h()
      .log(all[0]?.id as number)
      .filter((e) => e.at > cancelAt && (e.action === 'escalated' || e.action === 'no_one_on_duty'));
    expect(firedAfter).toEqual([]);
  });

  it('a Cancel referencing both an early Update and its Alert closes the one warning they form', async () => {
    await send(writeCap(update));
    await send(writeCap(alert));
    const cancel = capAlert({
      identifier: 'C',
      sentAt: START + 2 * MINUTE,
      msgType: 'Cancel',
      references: [ref('A', START), ref('U', START + MINUTE)],
    });
    await send(writeCap(cancel));
    expect(capAlerts().map((a) => a.state)).toEqual(['closed']);
  });

  it('makes one warning of two that a late message shows to be one, and a Cancel of either part closes it', async () => {
    // U2 references only U1; the Alert comes next; U1, referencing the Alert, arrives last and links them.
    const u1 = capAlert(
      { identifier: 'U1', sentAt: START + MINUTE, msgType: 'Update', references: [ref('A', START)] },
      { headline: '暴雨红色预警' },
    );
    const u2 = capAlert(
      {
        identifier: 'U2',
        sentAt: START + 2 * MINUTE,
        msgType: 'Update',
        references: [ref('U1', START + MINUTE)],
      },
      { headline: '暴雨红色预警（更新）' },
    );
    await send(writeCap(u2));
    await send(writeCap(alert));
    expect(capAlerts().filter((a) => a.state !== 'closed')).toHaveLength(2);
    await send(writeCap(u1));
    const open = capAlerts().filter((a) => a.state !== 'closed');
    expect(open).toHaveLength(1);
    // The newest words win, whichever part showed them.
    expect(open[0]?.title.zh).toContain('暴雨红色预警（更新）');
    const cancel = capAlert({
      identifier: 'C',
      sentAt: START + 3 * MINUTE,
      msgType: 'Cancel',
      references: [ref('A', START)],
    });
    await send(writeCap(cancel));
    expect(capAlerts().every((a) => a.state === 'closed')).toBe(true);
  });

  it('a Cancel closes every warning it references', async () => {
    await send(writeCap(alert));
    await send(writeCap(capAlert({ identifier: 'B', sentAt: START })));
    expect(capAlerts()).toHaveLength(2);
    const cancel = capAlert({
      identifier: 'C',
      sentAt: START + MINUTE,
      msgType: 'Cancel',
      references: [ref('A', START), ref('B', START)],
    });
    await send(writeCap(cancel));
    expect(capAlerts().map((a) => a.state)).toEqual(['closed', 'closed']);
  });

  it('a Cancel that arrives before its Alert leaves nothing raised when the Alert comes', async () => {
    const cancel = capAlert({
      identifier: 'C',
      sentAt: START + MINUTE,
      msgType: 'Cancel',
      references: [ref('A', START)],
    });
    expect(await send(writeCap(cancel))).toMatchObject({ type: 'ack' });
    expect(await send(writeCap(alert))).toMatchObject({ type: 'ack' });
    expect(await send(writeCap(update))).toMatchObject({ type: 'ack' });
    expect(capAlerts()).toEqual([]);
  });

  it('closes the alert with the Update’s headline when the Update and the Cancel come within one second', async () => {
    await send(writeCap(alert));
    expect(capAlerts()[0]?.title.zh).toContain('暴雨橙色预警');
    const cancel = capAlert({
      identifier: 'C',
      sentAt: START + MINUTE,
      msgType: 'Cancel',
      references: [ref('U', START + MINUTE)],
    });
    // Both frames go out at once, so no rule pass runs between them: the pass that closes the alert is the
    // first to see the Update.
    const ws = await connect(h().running.url, '/ingest', TOKENS.source);
    const got = replies(ws);
    ws.send(JSON.stringify({ type: 'cap', id: 'pair-u', xml: writeCap(update) }));
    ws.send(JSON.stringify({ type: 'cap', id: 'pair-c', xml: writeCap(cancel) }));
    expect((await got.waitFor(2)).map((r) => r.type)).toEqual(['ack', 'ack']);
    ws.close();
    h().running.collector.engine.evaluate();
    const [closed] = capAlerts();
    expect(closed?.state).toBe('closed');
    expect(closed?.title.zh).toContain('暴雨红色预警');
    expect(closed?.title.zh).not.toContain('暴雨橙色预警');
  });
});
