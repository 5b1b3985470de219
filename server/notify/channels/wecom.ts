import type { Channel, DeliveryOutcome, OutboundMessage } from '../channel.js';
import { describeEndpoint } from './http-post.js';
import { postToRobot } from './robot-answer.js';
import { mentionableMobile, robotText } from './robot-text.js';

/** WeCom caps a text message at 2048 bytes of UTF-8. */
const MAX_CONTENT_BYTES = 2048;
// -1 system busy; 45009 over the robot's rate (20 messages a minute); 45033 too many concurrent calls.
const TRANSIENT_CODES = new Set([-1, 45009, 45033]);

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
  const where = describeEndpoint(url);
  const secrets = [settings.key];
  return {
    name,
    kind: 'wecom',
    async send(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
      const mobile = mentionableMobile(message.recipient.mobile);
      const body = JSON.stringify({
        msgtype: 'text',
        text: {
          content: robotText(message, MAX_CONTENT_BYTES),
          ...(mobile ? { mentioned_mobile_list: [mobile] } : {}),
        },
      });
      return postToRobot(
        url,
        { body, signal, ca: settings.ca },
        {
          service: 'WeCom',
          where,
          codeFields: ['errcode'],
          messageFields: ['errmsg'],
          transientCodes: TRANSIENT_CODES,
          secrets,
        },
      );
    },
  };
}
