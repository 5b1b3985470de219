import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/protocol/index.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { g1Reading } from '../helpers/ingest-messages.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, replies, request, requestById, upgradeStatus } from '../helpers/ws-client.js';

const collectors = collectorsPerTest();

/**
 * A collector taking 50 messages a second from a source (bursts of 100), and a source that floods it with 400
 * readings at once until cut off (1008); resolves with the collector and every reply the flooder got.
 */
async function floodedUntilCutOff() {
  const input = testConfigInput();
  input.server = { rateLimitPerSecond: 50, rateLimitBurst: 100 };
  const running = await collectors.start({ config: configSchema.parse(input) });
  const flooder = await connect(running.url, '/ingest', TOKENS.source);
  const inbox = replies(flooder);
  const closed = new Promise<number>((resolve) => flooder.once('close', resolve));
  for (let i = 0; i < 400; i++) flooder.send(JSON.stringify(g1Reading(`f-${i}`)));
  expect(await closed).toBe(1008);
  return { running, inbox };
}

describe('rate limit', () => {
  it('refuses a source over its rate with RATE_LIMITED, cuts it off if it keeps pushing, and serves others', async () => {
    const { running, inbox } = await floodedUntilCutOff();
    const codes = inbox.received.map((r) => r.code ?? r.type);
    expect(codes.filter((c) => c === 'ack').length).toBeGreaterThanOrEqual(100);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(100);
    expect(inbox.received.find((r) => r.code === 'RATE_LIMITED')?.message).toMatch(/slow down/);

    const other = await connect(running.url, '/ingest', TOKENS.gauges);
    expect(await request(other, g1Reading('other-1'))).toMatchObject({ type: 'ack' });
    other.close();
  });
});

describe('reconnect after a cut-off (found by `npm run chaos -- floods`)', () => {
  it('holds the next connection of a token cut off for flooding for a second; other tokens get in at once', async () => {
    // Before, a flooder reconnecting at once cost a handshake (and on /watch a snapshot) every few milliseconds.
    const { running } = await floodedUntilCutOff();
    const cutAt = Date.now();
    const [again, other] = await Promise.all([
      connect(running.url, '/ingest', TOKENS.source).then((ws) => ({ ws, ms: Date.now() - cutAt })),
      connect(running.url, '/ingest', TOKENS.gauges).then((ws) => ({ ws, ms: Date.now() - cutAt })),
    ]);
    expect(again.ms).toBeGreaterThanOrEqual(800);
    expect(other.ms).toBeLessThan(500);
    // Once in, it is served as before.
    expect(await request(again.ws, g1Reading('after-cooldown'))).toMatchObject({ type: 'ack' });
    again.ws.close();
    other.ws.close();
  });
});

describe('action rate limit (found by `npm run chaos -- floods`)', () => {
  it('refuses a console over its action rate with RATE_LIMITED, cuts it off if it keeps pushing, and serves others', async () => {
    // Before the fix one console could queue tens of thousands of durable actions and starve ingest for a minute.
    const input = testConfigInput();
    input.server = { ...input.server, actionRateLimitPerSecond: 5, actionRateLimitBurst: 20 };
    const running = await collectors.start({ config: configSchema.parse(input) });
    const flooder = await connect(running.url, '/watch', TOKENS.officer);
    const answers: string[] = [];
    flooder.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; code?: string };
      if (msg.type === 'ack' || msg.type === 'error') answers.push(msg.code ?? msg.type);
    });
    const closed = new Promise<number>((resolve) => flooder.once('close', resolve));
    for (let i = 0; i < 300; i++) flooder.send(JSON.stringify({ type: 'note', id: `n-${i}`, text: 'flood' }));
    expect(await closed).toBe(1008);
    expect(answers.filter((a) => a === 'ack').length).toBeGreaterThanOrEqual(20);
    expect(answers.filter((a) => a === 'ack').length).toBeLessThan(30);
    expect(answers.filter((a) => a === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(100);

    // Another console is not affected by this one's limit.
    const other = await connect(running.url, '/watch', TOKENS.leader);
    expect(await requestById(other, { type: 'note', id: 'other-1', text: 'on watch' })).toMatchObject({
      type: 'ack',
    });
    other.close();
  });
});

describe('failed tokens', () => {
  it('answers the first few failures at once and makes repeated guessing from one address wait', async () => {
    const running = await collectors.start();
    for (let i = 0; i < 5; i++) expect(await upgradeStatus(running.url, '/ingest', `guess-${i}`)).toBe(401);
    const started = Date.now();
    for (let i = 5; i < 8; i++) expect(await upgradeStatus(running.url, '/ingest', `guess-${i}`)).toBe(401);
    // Delays of 100, 200 and 400 ms: a lower bound, which load can only make longer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    // A good token still gets in at once and clears the record.
    expect(await upgradeStatus(running.url, '/ingest', TOKENS.source)).toBe(101);
  });
});
