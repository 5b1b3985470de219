import { createHmac } from 'node:crypto';
import type { Channel } from '../channel.js';
import { describeEndpoint } from './http-post.js';
import type { RobotAnswers } from './robot-answer.js';
import { createRobotChannel } from './robot-channel.js';
import { mentionableMobile, robotText } from './robot-text.js';

const MAX_CONTENT_BYTES = 18_000;
const ANSWERS: RobotAnswers = {
  service: 'DingTalk',
  codeFields: ['errcode'],
  messageFields: ['errmsg'],
  // -1 system busy; 130101 and 410100: sending too fast (the robot's limit is 20 messages a minute).
  transientCodes: new Set([-1, 130101, 410100]),
};

export interface DingtalkSettings {
  /** The webhook address without its token, e.g. `https://oapi.dingtalk.com/robot/send`. */
  readonly url: string;
  readonly accessToken: string;
  /** The robot's 加签 secret (`SEC…`). */
  readonly secret: string;
  readonly ca?: Buffer;
}

/**
 * DingTalk's 加签: Base64 of HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`. The caller
 * URL-encodes it as a query parameter; DingTalk refuses a timestamp more than an hour from its clock.
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * A 钉钉 custom robot with a signed timestamp. The recipient is @-mentioned by mobile; DingTalk only
 * highlights a mention whose `@mobile` also appears in the text, so the text ends with it.
 */
export function createDingtalkChannel(name: string, settings: DingtalkSettings): Channel {
  const base = new URL(settings.url);
  return createRobotChannel(name, {
    kind: 'dingtalk',
    dialect: { ...ANSWERS, where: describeEndpoint(base), secrets: [settings.accessToken, settings.secret] },
    ca: settings.ca,
    request(message) {
      const mobile = mentionableMobile(message.recipient.mobile);
      const body = JSON.stringify({
        msgtype: 'text',
        text: { content: robotText(message, MAX_CONTENT_BYTES, mobile ? `\n@${mobile}` : '') },
        at: { atMobiles: mobile ? [mobile] : [], isAtAll: false },
      });
      // Signed per attempt: a retry an hour later needs a fresh timestamp.
      const timestamp = Date.now();
      const url = new URL(base);
      url.searchParams.set('access_token', settings.accessToken);
      url.searchParams.set('timestamp', String(timestamp));
      url.searchParams.set('sign', dingtalkSign(timestamp, settings.secret));
      return { url, body };
    },
  });
}
