import type { Channel } from '../channel.js';
import { describeEndpoint } from './http-post.js';
import type { RobotAnswers } from './robot-answer.js';
import { createRobotChannel } from './robot-channel.js';
import { mentionableMobile, robotText } from './robot-text.js';

/** WeCom caps a text message at 2048 bytes of UTF-8. */
const MAX_CONTENT_BYTES = 2048;
const ANSWERS: RobotAnswers = {
  service: 'WeCom',
  codeFields: ['errcode'],
  messageFields: ['errmsg'],
  // -1 system busy; 45009 over the robot's rate (20 messages a minute); 45033 too many concurrent calls.
  transientCodes: new Set([-1, 45009, 45033]),
};

export interface WecomSettings {
  /** The webhook address without its key, e.g. `https://qyapi.weixin.qq.com/cgi-bin/webhook/send`. */
  readonly url: string;
  readonly key: string;
  readonly ca?: Buffer;
}

/**
 * A 企业微信 group robot: posts the message as text to the group and @-mentions the recipient by mobile
 * number, so their phone rings with a mention rather than a muted group message.
 */
export function createWecomChannel(name: string, settings: WecomSettings): Channel {
  const url = new URL(settings.url);
  url.searchParams.set('key', settings.key);
  return createRobotChannel(name, {
    kind: 'wecom',
    dialect: { ...ANSWERS, where: describeEndpoint(url), secrets: [settings.key] },
    ca: settings.ca,
    request(message) {
      const mobile = mentionableMobile(message.recipient.mobile);
      const body = JSON.stringify({
        msgtype: 'text',
        text: {
          content: robotText(message, MAX_CONTENT_BYTES),
          ...(mobile ? { mentioned_mobile_list: [mobile] } : {}),
        },
      });
      return { url, body };
    },
  });
}
