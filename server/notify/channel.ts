// The one interface every outbound channel (WeCom, DingTalk, Feishu, SMTP, signed webhook, local command)
// speaks. The sender (outbox drainer) owns retries, backoff, timeouts' bookkeeping and dead letters; a channel
// only tries once and says how it went — so each adapter stays small and is tested against a real loopback peer.

/** What one delivery carries. Text is already free of control characters and already marked 【演练】 in drills. */
export interface OutboundMessage {
  /** The same on every retry of this delivery, so a receiver can drop a repeat (sent after a crash). */
  readonly idempotencyKey: string;
  /** One line: the warning in brief. */
  readonly title: string;
  /** The whole message, plain text, Chinese by default. */
  readonly text: string;
  /** The recipient's personal answer link, when the delivery asks for an answer. */
  readonly link?: string;
  readonly recipient: {
    readonly name: string;
    /** Mobile number, for WeCom/DingTalk @-mentions and SMS/voice gateways. */
    readonly mobile?: string;
    readonly email?: string;
  };
  readonly drill: boolean;
}

/**
 * How one attempt went. `permanent` failures (a refused signature, a malformed address) are not retried;
 * transient ones (peer down, HTTP 5xx, timeout, rate limit) are, until the sender's tries run out.
 */
export type DeliveryOutcome =
  | { readonly ok: true; readonly detail?: string }
  | { readonly ok: false; readonly permanent: boolean; readonly reason: string };

export type ChannelKind = 'wecom' | 'dingtalk' | 'feishu' | 'smtp' | 'webhook' | 'command';

export interface Channel {
  readonly name: string;
  readonly kind: ChannelKind;
  /**
   * One attempt. Never throws: every failure is an outcome. Gives up when `signal` aborts (the sender's
   * per-channel timeout) and answers a transient failure saying so.
   */
  send(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome>;
  /** Releases pooled connections (SMTP). */
  close?(): Promise<void>;
}
