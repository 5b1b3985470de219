import type { IngestReply } from '../client/ingest-client.js';
import { createIngestLink, type IngestLink } from '../client/ingest-link.js';
import { UpgradeRefusedError } from '../client/upgrade-refused.js';
import type { IngestMessage } from '../protocol/index.js';
import { type Scenario, shiftMessage } from './scenario.js';

export type ReplayProgress = {
  total: number;
  sent: number;
  acked: number;
  duplicates: number;
  errors: number;
  /** Scenario seconds reached. */
  scenarioT: number;
  state: 'connecting' | 'sending' | 'reconnecting' | 'done';
  reconnects: number;
  firstErrors: { id: string | null; code: string; message: string }[];
};

export type ReplayOptions = {
  url: string;
  token: string;
  scenario: Scenario;
  /** Scenario seconds per real second; Infinity sends as fast as the collector acks. */
  speed: number;
  /** The instant the scenario's start is moved to (timestamps are shifted by the same amount). */
  startAt: number;
  idPrefix?: string;
  /** Most messages sent but not yet answered. */
  window?: number;
  onProgress?: (progress: ReplayProgress) => void;
  signal?: AbortSignal;
  now?: () => number;
  /** Trusted CA for a wss:// collector with a private certificate. */
  ca?: Buffer;
  /** Gives up when the collector has been unreachable this long (default 5 minutes). */
  giveUpAfterMs?: number;
};

const MAX_BACKOFF_MS = 5000;
const GIVE_UP_AFTER_MS = 5 * 60_000;

/** The collector stayed unreachable: the replay stopped, with what it had got done. */
export class ReplayGaveUpError extends Error {
  override name = 'ReplayGaveUpError';
  readonly progress: ReplayProgress;
  constructor(message: string, progress: ReplayProgress) {
    super(message);
    this.progress = progress;
  }
}

/**
 * Feeds a scenario to a collector at a pace. Every message keeps a stable id, so after a reconnect the ones
 * not yet answered are simply sent again: the collector stores each (token, id) once.
 */
export function runReplay(options: ReplayOptions): Promise<ReplayProgress> {
  const now = options.now ?? Date.now;
  const window = options.window ?? 500;
  const shift = options.startAt - options.scenario.start;
  const steps = options.scenario.steps.map((s) => ({
    t: s.t,
    message: withPrefix(shiftMessage(s.message, shift), options.idPrefix),
  }));
  const progress: ReplayProgress = {
    total: steps.length,
    sent: 0,
    acked: 0,
    duplicates: 0,
    errors: 0,
    scenarioT: 0,
    state: 'connecting',
    reconnects: 0,
    firstErrors: [],
  };
  const inFlight = new Map<string, IngestMessage>();
  let next = 0;
  let link: IngestLink | undefined;
  let paceTimer: NodeJS.Timeout | undefined;
  const giveUpAfterMs = options.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
  const realStart = now();
  // The last moment the collector was heard from (connected, or answered): the give-up clock starts there.
  let lastContactAt = realStart;
  const dueAt = (t: number) => realStart + (Number.isFinite(options.speed) ? (t * 1000) / options.speed : 0);

  return new Promise((resolve, reject) => {
    const report = () => options.onProgress?.({ ...progress, firstErrors: [...progress.firstErrors] });
    const finish = () => {
      if (progress.state === 'done') return;
      progress.state = 'done';
      report();
      clearTimeout(paceTimer);
      void link?.close();
      resolve(progress);
    };
    const stop = (error: Error) => {
      progress.state = 'done';
      clearTimeout(paceTimer);
      void link?.close();
      reject(error);
    };

    const onReply = (reply: IngestReply) => {
      lastContactAt = now();
      if (reply.id !== null && !inFlight.delete(reply.id)) return;
      if (reply.type === 'ack') {
        progress.acked += 1;
        if (reply.duplicate) progress.duplicates += 1;
      } else {
        progress.errors += 1;
        if (progress.firstErrors.length < 20) {
          progress.firstErrors.push({ id: reply.id, code: reply.code, message: reply.message });
        }
      }
      if (next === steps.length && inFlight.size === 0) finish();
      else pump();
    };

    const pump = () => {
      clearTimeout(paceTimer);
      if (!link?.isConnected) return;
      while (next < steps.length && inFlight.size < window) {
        const step = steps[next];
        if (!step) break;
        const wait = dueAt(step.t) - now();
        if (wait > 0) {
          paceTimer = setTimeout(pump, Math.min(wait, 1000));
          break;
        }
        if (!link.send(JSON.stringify(step.message))) break;
        inFlight.set(step.message.id, step.message);
        progress.sent += 1;
        progress.scenarioT = step.t;
        next += 1;
      }
      report();
    };

    const start = () => {
      // The one ingest link every source uses (issue 18, item 9): its backoff, its typed refusal.
      link = createIngestLink({
        url: options.url,
        token: options.token,
        ...(options.ca ? { ca: options.ca } : {}),
        backoff: { initialMs: 250, maxMs: Math.min(MAX_BACKOFF_MS, giveUpAfterMs) },
        onOpen() {
          if (progress.state === 'done') return;
          lastContactAt = now();
          progress.state = 'sending';
          // Whatever was sent but never answered may or may not be stored: send it again, ids make it safe.
          for (const message of inFlight.values()) link?.send(JSON.stringify(message));
          pump();
        },
        onReply,
        onLost() {
          if (progress.state === 'done') return;
          clearTimeout(paceTimer);
          progress.state = 'reconnecting';
          progress.reconnects += 1;
          report();
        },
        onUnreachable(reason, error) {
          if (progress.state === 'done') return;
          if (error instanceof UpgradeRefusedError && error.isForGood) return stop(error);
          const silentMs = now() - lastContactAt;
          if (silentMs < giveUpAfterMs) return;
          const answered = progress.acked + progress.errors;
          stop(
            new ReplayGaveUpError(
              `gave up: the collector at ${options.url} has been unreachable for ${Math.round(silentMs / 1000)} s ` +
                `(last error: ${reason}); ${answered} of ${progress.total} messages answered. ` +
                'Run the same replay again to finish: ids are stable, so nothing is stored twice.',
              { ...progress },
            ),
          );
        },
      });
    };
    options.signal?.addEventListener('abort', finish, { once: true });
    if (steps.length === 0 || options.signal?.aborted) return finish();
    start();
  });
}

function withPrefix(message: IngestMessage, prefix: string | undefined): IngestMessage {
  if (!prefix) return message;
  if (message.type === 'batch') {
    return {
      ...message,
      id: prefix + message.id,
      messages: message.messages.map((m) => ({ ...m, id: prefix + m.id })),
    };
  }
  return { ...message, id: prefix + message.id };
}
