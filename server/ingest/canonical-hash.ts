import { createHash } from 'node:crypto';
import type { IngestMessage } from '../../src/protocol/index.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The hash of what a message means, not how it was spelled: taken over the decoded message, whose objects zod
 * builds in schema order whatever the order of the keys sent, with defaults filled in and numbers as numbers
 * (`41.0` is `41`); the optional `v` is left out. A message stored alone and the same message inside a batch hash
 * alike (PROTOCOL.md §2, rule 6; issue 13; test/server/canonical-hash.test.ts holds zod to the order). Computed
 * only when a resend's text differs from what was stored, so the usual resend still costs one hash of its text.
 */
export function meaningHash(msg: IngestMessage): string {
  return sha256(JSON.stringify(withoutVersion(msg)));
}

function withoutVersion(msg: IngestMessage): IngestMessage {
  let plain = msg;
  if (plain.v !== undefined) {
    const { v: _version, ...rest } = plain;
    plain = rest as IngestMessage;
  }
  if (plain.type === 'batch' && plain.messages.some((m) => m.v !== undefined)) {
    plain = { ...plain, messages: plain.messages.map((m) => withoutVersion(m) as typeof m) };
  }
  return plain;
}
