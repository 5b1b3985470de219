import { describe, expect, it } from 'vitest';
import { writeCap } from '../../src/cap/write-cap.js';
import { configSchema } from '../../src/protocol/index.js';
import { capAlert, capTime } from '../helpers/cap-builder.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { manualClock } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, requestById } from '../helpers/ws-client.js';

const START = Date.UTC(2026, 6, 19, 18, 0); // 2026-07-20 02:00 in Beijing
const SENDER = 'rc-met@411731';

const collectors = collectorsPerTest();

describe('CAP warnings in force per sender (issue 13: alerts per subject)', () => {
  it('refuses a new warning past the bound with LIMIT_REACHED; updates, cancels and other senders pass', async () => {
    const input = testConfigInput();
    input.server = { maxActiveCapWarningsPerSender: 3 };
    const collector = await collectors.start({
      config: configSchema.parse(input),
      clock: manualClock(START),
    });
    const ws = await connect(collector.url, '/ingest', TOKENS.source);
    let n = 0;
    const send = (xml: string) => {
      n += 1;
      return requestById(ws, { type: 'cap', id: `cap-${n}`, xml });
    };
    const alert = (identifier: string, sender = SENDER) =>
      writeCap(capAlert({ identifier, sender, sentAt: START }));
    const follow = (identifier: string, msgType: 'Update' | 'Cancel') =>
      writeCap(
        capAlert({
          identifier: `${identifier}-${msgType}`,
          sentAt: START + 60_000,
          msgType,
          references: [{ sender: SENDER, identifier, sent: capTime(START) }],
        }),
      );

    for (const id of ['W-1', 'W-2', 'W-3']) expect(await send(alert(id))).toMatchObject({ type: 'ack' });
    const refused = await send(alert('W-4'));
    expect(refused).toMatchObject({ type: 'error', code: 'LIMIT_REACHED', path: 'xml' });
    expect(refused.message).toContain(`sender "${SENDER}" already has 3 warnings in force`);
    const count = (sql: string) => (collector.collector.db.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT COUNT(*) AS n FROM cap_messages WHERE identifier = 'W-4'")).toBe(0);

    // A warning already open may always change; another sender has its own bound.
    expect(await send(follow('W-1', 'Update'))).toMatchObject({ type: 'ack' });
    expect(await send(alert('X-1', 'other@411731'))).toMatchObject({ type: 'ack' });
    // Cancelling one makes room for a new one.
    expect(await send(follow('W-2', 'Cancel'))).toMatchObject({ type: 'ack' });
    expect(await send(alert('W-4'))).toMatchObject({ type: 'ack' });
    ws.close();
  });
});
