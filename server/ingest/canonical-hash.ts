import { createHash } from 'node:crypto';
import type { IngestMessage } from '../../src/protocol/index.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The hash of what a message means, not how it was spelled: taken over the decoded message (defaults applied,
 * numbers as numbers, so `41.0` is `41`), keys sorted, without the optional `v`. A message stored alone and the
 * same message inside a batch hash alike, so a resend is recognised either way (PROTOCOL.md §2.6, issue 13).
 */
export function meaningHash(msg: IngestMessage): string {
  return sha256(canonicalJson(msg, true));
}

/**
 * The hashes dutywatch stored before it compared meanings: of the frame text as received (a message alone) or
 * of the decoded message re-serialised (inside a batch). A journal written then is still matched after an
 * upgrade; computed only when the meaning hash does not match, so it costs nothing on the usual path.
 */
export function legacyHashes(msg: IngestMessage, frameText: string | undefined): string[] {
  const hashes = [sha256(JSON.stringify(msg))];
  if (frameText !== undefined) hashes.push(sha256(frameText));
  return hashes;
}

// JSON with object keys in code-point order and undefined members left out, and no `v` on a message.
function canonicalJson(value: unknown, isMessage = false): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, isMessage)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || (isMessage && key === 'v')) continue;
    // A batch's `messages` are messages too; every other nested object is plain data.
    parts.push(`${JSON.stringify(key)}:${canonicalJson(member, key === 'messages')}`);
  }
  return `{${parts.join(',')}}`;
}
