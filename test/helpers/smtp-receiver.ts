import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

/** One mail as the server received it: the envelope, the raw RFC 5322 text and whether TLS was on. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
  readonly isSecure: boolean;
  readonly user: string | undefined;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly mails: ReceivedMail[];
  /** Resolves when a client starts sending DATA (to abort a send while the server holds it). */
  dataStarted(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on a loopback port that keeps every mail it accepts.
 * `options` are passed through: TLS key and certificate, auth handlers, a recipient check, a stalling DATA.
 */
export async function startSmtpReceiver(
  options: Partial<SMTPServerOptions> & { stallData?: boolean } = {},
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const dataWaiters: (() => void)[] = [];
  const { stallData, ...serverOptions } = options;
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    ...serverOptions,
    onData(stream, session: SMTPServerSession, callback) {
      for (const resolve of dataWaiters.splice(0)) resolve();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stallData) return;
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          isSecure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    dataStarted: () => new Promise((resolve) => dataWaiters.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
