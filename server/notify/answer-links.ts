import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Personal answer links (`/r/<token>`). A token is HMAC-SHA256(key, nonce) with a fresh 128-bit random nonce per
 * recipient; the database keeps the nonce and the token's SHA-256, never the token, and the key lives outside the
 * database — so a copy of the database alone cannot answer for anyone, and the outbox can still rebuild the link
 * for a retry after a crash.
 */
export type AnswerLinks = {
  /** A new nonce (hex) for a recipient, and the hash of the token it gives. */
  mint(): { nonce: string; tokenHash: string };
  token(nonce: string): string;
  /** SHA-256 of a token as the database keeps it. */
  hash(token: string): string;
  /** Compares a stored hash with the hash of a presented token in constant time. */
  matches(storedHash: string, token: string): boolean;
};

export function createAnswerLinks(key: Buffer): AnswerLinks {
  const token = (nonce: string) => createHmac('sha256', key).update(nonce).digest('base64url');
  const hash = (t: string) => createHash('sha256').update(t).digest('hex');
  return {
    mint() {
      const nonce = randomBytes(16).toString('hex');
      return { nonce, tokenHash: hash(token(nonce)) };
    },
    token,
    hash,
    matches(storedHash, presented) {
      const a = Buffer.from(storedHash, 'hex');
      const b = Buffer.from(hash(presented), 'hex');
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}

/** The link key beside the database (`<db>.link-key`, mode 0600), created at first start. */
export function loadOrCreateLinkKey(dbPath: string): Buffer {
  const path = `${dbPath}.link-key`;
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
    throw new Error(
      `${path} is not 64 hex digits; delete it to make a new one (open answer links stop working)`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}

/** A token as it may appear in a path: base64url of 32 bytes. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
