import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { Channel, DeliveryOutcome, OutboundMessage } from '../channel.js';
import { abandonedReason, cleanReason } from './reason.js';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (465); otherwise STARTTLS. */
  readonly secure: boolean;
  readonly requireTLS: boolean;
  readonly from: string;
  /** Fixed addresses; without them, the recipient's own address. */
  readonly to?: readonly string[];
  readonly auth?: { readonly user: string; readonly password: string };
  readonly ca?: Buffer;
  readonly servername?: string;
  readonly maxConnections: number;
  /** Bounds each stage (connect, greeting, an idle socket) so a stuck server cannot hold a pooled slot. */
  readonly timeoutMs: number;
}

/** What nodemailer attaches to the errors it hands back (its `NodemailerError`). */
type MailError = Error & {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
};

// Failures with no SMTP reply that a retry cannot fix: bad credentials, no recipient, a malformed message.
const PERMANENT_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG']);

/**
 * E-mail over SMTP through a small nodemailer pool. Subject and body are UTF-8; the idempotency key is the
 * Message-ID, so a mail system that drops repeats drops a repeat sent after a crash.
 */
export function createSmtpChannel(name: string, settings: SmtpSettings): Channel {
  const where = `SMTP ${settings.host}:${settings.port}`;
  const secrets = settings.auth ? [settings.auth.user, settings.auth.password] : [];
  const transport = createTransport({
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTLS,
    maxConnections: settings.maxConnections,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.password } } : {}),
    tls: {
      minVersion: 'TLSv1.2',
      ...(settings.ca ? { ca: settings.ca } : {}),
      ...(settings.servername ? { servername: settings.servername } : {}),
    },
    // The message is ours, but nothing in it may make the library read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const domain = mailDomain(settings.from);

  return {
    name,
    kind: 'smtp',
    async send(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
      const to = settings.to ?? (message.recipient.email ? [message.recipient.email] : []);
      if (to.length === 0) {
        return { ok: false, permanent: true, reason: `${message.recipient.name} has no e-mail address` };
      }
      if (signal.aborted)
        return { ok: false, permanent: false, reason: `${where}: ${abandonedReason(signal)}` };
      const key = headerSafeKey(message.idempotencyKey);
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: [...to],
          subject: subjectOf(message),
          text: bodyOf(message),
          messageId: `<${key}@${domain}>`,
          headers: {
            'X-Dutywatch-Idempotency-Key': key,
            ...(message.drill ? { 'X-Dutywatch-Drill': 'yes' } : {}),
          },
          signal,
        });
        return { ok: true, detail: cleanReason(`${where}: ${info.response}`, secrets) };
      } catch (error) {
        return failureOf(error as MailError, where, signal, secrets);
      }
    },
    async close() {
      transport.close();
    },
  };
}

function failureOf(error: MailError, where: string, signal: AbortSignal, secrets: readonly string[]) {
  if (signal.aborted || error.name === 'AbortError') {
    return { ok: false as const, permanent: false, reason: `${where}: ${abandonedReason(signal)}` };
  }
  // RFC 5321: a 5yz reply is final, a 4yz one is "try later"; nodemailer reads the class for us.
  const permanent = error.permanent ?? PERMANENT_CODES.has(error.code ?? '');
  // "535 Authentication failed" alone does not say which step failed; the command does (AUTH PLAIN, STARTTLS).
  const step = error.command ? ` after ${error.command.split(' ').slice(0, 2).join(' ')}` : '';
  const text = error.response ?? error.message;
  return {
    ok: false as const,
    permanent,
    reason: cleanReason(`${where}: ${error.code ?? 'error'}${step}: ${text}`, secrets),
  };
}

function subjectOf(message: OutboundMessage): string {
  return message.drill && !message.title.startsWith('【演练】') ? `【演练】${message.title}` : message.title;
}

function bodyOf(message: OutboundMessage): string {
  const link = message.link && !message.text.includes(message.link) ? `\n\n${message.link}` : '';
  return `${message.text}${link}\n`;
}

/** The key itself when it is a safe Message-ID left part, else a digest of it (same key, same digest). */
function headerSafeKey(key: string): string {
  if (/^[A-Za-z0-9._-]{1,128}$/.test(key)) return key;
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 40);
}

function mailDomain(from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1];
  return domain ?? 'dutywatch.invalid';
}
