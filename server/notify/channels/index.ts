import { readFileSync } from 'node:fs';
import type { ChannelConfig, SecretRef } from '../../../src/protocol/index.js';
import type { Channel, DeliveryOutcome, OutboundMessage } from '../channel.js';
import { createCommandChannel } from './command.js';
import { createDingtalkChannel } from './dingtalk.js';
import { createFeishuChannel } from './feishu.js';
import { AttemptTimeout, cleanReason } from './reason.js';
import { createSmtpChannel } from './smtp.js';
import { createWebhookChannel } from './webhook.js';
import { createWecomChannel } from './wecom.js';

/** A channel's configuration cannot be used: the message names the config path, never a secret's value. */
export class ChannelConfigError extends Error {
  override name = 'ChannelConfigError';
}

/** Reads a secret; `path` is where the reference sits in the config, for the error message. */
export type SecretResolver = (ref: SecretRef, path: string) => string;

/**
 * Reads a secret from an environment variable or a file (one trailing newline dropped, as `echo` and most
 * secret stores leave one). A missing or empty secret stops the collector at start with the config path.
 */
export function resolveSecret(ref: SecretRef, path: string, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in ref) {
    const value = env[ref.env];
    if (!value) throw new ChannelConfigError(`${path}: environment variable ${ref.env} is not set`);
    return value;
  }
  let text: string;
  try {
    text = readFileSync(ref.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ChannelConfigError(`${path}: cannot read secret file ${ref.file} (${code})`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value) throw new ChannelConfigError(`${path}: secret file ${ref.file} is empty`);
  return value;
}

/**
 * Builds the adapter a channel's config names, with its secrets resolved now (so a missing one fails at start,
 * not at 3 a.m.). `at` is the channel's path in the config file. Each attempt is bounded by `timeoutMs`, and
 * an adapter's unexpected exception becomes a transient failure: the sender may rely on `send` not throwing.
 */
export function createChannel(
  name: string,
  config: ChannelConfig,
  resolve: SecretResolver = resolveSecret,
  at = `channels.${name}`,
): Channel {
  // Every secret this channel holds, so no reason it ever gives can carry one.
  const secrets: string[] = [];
  const secret: SecretResolver = (ref, path) => {
    const value = resolve(ref, path);
    secrets.push(value);
    return value;
  };
  const guarded = (channel: Channel, timeoutMs?: number) => guard(channel, secrets, timeoutMs);
  const ca = (file: string | undefined, path = `${at}.caFile`) => (file ? readCa(file, path) : {});
  switch (config.kind) {
    case 'wecom':
      return guarded(
        createWecomChannel(name, {
          url: config.url,
          key: secret(config.key, `${at}.key`),
          ...ca(config.caFile),
        }),
        config.timeoutMs,
      );
    case 'dingtalk':
      return guarded(
        createDingtalkChannel(name, {
          url: config.url,
          accessToken: secret(config.accessToken, `${at}.accessToken`),
          secret: secret(config.secret, `${at}.secret`),
          ...ca(config.caFile),
        }),
        config.timeoutMs,
      );
    case 'feishu':
      return guarded(
        createFeishuChannel(name, {
          url: config.url,
          hookId: secret(config.hookId, `${at}.hookId`),
          secret: secret(config.secret, `${at}.secret`),
          ...ca(config.caFile),
        }),
        config.timeoutMs,
      );
    case 'smtp': {
      const auth =
        config.user && config.password
          ? { user: secret(config.user, `${at}.user`), password: secret(config.password, `${at}.password`) }
          : undefined;
      return guarded(
        createSmtpChannel(name, {
          host: config.host,
          port: config.port ?? (config.secure ? 465 : 587),
          secure: config.secure,
          requireTLS: config.requireTLS,
          from: config.from,
          maxConnections: config.maxConnections,
          timeoutMs: config.timeoutMs,
          ...(config.to ? { to: config.to } : {}),
          ...(auth ? { auth } : {}),
          ...ca(config.tls.caFile, `${at}.tls.caFile`),
          ...(config.tls.servername ? { servername: config.tls.servername } : {}),
        }),
        config.timeoutMs,
      );
    }
    case 'command': {
      const env: Record<string, string> = { ...config.env };
      for (const [key, ref] of Object.entries(config.secretEnv))
        env[key] = secret(ref, `${at}.secretEnv.${key}`);
      const [program, ...args] = config.argv;
      if (program === undefined) throw new ChannelConfigError(`${at}.argv: names no program`);
      // The command channel enforces its own timeout, so its reason can say the program was stopped.
      return guarded(
        createCommandChannel(name, { argv: [program, ...args], timeoutMs: config.timeoutMs, env, secrets }),
      );
    }
    case 'webhook':
      return guarded(
        createWebhookChannel(
          name,
          config,
          secret(config.secret, `${at}.secret`),
          config.caFile ? readCa(config.caFile, `${at}.caFile`).ca : undefined,
        ),
        config.timeoutMs,
      );
  }
}

function readCa(file: string, path: string): { ca: Buffer } {
  try {
    return { ca: readFileSync(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ChannelConfigError(`${path}: cannot read ${file} (${code})`);
  }
}

/** Bounds every attempt by the channel's own timeout and turns a thrown exception into an outcome. */
function guard(channel: Channel, secrets: readonly string[], timeoutMs?: number): Channel {
  const close = channel.close?.bind(channel);
  return {
    name: channel.name,
    kind: channel.kind,
    async send(message, signal): Promise<DeliveryOutcome> {
      const attempt = new AbortController();
      const onAbort = () => attempt.abort(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => attempt.abort(new AttemptTimeout(timeoutMs)), timeoutMs);
      // A peer may echo the message back in its error text; the answer link's token must not reach a log.
      const hidden = [...secrets, ...answerTokens(message)];
      try {
        const outcome = await channel.send(message, attempt.signal);
        if (!outcome.ok) return { ...outcome, reason: cleanReason(outcome.reason, hidden) };
        return outcome.detail === undefined
          ? outcome
          : { ...outcome, detail: cleanReason(outcome.detail, hidden) };
      } catch (error) {
        return {
          ok: false,
          permanent: false,
          reason: cleanReason(`${channel.kind} failed: ${String(error)}`, hidden),
        };
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
    },
    ...(close ? { close } : {}),
  };
}

/** The recipient's personal answer link and its token (the last path segment): both are credentials. */
function answerTokens(message: OutboundMessage): string[] {
  if (!message.link) return [];
  const token = message.link.split('/').pop() ?? '';
  return token.length >= 8 ? [message.link, token] : [message.link];
}
