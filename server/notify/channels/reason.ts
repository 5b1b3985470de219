// Reasons end up in the outbox, the log and the dead-letter alert on every console: they must be one short,
// readable line and must never carry a secret, even when a peer echoes one back (issue 16: never logged).

const MAX_REASON_CHARS = 300;
const MASK = '‹secret›';

/** One line of at most 300 characters, with every occurrence of a secret (plain or URL-encoded) masked. */
export function cleanReason(text: string, secrets: readonly string[] = []): string {
  let line = text;
  for (const secret of secrets) {
    // Masking a two-letter "secret" would shred the reason and protect nothing.
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) line = line.split(form).join(MASK);
  }
  line = line
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS - 1)}…` : line;
}

/** The abort reason of a channel's own per-attempt timeout (`timeoutMs` in its config). */
export class AttemptTimeout extends Error {
  override name = 'TimeoutError';
  readonly ms: number;
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.ms = ms;
  }
}

/** Why an attempt was given up: the channel's own timeout, another timeout, or the sender (shutdown). */
export function abandonedReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof AttemptTimeout) return reason.message;
  const name =
    typeof reason === 'object' && reason !== null ? (reason as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' ? 'no answer within the time allowed' : 'abandoned by the sender';
}
