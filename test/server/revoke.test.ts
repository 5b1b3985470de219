import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/tokens.js';
import { configSchema } from '../../src/protocol/index.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, requestById, upgradeStatus } from '../helpers/ws-client.js';

const collectors = collectorsPerTest();

const closeCode = (ws: { once(event: 'close', cb: (code: number) => void): unknown }) =>
  new Promise<number>((resolve) => ws.once('close', resolve));

describe('a token revoked or rotated by a reload (found by `npm run chaos -- auth-matrix`)', () => {
  it('cuts off the connections it opened, acts on nothing they send after, and keeps the others', async () => {
    // Before the fix an open connection kept the rights it was opened with until it disconnected.
    const input = testConfigInput();
    const running = await collectors.start({ config: configSchema.parse(input) });
    const { url, collector } = running;
    const revokedWatch = await connect(url, '/watch', TOKENS.officer2);
    const rotatedSource = await connect(url, '/ingest', TOKENS.gauges);
    const untouched = await connect(url, '/watch', TOKENS.officer);
    const revokedClosed = closeCode(revokedWatch);
    const rotatedClosed = closeCode(rotatedSource);

    collector.reload(
      configSchema.parse({
        ...input,
        tokens: input.tokens.map((t) =>
          t.name === 'officer2'
            ? { ...t, revoked: true }
            : t.name === 'gauges'
              ? { ...t, hash: hashToken('tok-gauges-rotated') }
              : t,
        ),
      }),
    );
    // Sent after the reload, before the close reaches the client: must not be carried out.
    revokedWatch.send(JSON.stringify({ type: 'note', id: 'after-revoke', text: 'should not be logged' }));
    rotatedSource.send(
      JSON.stringify({
        type: 'reading',
        id: 'after-rotate',
        station: 'G1',
        observedAt: new Date(Date.now() - 60_000).toISOString(),
        level: 9,
      }),
    );
    expect(await revokedClosed).toBe(1008);
    expect(await rotatedClosed).toBe(1008);

    expect(await requestById(untouched, { type: 'note', id: 'still-on', text: 'on watch' })).toMatchObject({
      type: 'ack',
    });
    expect(await upgradeStatus(url, '/watch', TOKENS.officer2)).toBe(401);
    expect(await upgradeStatus(url, '/ingest', TOKENS.gauges)).toBe(401);
    expect(await upgradeStatus(url, '/ingest', 'tok-gauges-rotated')).toBe(101);

    const db = new Database(running.dbPath, { readonly: true });
    const stored = db
      .prepare(
        "SELECT msg_id FROM action_journal UNION ALL SELECT msg_id FROM journal WHERE token = 'gauges'",
      )
      .pluck()
      .all();
    db.close();
    expect(stored).toEqual(['still-on']);
    untouched.close();
  });
});
