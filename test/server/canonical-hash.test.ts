import { describe, expect, it } from 'vitest';
import { meaningHash } from '../../server/ingest/canonical-hash.js';
import { decodeIngestMessage, type IngestMessage } from '../../src/protocol/index.js';

const decode = (frame: string): IngestMessage => {
  const decoded = decodeIngestMessage(frame, false);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value;
};

const AT = '2026-07-20T02:00:00+08:00';

describe('meaningHash', () => {
  it('hashes a message alike whatever its key order, number spelling, defaults and version field', () => {
    const hashes = [
      `{"type":"incident.report","id":"i","incident":"I","category":"natural","kind":"flood","title":"t","township":"T1","occurredAt":"${AT}","casualties":{"deaths":0,"missing":0,"seriousInjuries":0,"injuries":2,"trapped":0,"evacuated":40},"directLossYuan":1000}`,
      `{"v":1,"directLossYuan":1000.0,"casualties":{"evacuated":4e1,"trapped":0,"injuries":2,"seriousInjuries":0,"missing":0,"deaths":0},"occurredAt":"${AT}","township":"T1","title":"t","kind":"flood","category":"natural","incident":"I","id":"i","type":"incident.report","status":"open"}`,
    ].map((frame) => meaningHash(decode(frame)));
    expect(hashes[0]).toBe(hashes[1]);
  });

  it('hashes a message inside a batch as it hashes the message alone', () => {
    const alone = `{"type":"stock.movement","id":"m","warehouse":"W1","item":"TENT","kind":"in","quantity":41,"at":"${AT}","lot":{"batch":"L","expiresOn":"2027-01-01"}}`;
    const inner = `{"v":1,"lot":{"expiresOn":"2027-01-01","batch":"L"},"quantity":41.0,"at":"${AT}","kind":"in","item":"TENT","warehouse":"W1","id":"m","type":"stock.movement"}`;
    const batch = decode(`{"type":"batch","id":"b","messages":[${inner}]}`);
    if (batch.type !== 'batch') throw new Error('not a batch');
    expect(meaningHash(batch.messages[0] as IngestMessage)).toBe(meaningHash(decode(alone)));
  });

  it('tells apart messages that mean different things', () => {
    const a = decode(`{"type":"reading","id":"r","station":"G1","observedAt":"${AT}","level":41}`);
    const b = decode(`{"type":"reading","id":"r","station":"G1","observedAt":"${AT}","level":41.01}`);
    expect(meaningHash(a)).not.toBe(meaningHash(b));
  });
});
