import { z } from 'zod';

/**
 * Where a secret is read from: an environment variable or a file (e.g. a systemd credential or a Docker
 * secret). Never the secret itself: a config file is copied, mailed and committed; a secret must not travel
 * with it (issue 16).
 */
export const secretRefSchema = z.union(
  [
    z.strictObject({
      env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
    }),
    z.strictObject({ file: z.string().min(1).max(4096) }),
  ],
  { error: 'must be {"env": NAME} or {"file": PATH}: secrets are never written in the config' },
);
export type SecretRef = z.infer<typeof secretRefSchema>;

// Credentials travel as separate secrets, so a URL can be shown in the config, the docs and the logs.
const CREDENTIAL_PARAMS = ['key', 'access_token', 'token', 'sign', 'secret'];

/** An http(s) URL without credentials in it: user:password@ or a token-like query parameter. */
const endpointSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048)
  .superRefine((text, ctx) => {
    const url = new URL(text);
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'may not carry a user or password: use the secret fields' });
    }
    const inline = CREDENTIAL_PARAMS.find((p) => url.searchParams.has(p));
    if (inline) {
      ctx.addIssue({
        code: 'custom',
        message: `may not carry "${inline}" in its query: put it in a secret field`,
      });
    }
  });

/** How long one attempt may take before it is abandoned as a transient failure (the sender retries). */
const timeoutMsSchema = (fallback: number) => z.int().min(100).max(600_000).default(fallback);

/** A PEM file of extra certificate authorities to trust (a private deployment's own CA). */
const caFileSchema = z.string().min(1).max(4096).optional();

/** 企业微信 group robot: `POST {url}?key=KEY`. */
export const wecomChannelSchema = z.strictObject({
  kind: z.literal('wecom'),
  url: endpointSchema.default('https://qyapi.weixin.qq.com/cgi-bin/webhook/send'),
  key: secretRefSchema,
  timeoutMs: timeoutMsSchema(10_000),
  caFile: caFileSchema,
});

/** 钉钉 custom robot with 加签: `POST {url}?access_token=…&timestamp=…&sign=…`. */
export const dingtalkChannelSchema = z.strictObject({
  kind: z.literal('dingtalk'),
  url: endpointSchema.default('https://oapi.dingtalk.com/robot/send'),
  accessToken: secretRefSchema,
  /** The robot's 加签 secret (`SEC…`); required, so a leaked access token alone cannot post. */
  secret: secretRefSchema,
  timeoutMs: timeoutMsSchema(10_000),
  caFile: caFileSchema,
});

/** 飞书 / Lark custom bot with signature: `POST {url}{hookId}`, timestamp and sign in the body. */
export const feishuChannelSchema = z.strictObject({
  kind: z.literal('feishu'),
  /** The hook prefix; Lark (international) is `https://open.larksuite.com/open-apis/bot/v2/hook/`. */
  url: endpointSchema.default('https://open.feishu.cn/open-apis/bot/v2/hook/'),
  /** The last path segment of the bot's webhook address: it is itself a credential. */
  hookId: secretRefSchema,
  secret: secretRefSchema,
  timeoutMs: timeoutMsSchema(10_000),
  caFile: caFileSchema,
});

/** `duty@county.example` or `县应急管理局值班室 <duty@county.example>`. */
const mailboxSchema = z
  .string()
  .max(320)
  .regex(
    /^(?:[^\s<>@]+@[^\s<>@]+|[^<>]*<[^\s<>@]+@[^\s<>@]+>)$/,
    'must be an e-mail address, e.g. 值班室 <duty@county.example>',
  );

/** E-mail over SMTP (nodemailer). */
export const smtpChannelSchema = z
  .strictObject({
    kind: z.literal('smtp'),
    host: z.string().min(1).max(253),
    /** 465 with `secure`, else 587 (submission with STARTTLS). */
    port: z.int().min(1).max(65_535).optional(),
    /** TLS from the first byte (port 465); otherwise STARTTLS. */
    secure: z.boolean().default(false),
    /** Refuse to send over a connection that did not upgrade with STARTTLS. Off only for a local relay. */
    requireTLS: z.boolean().default(true),
    /** The sender, e.g. `县应急管理局值班室 <duty@example.gov.cn>`. */
    from: mailboxSchema,
    /** Fixed addresses (a group mailbox); without them the mail goes to the recipient's own address. */
    to: z.array(mailboxSchema).min(1).max(100).optional(),
    user: secretRefSchema.optional(),
    password: secretRefSchema.optional(),
    tls: z
      .strictObject({
        caFile: caFileSchema,
        /** The name the server's certificate must carry, when `host` is an address. */
        servername: z.string().min(1).max(253).optional(),
      })
      .default({}),
    maxConnections: z.int().min(1).max(20).default(2),
    timeoutMs: timeoutMsSchema(30_000),
  })
  .superRefine((c, ctx) => {
    if ((c.user === undefined) !== (c.password === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.user === undefined ? 'user' : 'password'],
        message: 'user and password go together',
      });
    }
  });

/** A local program (e.g. a GSM modem's SMS tool) run without a shell, the message as JSON on stdin. */
export const commandChannelSchema = z.strictObject({
  kind: z.literal('command'),
  /** The program and its arguments; an absolute path is safest (no PATH lookup). */
  argv: z.array(z.string().min(1).max(4096)).min(1).max(64),
  timeoutMs: timeoutMsSchema(30_000),
  /** Extra environment for the program; it inherits only PATH, HOME, LANG, LC_ALL and TZ otherwise. */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4096)).default({}),
  /** Environment variables the program needs that hold secrets (a gateway's password). */
  secretEnv: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), secretRefSchema).default({}),
});

/** A generic HTTPS webhook, the body signed with HMAC-SHA256 (for an SMS or voice gateway). */
export const webhookChannelSchema = z.strictObject({
  kind: z.literal('webhook'),
  url: endpointSchema,
  secret: secretRefSchema,
  timeoutMs: timeoutMsSchema(10_000),
  caFile: caFileSchema,
});

/** One configured outbound channel; `kind` picks the adapter in `server/notify/channels/`. */
export const channelConfigSchema = z.discriminatedUnion('kind', [
  wecomChannelSchema,
  dingtalkChannelSchema,
  feishuChannelSchema,
  smtpChannelSchema,
  commandChannelSchema,
  webhookChannelSchema,
]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
export type ChannelConfigInput = z.input<typeof channelConfigSchema>;
export type WecomChannelConfig = z.infer<typeof wecomChannelSchema>;
export type DingtalkChannelConfig = z.infer<typeof dingtalkChannelSchema>;
export type FeishuChannelConfig = z.infer<typeof feishuChannelSchema>;
export type SmtpChannelConfig = z.infer<typeof smtpChannelSchema>;
export type CommandChannelConfig = z.infer<typeof commandChannelSchema>;
export type WebhookChannelConfig = z.infer<typeof webhookChannelSchema>;
