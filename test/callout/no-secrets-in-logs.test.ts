import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCollectorProcess } from '../helpers/collector-process.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, requestById } from '../helpers/ws-client.js';
import { postToLink } from './answer-link.js';
import { calloutConfigInput, SECRET, SECRET_ENV } from './callout-config.js';
import { calloutProcessPerTest } from './callout-process-per-test.js';

const perTest = calloutProcessPerTest('dutywatch-no-secrets-');

describe('secrets and answer tokens', () => {
  it('appear in no log line and, for tokens, nowhere in the database', async () => {
    const { receiver, configPath, dbPath } = await perTest.prepare((url) => calloutConfigInput(url));
    // The first try of each fails, so the failure path logs too.
    const failedOnce = new Set<string>();
    receiver.behave((r) => {
      if (failedOnce.has(r.key)) return { status: 200 };
      failedOnce.add(r.key);
      return { status: 500 };
    });
    const collector = await startCollectorProcess(configPath, dbPath, [], { [SECRET_ENV]: SECRET });
    try {
      const ws = await connect(collector.url, '/watch', TOKENS.officer);
      const reply = await requestById(ws, {
        type: 'callout.start',
        id: 'c1',
        station: 'G1',
        message: '汝河大桥超保证',
      });
      expect(reply.type).toBe('ack');
      const r = receiver;
      await r.until(() => r.counts().size === 5 && [...r.counts().values()].every((n) => n === 2));
      const links = [...new Set(r.received.map((x) => x.body.link as string))];
      expect(links).toHaveLength(5);
      expect(await postToLink(links[0] as string, 'answer=received')).toBe(200);
      // A wrong token, and a spent one.
      expect(await postToLink(`${(links[0] as string).slice(0, -5)}AAAAA`, 'answer=received')).toBe(404);
      expect(await postToLink(links[0] as string, 'answer=received')).toBe(404);
      ws.close();
    } finally {
      collector.child.kill('SIGTERM');
      await collector.exited;
    }
    const log = collector.log();
    expect(log).toContain('notify.delivery_failed');
    const tokens = receiver.received.map((x) => (x.body.link as string).split('/r/')[1] as string);
    const linkKey = readFileSync(`${dbPath}.link-key`, 'utf8').trim();
    for (const secret of [SECRET, linkKey, ...tokens, ...Object.values(TOKENS)]) {
      expect(log).not.toContain(secret);
    }
    const database = Buffer.concat([readFileSync(dbPath), readFileSync(`${dbPath}-wal`, { flag: 'a+' })]);
    for (const token of tokens) expect(database.includes(Buffer.from(token))).toBe(false);
    expect(database.includes(Buffer.from(SECRET))).toBe(false);
  }, 120_000);
});
