import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { errorFields, type Logger } from '../../src/log/logger.js';
import {
  decodeIngestMessage,
  encodeServerMessage,
  errorReply,
  frameText,
  type IngestMessage,
} from '../../src/protocol/index.js';
import type { Principal } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { ConfigIndex } from '../config-index.js';
import { checkMessage } from './check-message.js';
import { createFloodCutOff } from './flood-cut-off.js';
import type { GroupCommit, ReplyChannel } from './group-commit.js';
import type { RateLimiter } from './rate-limit.js';

export type IngestDeps = {
  /** Per-token rate limit; real time, because it protects the collector's real capacity. */
  limiter: RateLimiter;
  /** Called for every frame: a source that sends anything is alive. */
  onMessage?: () => void;
  index: () => ConfigIndex;
  clock: Clock;
  commit: GroupCommit;
  isShuttingDown: () => boolean;
  logger: Logger;
  onFrame?: (type: string, outcome: string) => void;
  /** Called when the source is cut off for ignoring its rate limit. */
  onCutOff?: () => void;
};

/** A reply channel over a ws socket; corking the TCP socket turns a batch of acks into one write. */
export function socketChannel(ws: WebSocket): ReplyChannel {
  // ws exposes no cork of its own; its underlying net.Socket is the documented way to coalesce writes.
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  return {
    send(reply) {
      if (ws.readyState === ws.OPEN) ws.send(encodeServerMessage(reply));
    },
    cork: () => socket?.cork(),
    uncork: () => socket?.uncork(),
  };
}

/** Serves one source on `/ingest`: decode, check, queue for group commit; every frame gets exactly one reply. */
export function handleIngestConnection(ws: WebSocket, principal: Principal, deps: IngestDeps): void {
  const channel = socketChannel(ws);
  const sender = { token: principal.name, scope: principal.scope };
  const check = (msg: IngestMessage) => {
    const index = deps.index();
    const now = deps.clock.now();
    if (msg.type !== 'batch') {
      checkMessage(msg, { index, scope: sender.scope, now });
      return;
    }
    msg.messages.forEach((inner, i) => {
      checkMessage(inner, { index, scope: sender.scope, now, pathPrefix: `messages[${i}].` });
    });
  };
  const flood = createFloodCutOff(ws, () => deps.onCutOff?.());
  ws.on('message', (data, isBinary) => {
    // Frames that arrive after the collector began closing the connection (token revoked, rate limit, shutdown)
    // are not acted on: their reply could not be sent, and a revoked token must not store anything more.
    if (flood.isCutOff || ws.readyState !== ws.OPEN) return;
    deps.onMessage?.();
    try {
      // The text as received is what the journal keeps, and what a resend must repeat byte for byte.
      const body = isBinary ? undefined : frameText(data as Buffer);
      const decoded = decodeIngestMessage(body ?? (data as Buffer), isBinary);
      if (!decoded.ok) {
        deps.commit.submit({
          channel,
          reply: errorReply(decoded.id, decoded.code, decoded.message, decoded.path),
        });
        return;
      }
      const msg = decoded.value;
      const count = msg.type === 'batch' ? msg.messages.length : 1;
      if (!deps.limiter.take(principal.name, count, Date.now())) {
        const text =
          'this source is sending faster than its rate limit; slow down and resend what was refused';
        deps.commit.submit({ channel, reply: errorReply(msg.id, 'RATE_LIMITED', text) });
        flood.refused();
        return;
      }
      flood.passed();
      if (deps.isShuttingDown()) {
        const text = 'the collector is shutting down; resend after it is back';
        deps.commit.submit({ channel, reply: errorReply(msg.id, 'SHUTTING_DOWN', text) });
        return;
      }
      deps.commit.submit({ channel, msg, body: body as string, sender, receivedAt: deps.clock.now(), check });
    } catch (error) {
      // A bug here must cost one message, not the collector: answer, log, carry on.
      deps.logger.error('ingest.internal_error', { token: principal.name, ...errorFields(error) });
      channel.send(errorReply(null, 'INTERNAL', 'the collector failed on this message; nothing was stored'));
    }
  });
}
