import { z } from 'zod';

// Minimal until the `channels` branch lands: only the generic signed webhook. That branch adds the WeCom,
// DingTalk, Feishu, SMTP and command variants to `channelConfigSchema` below (and nothing else here).

/** Where a secret lives: an environment variable or a file (never inline in the config, never logged). */
export const secretRefSchema = z.union([
  z.strictObject({
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
  }),
  z.strictObject({ file: z.string().min(1).max(4096) }),
]);
export type SecretRef = z.infer<typeof secretRefSchema>;

/** Outbound requests give up after this long unless a channel says otherwise. */
const timeoutMs = z.int().min(100).max(120_000).default(10_000);

/** A generic HTTPS webhook with an HMAC-SHA256 signature: for whatever SMS or voice gateway the county has. */
export const webhookChannelSchema = z.strictObject({
  kind: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  /** The HMAC key; the signature header is `X-Dutywatch-Signature: sha256=<hex HMAC of the raw body>`. */
  secret: secretRefSchema,
  timeoutMs,
});
export type WebhookChannelConfig = z.infer<typeof webhookChannelSchema>;

/** One configured channel, by kind. */
export const channelConfigSchema = z.discriminatedUnion('kind', [webhookChannelSchema]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
