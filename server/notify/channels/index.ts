// Placeholder until the `channels` branch lands with the WeCom, DingTalk, Feishu, SMTP and command adapters: on
// merge, take that branch's version of this file; it must build `webhook` channels with createWebhookChannel.
import type { ChannelConfig } from '../../../src/protocol/index.js';
import type { Channel } from '../channel.js';
import { createWebhookChannel } from './webhook.js';

/** Builds a channel from its config; `resolveSecret` reads a secret reference (and names the field if it cannot). */
export function createChannel(
  name: string,
  config: ChannelConfig,
  resolveSecret: (ref: ChannelConfig['secret'], field: string) => string,
): Channel {
  switch (config.kind) {
    case 'webhook':
      return createWebhookChannel(name, config, resolveSecret(config.secret, 'secret'));
  }
}
