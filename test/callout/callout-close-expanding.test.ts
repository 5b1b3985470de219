import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open-database.js';
import { configSchema } from '../../src/protocol/index.js';
import { TOKENS } from '../helpers/test-config.js';
import { manyPeopleInput } from './callout-config.js';
import { calloutPerTest } from './callout-per-test.js';

// A big call-out is written out in chunks after it starts (callout-expander.ts). Closed before the last chunk —
// sent by mistake, say — the people not yet written must not be messaged: their links would be dead on arrival.

const PEOPLE = 1000;

const perTest = calloutPerTest();

function stored(dbPath: string) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return {
      recipients: db.prepare('SELECT COUNT(*) FROM callout_recipients').pluck().get() as number,
      outbox: db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number,
      plan: db.prepare('SELECT plan FROM callouts').pluck().get() as string | null,
    };
  } finally {
    db.close();
  }
}

describe('a call-out closed while it is still being written out', () => {
  it('writes and messages nobody more, and the audit says how many were left out', async () => {
    const receiver = await perTest.receiver();
    const h = await perTest.harness(configSchema.parse(manyPeopleInput(receiver.url, PEOPLE)));
    const start = { type: 'callout.start', group: 'many', message: '全体叫应' };
    expect(await h.act(TOKENS.officer, start)).toMatchObject({ type: 'ack' });
    expect(await h.act(TOKENS.officer, { type: 'callout.close', callout: 1, reason: '误发' })).toMatchObject({
      type: 'ack',
    });
    const atClose = stored(h.running.dbPath);
    expect(atClose.plan).toBeNull();
    expect(atClose.recipients).toBeLessThan(PEOPLE);

    // Long enough for every chunk left to have been written had the close not stopped them (~40 × 10 ms).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stored(h.running.dbPath)).toEqual(atClose);
    const closed = h.audit().find((e) => e.action === 'callout_closed');
    expect(closed?.text).toContain(`${PEOPLE - atClose.recipients} not yet messaged, left out`);
  });
});
