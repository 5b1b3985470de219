import { describe, expect, it } from 'vitest';
import { decodeIngestReply } from '../../src/client/ingest-client.js';
import { ack, encodeServerMessage, errorReply } from '../../src/protocol/index.js';

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
