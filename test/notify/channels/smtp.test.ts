import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, DeliveryOutcome } from '../../../server/notify/channel.js';
import { createChannel } from '../../../server/notify/channels/index.js';
import { channelConfigSchema, type SecretRef } from '../../../src/protocol/index.js';
import { freePort } from '../../helpers/free-port.js';
import { parseMail } from '../../helpers/mail-parse.js';
import { never, outboundMessage } from '../../helpers/outbound-message.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../helpers/smtp-receiver.js';

const TLS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'tls');
const CA_FILE = join(TLS_DIR, 'localhost.crt');
const tls = { cert: readFileSync(CA_FILE), key: readFileSync(join(TLS_DIR, 'localhost.key')) };
const USER = 'duty-desk@county.example';
const PASSWORD = 'smtp-Pa55-w0rd-9c1e';
const secrets: Record<string, string> = { SMTP_USER: USER, SMTP_PASSWORD: PASSWORD };

/** A submission server that offers STARTTLS with the test certificate and checks the password. */
const submissionServer = (extra: Parameters<typeof startSmtpReceiver>[0] = {}) =>
  startSmtpReceiver({
    ...tls,
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
      else
        callback(
          Object.assign(new Error(`Authentication failed for ${auth.username}`), { responseCode: 535 }),
        );
    },
    ...extra,
  });

function smtpChannel(port: number, extra: Record<string, unknown> = {}, password = PASSWORD): Channel {
  const config = channelConfigSchema.parse({
    kind: 'smtp',
    host: '127.0.0.1',
    port,
    from: '县应急管理局值班室 <duty@county.example>',
    user: { env: 'SMTP_USER' },
    password: { env: 'SMTP_PASSWORD' },
    tls: { caFile: CA_FILE, servername: 'localhost' },
    ...extra,
  });
  const resolve = (ref: SecretRef) => {
    if (!('env' in ref)) return '';
    return ref.env === 'SMTP_PASSWORD' ? password : (secrets[ref.env] ?? '');
  };
  return createChannel('mail', config, resolve);
}

