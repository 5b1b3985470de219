import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role, Scope, Token } from '../../src/protocol/index.js';

/** Who a presented token belongs to. */
export type Principal = { name: string; role: Role; person: string | undefined; scope: Scope | undefined };

const FULL_SCOPE: Scope = { stations: '*', warehouses: '*', townships: '*', capSenders: '*' };

/** `sha256:<hex>` of a token, the only form in which tokens are stored. */
export function hashToken(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

/** A fresh token (256 random bits, URL-safe) and the hash to paste into the config. */
export function newToken(): { token: string; hash: string } {
  const token = `dw_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/**
 * Resolves presented tokens against the configured hashes. Every configured hash is compared, in constant
 * time, whatever matches first, so response timing says nothing about which tokens exist.
 */
/** The principal a presented token stands for, or undefined (unknown, revoked, or no token at all). */
export type TokenResolver = (presented: string | undefined) => Principal | undefined;

export function createTokenResolver(tokens: readonly Token[]): TokenResolver {
  const entries = tokens.map((t) => ({
    token: t,
    digest: Buffer.from(t.hash.slice('sha256:'.length), 'hex'),
  }));
  return (presented: string | undefined): Principal | undefined => {
    if (presented === undefined || presented.length === 0 || presented.length > 512) return undefined;
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let match: Token | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(entry.digest, digest) && !entry.token.revoked) match = entry.token;
    }
    if (!match) return undefined;
    return {
      name: match.name,
      role: match.role,
      person: match.person,
      // Admins may act for the whole county; other roles only within their configured scope.
      scope: match.role === 'admin' ? FULL_SCOPE : match.scope,
    };
  };
}

/** Reads the token from `Authorization: Bearer …`, or from `?token=` for clients that cannot set headers. */
export function presentedToken(authorization: string | undefined, url: URL): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (bearer) return bearer[1];
  return url.searchParams.get('token') ?? undefined;
}

/**
 * What a token's config entry grants, as a string that changes exactly when its rights change: its secret,
 * role, person, scope or revocation (not, say, its expected heartbeat). Undefined once the token is gone.
 */
export function tokenGrant(tokens: readonly Token[], name: string): string | undefined {
  const t = tokens.find((entry) => entry.name === name);
  if (!t || t.revoked) return undefined;
  return JSON.stringify([t.hash, t.role, t.person ?? null, t.scope ?? null]);
}
