import { describe, expect, it } from 'vitest';
import { connectIngest, decodeIngestReply } from '../../src/client/ingest-client.js';
import { UpgradeRefusedError } from '../../src/client/upgrade-refused.js';
import { ack, encodeServerMessage, errorReply } from '../../src/protocol/index.js';
import { startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';

describe('decodeIngestReply (issue 18: replies decoded by the codec, not cast)', () => {
  it('reads an ack and an error the collector encoded', () => {
    expect(decodeIngestReply(Buffer.from(encodeServerMessage(ack('m-1', false))))).toEqual(ack('m-1', false));
    const refused = errorReply('m-2', 'INVALID_MESSAGE', 'level: expected a number', 'level');
    expect(decodeIngestReply(Buffer.from(encodeServerMessage(refused)))).toEqual(refused);
  });

  it('drops a frame that only looks like a reply, instead of handing it on as one', () => {
    // Cast unchecked, `{"type":"ack"}` resolved a send as acknowledged with no id and no protocol version.
    expect(decodeIngestReply(Buffer.from('{"type":"ack"}'))).toBeUndefined();
    expect(decodeIngestReply(Buffer.from('{"type":"error","id":"m-3"}'))).toBeUndefined();
    expect(decodeIngestReply(Buffer.from('not json'))).toBeUndefined();
  });
});

// Issue 18 item 9: a refusal is typed, with its HTTP status and the collector's reason, so a client (the replay)
// decides by the status instead of matching the message's text.
describe('connectIngest refused by a real collector', () => {
  it('rejects with UpgradeRefusedError carrying 401 and the reason; a viewer token on /ingest is refused for good too', async () => {
    const running = await startCollector();
    try {
      const wrong = await connectIngest(running.url, 'not-a-token').catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(UpgradeRefusedError);
      const refused = wrong as UpgradeRefusedError;
      expect(refused.httpStatus).toBe(401);
      expect(refused.isForGood).toBe(true);
      expect(refused.reason).not.toBe('');
      expect(refused.message).toContain('HTTP 401');
      const viewer = await connectIngest(running.url, TOKENS.viewer).catch((e: unknown) => e);
      expect(viewer).toBeInstanceOf(UpgradeRefusedError);
      expect((viewer as UpgradeRefusedError).isForGood).toBe(true);
    } finally {
      await running.stop();
    }
  });
});