describe('SMTP channel', () => {
  let server: SmtpReceiver | undefined;
  let channel: Channel | undefined;
  afterEach(async () => {
    await channel?.close?.();
    await server?.close();
    channel = undefined;
    server = undefined;
  });
  const failureOf = (outcome: DeliveryOutcome) => {
    if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
    expect(outcome.reason).not.toContain(PASSWORD);
    return outcome;
  };

  it('sends a UTF-8 subject and body over STARTTLS with a login, the idempotency key as the Message-ID', async () => {
    server = await submissionServer();
    channel = smtpChannel(server.port);
    const message = outboundMessage();
    const outcome = await channel.send(message, never());

    expect(outcome).toMatchObject({ ok: true });
    const [mail] = server.mails;
    expect(mail).toMatchObject({ from: 'duty@county.example', to: ['zhang@example.test'], isSecure: true });
    expect(mail?.user).toBe(USER);
    const { headers, body } = parseMail(mail?.raw ?? '');
    expect(headers.get('subject')).toBe(message.title);
    expect(headers.get('from')).toBe('县应急管理局值班室 <duty@county.example>');
    expect(headers.get('message-id')).toBe('<co-7.r-3.d-12@county.example>');
    expect(headers.get('x-dutywatch-idempotency-key')).toBe('co-7.r-3.d-12');
    expect(headers.get('content-type')).toMatch(/charset=utf-8/i);
    expect(body).toContain(message.text);
    expect(body).toContain(message.link);
  });

  it('speaks TLS from the first byte when `secure` (port 465 style)', async () => {
    server = await submissionServer({ secure: true });
    channel = smtpChannel(server.port, { secure: true });
    expect(await channel.send(outboundMessage(), never())).toMatchObject({ ok: true });
    expect(server.mails[0]?.isSecure).toBe(true);
  });

  it('marks a drill in the subject and a header', async () => {
    server = await submissionServer();
    channel = smtpChannel(server.port);
    await channel.send(outboundMessage({ drill: true, title: '汛期演练：沙口站超保证' }), never());
    const { headers } = parseMail(server.mails[0]?.raw ?? '');
    expect(headers.get('subject')).toBe('【演练】汛期演练：沙口站超保证');
    expect(headers.get('x-dutywatch-drill')).toBe('yes');
  });

  it('sends to the fixed addresses when configured (a group mailbox), not the recipient', async () => {
    server = await submissionServer();
    channel = smtpChannel(server.port, { to: ['fxb@county.example'] });
    expect(await channel.send(outboundMessage(), never())).toMatchObject({ ok: true });
    expect(server.mails[0]?.to).toEqual(['fxb@county.example']);
  });

  it('refuses a recipient with no e-mail address, permanently, without connecting', async () => {
    channel = smtpChannel(await freePort());
    const outcome = failureOf(
      await channel.send(outboundMessage({ recipient: { name: '李村长' } }), never()),
    );
    expect(outcome).toEqual({ ok: false, permanent: true, reason: '李村长 has no e-mail address' });
  });

  it('reports a refused login (535) as permanent, without the password in the reason', async () => {
    server = await submissionServer();
    channel = smtpChannel(server.port, {}, 'not-the-password');
    const outcome = failureOf(await channel.send(outboundMessage(), never()));
    expect(outcome.permanent).toBe(true);
    expect(outcome.reason).toMatch(
      /^SMTP 127\.0\.0\.1:\d+: EAUTH after AUTH PLAIN: 535 Authentication failed for ‹secret›$/,
    );
    expect(server.mails).toHaveLength(0);
  });

  it('reports a rejected recipient: 550 permanent, 451 transient', async () => {
    let code = 550;
    server = await submissionServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: code }));
      },
    });
    channel = smtpChannel(server.port);
    const refused = failureOf(await channel.send(outboundMessage(), never()));
    expect(refused.permanent).toBe(true);
    expect(refused.reason).toMatch(/550 Mailbox unavailable/);

    code = 451;
    const later = failureOf(await channel.send(outboundMessage(), never()));
    expect(later.permanent).toBe(false);
    expect(later.reason).toMatch(/451 Mailbox unavailable/);
  });

  it('reports a server that is down as transient', async () => {
    const port = await freePort();
    channel = smtpChannel(port);
    const outcome = failureOf(await channel.send(outboundMessage(), never()));
    expect(outcome.permanent).toBe(false);
    expect(outcome.reason).toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('will not send in the clear when the server offers no STARTTLS and TLS is required', async () => {
    server = await submissionServer({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    channel = smtpChannel(server.port);
    const outcome = failureOf(await channel.send(outboundMessage(), never()));
    expect(outcome.reason).toMatch(/^SMTP 127\.0\.0\.1:\d+: ETLS after STARTTLS: 500 /);
    expect(server.mails).toHaveLength(0);
  });

  it('refuses a certificate it was not told to trust: transient, no mail sent', async () => {
    server = await submissionServer();
    channel = smtpChannel(server.port, { tls: {} });
    const outcome = failureOf(await channel.send(outboundMessage(), never()));
    expect(outcome.permanent).toBe(false);
    expect(outcome.reason).toMatch(/certificate/i);
    expect(server.mails).toHaveLength(0);
  });

  it('gives up when the sender aborts while the server holds the message: transient, no throw', async () => {
    server = await submissionServer({ stallData: true });
    channel = smtpChannel(server.port);
    const controller = new AbortController();
    void server.dataStarted().then(() => controller.abort());
    const outcome = failureOf(await channel.send(outboundMessage(), controller.signal));
    expect(outcome).toEqual({
      ok: false,
      permanent: false,
      reason: `SMTP 127.0.0.1:${server.port}: abandoned by the sender`,
    });
  });
});
