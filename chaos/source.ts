import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { SUBPROTOCOL } from '../src/protocol/index.js';

/** One message a source will send: its id and the exact text (a resend repeats it byte for byte). */
export type Outgoing = { id: string; frame: string };

/** Codes that mean "nothing was stored, send it again later"; every other error is final. */
export const RESEND_CODES: ReadonlySet<string> = new Set(['STORAGE_FULL', 'STORAGE_ERROR', 'SHUTTING_DOWN']);

export type SourceOptions = {
  token: string;
  /** Makes message number `n`. */
  make: (n: number) => Outgoing;
  /** Most messages sent and not yet answered. */
  window?: number;
  /** New messages per second while streaming. */
  ratePerSecond?: number;
  /** How long to wait before resending a message answered with a resend code. */
  resendAfterMs?: number;
  /** The ids of the messages inside a frame (a batch), which the journal keeps as messages of their own. */
  innerIds?: (frame: string) => string[];
};

type Reply = { type: string; id: string | null; code?: string; duplicate?: boolean };

/**
 * A well-behaved source, as PROTOCOL.md asks: every message stays in an outbox until it is acked or refused for
 * good; after a dropped connection it reconnects and resends what was unanswered, in order, with the same ids
 * and bodies; a STORAGE_FULL is resent after a pause. It records what the collector promised (acks).
 */
export class ChaosSource {
  /** Ids acked (first time or as duplicates). */
  readonly acked = new Set<string>();
  /** Ids of messages inside acked batches. */
  readonly ackedInner = new Set<string>();
  /** Acks marked `duplicate: true`. */
  duplicates = 0;
  /** Ids refused for good, with their code. */
  readonly refused = new Map<string, string>();
  /** Replies with a resend code (each resend counted). */
  resendReplies = 0;
  /** Every error code seen. */
  readonly codes = new Map<string, number>();
  /** Replies that could not be matched to a message (must stay 0). */
  strayReplies = 0;
  /** Connections opened. */
  connections = 0;

  private readonly outbox = new Map<string, string>();
  private readonly inFlight = new Set<string>();
  private ws: WebSocket | undefined;
  private url = '';
  private isStreaming = false;
  private isClosed = false;
  private next = 0;
  private budget = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly window: number;
  private readonly options: SourceOptions;

  constructor(options: SourceOptions) {
    this.options = options;
    this.window = options.window ?? 50;
    const rate = options.ratePerSecond ?? 100;
    // New messages are metered in 20 ms slices, so a source streams steadily instead of in bursts.
    this.timer = setInterval(() => {
      if (!this.isStreaming) return;
      this.budget = Math.min(rate, this.budget + rate / 50);
      this.pump();
    }, 20);
  }

  /** Messages not yet answered for good (waiting to be sent, in flight, or to be resent). */
  get unanswered(): number {
    return this.outbox.size;
  }

  /** Every id the collector promised to keep: acked messages and the messages inside acked batches. */
  promised(): Set<string> {
    return new Set([...this.acked, ...this.ackedInner]);
  }

  /** Messages made so far. */
  get made(): number {
    return this.next;
  }

  /** Whether a connection is open. */
  get isConnected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Opens a connection (retrying until `timeoutMs`) and resends everything unanswered, in order. */
  async connect(url: string, timeoutMs = 20_000): Promise<void> {
    this.url = url;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.open();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(100);
      }
    }
  }

  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.url}/ingest`, SUBPROTOCOL, {
        headers: { Authorization: `Bearer ${this.options.token}` },
      });
      ws.once('open', () => {
        this.ws = ws;
        this.connections += 1;
        this.inFlight.clear();
        for (const [id, frame] of this.outbox) this.send(id, frame);
        this.pump();
        resolve();
      });
      ws.once('error', reject);
      ws.on('message', (data) => this.onReply(JSON.parse(String(data)) as Reply));
      ws.on('close', () => {
        if (this.ws === ws) {
          this.ws = undefined;
          this.inFlight.clear();
        }
      });
    });
  }

  /** Starts making new messages. */
  stream(): void {
    this.isStreaming = true;
  }

  /** Stops making new messages (unanswered ones are still sent and resent). */
  pause(): void {
    this.isStreaming = false;
  }

  /** Resolves once every message made has been answered for good; false on timeout. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.outbox.size > 0) {
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
    return true;
  }

  /** Stops for good. */
  close(): void {
    this.isClosed = true;
    this.isStreaming = false;
    clearInterval(this.timer);
    this.ws?.close();
  }

  private send(id: string, frame: string): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.inFlight.has(id)) return;
    this.inFlight.add(id);
    ws.send(frame);
  }

  private pump(): void {
    while (this.isStreaming && !this.isClosed && this.inFlight.size < this.window && this.budget >= 1) {
      if (!this.isConnected) return;
      this.budget -= 1;
      const { id, frame } = this.options.make(this.next);
      this.next += 1;
      this.outbox.set(id, frame);
      this.send(id, frame);
    }
  }

  private onReply(reply: Reply): void {
    const id = reply.id;
    if (id === null || !this.outbox.has(id)) {
      this.strayReplies += 1;
      return;
    }
    this.inFlight.delete(id);
    if (reply.type === 'ack') {
      this.acked.add(id);
      for (const inner of this.options.innerIds?.(this.outbox.get(id) as string) ?? [])
        this.ackedInner.add(inner);
      if (reply.duplicate) this.duplicates += 1;
      this.outbox.delete(id);
    } else {
      const code = reply.code ?? 'NO_CODE';
      this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
      if (RESEND_CODES.has(code)) {
        this.resendReplies += 1;
        const frame = this.outbox.get(id) as string;
        setTimeout(() => this.send(id, frame), this.options.resendAfterMs ?? 250).unref();
      } else {
        this.refused.set(id, code);
        this.outbox.delete(id);
      }
    }
    this.pump();
  }
}
