import { createHmac } from 'node:crypto';
import type { Channel } from '../channel.js';
import { describeEndpoint } from './http-post.js';
import type { RobotAnswers } from './robot-answer.js';
import { createRobotChannel } from './robot-channel.js';
import { robotText } from './robot-text.js';

/** Feishu refuses request bodies over 20 KB; the text leaves room for the JSON around it. */
const MAX_CONTENT_BYTES = 18_000;
const ANSWERS: RobotAnswers = {
  service: 'Feishu',
  // Older bot endpoints answer `StatusCode`/`StatusMessage` instead of `code`/`msg`.
  codeFields: ['code', 'StatusCode'],
  messageFields: ['msg', 'StatusMessage'],
  // 11232: sending too frequently (a custom bot may send 100 messages a minute, 5 a second).
  transientCodes: new Set([11232]),
};

export interface FeishuSettings {
  /** The hook prefix, e.g. `https://open.feishu.cn/open-apis/bot/v2/hook/`. */
  readonly url: string;
  /** The last path segment of the bot's webhook address. */
  readonly hookId: string;
  readonly secret: string;
  readonly ca?: Buffer;
}

/**
 * Feishu's signature: Base64 of HMAC-SHA256 keyed with `timestamp + "\n" + secret` over an EMPTY message
 * (the reverse of DingTalk's); the timestamp is in seconds and must be within an hour of Feishu's clock.
 */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/**
 * A 飞书 / Lark custom bot with signature verification. Custom bots can only @-mention by Feishu user id,
 * which the county's people list does not hold, so the message is posted without a mention.
 */
export function createFeishuChannel(name: string, settings: FeishuSettings): Channel {
  const prefix = settings.url.endsWith('/') ? settings.url : `${settings.url}/`;
  const url = new URL(encodeURIComponent(settings.hookId), prefix);
  return createRobotChannel(name, {
    kind: 'feishu',
    dialect: { ...ANSWERS, where: describeEndpoint(url), secrets: [settings.hookId, settings.secret] },
    ca: settings.ca,
    request(message) {
      const timestamp = Math.floor(Date.now() / 1000);
      const body = JSON.stringify({
        timestamp: String(timestamp),
        sign: feishuSign(timestamp, settings.secret),
        msg_type: 'text',
        content: { text: robotText(message, MAX_CONTENT_BYTES) },
      });
      return { url, body };
    },
  });
}
