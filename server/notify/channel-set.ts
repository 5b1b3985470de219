import type { NotifySettings } from '../../src/protocol/index.js';
import type { Channel } from './channel.js';
import { createChannel, resolveSecret } from './channels/index.js';

/** The configured channels, built once per config (secrets read then: a missing one stops the start). */
export type ChannelSet = {
  get(name: string): Channel | undefined;
  /** The per-attempt timeout of a channel, ms. */
  timeoutMs(name: string): number;
  close(): Promise<void>;
};

const DEFAULT_TIMEOUT_MS = 10_000;

export function createChannelSet(notify: NotifySettings): ChannelSet {
  const channels = new Map<string, Channel>();
  const timeouts = new Map<string, number>();
  for (const [name, config] of Object.entries(notify.channels)) {
    channels.set(name, createChannel(name, config, resolveSecret, `notify.channels.${name}`));
    const timeout = (config as { timeoutMs?: number }).timeoutMs;
    timeouts.set(name, timeout ?? DEFAULT_TIMEOUT_MS);
  }
  return {
    get: (name) => channels.get(name),
    timeoutMs: (name) => timeouts.get(name) ?? DEFAULT_TIMEOUT_MS,
    async close() {
      await Promise.all([...channels.values()].map((c) => c.close?.().catch(() => {})));
    },
  };
}
