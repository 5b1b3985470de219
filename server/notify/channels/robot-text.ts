import type { OutboundMessage } from '../channel.js';

/**
 * The text a group robot posts: the message, then the personal answer link on its own line. When the robot's
 * limit forces a cut, the message is shortened, never the link: the link is how the person answers.
 */
export function robotText(message: OutboundMessage, maxBytes: number, suffix = ''): string {
  const link = message.link && !message.text.includes(message.link) ? `\n${message.link}` : '';
  const tail = `${link}${suffix}`;
  const room = maxBytes - Buffer.byteLength(tail);
  if (Buffer.byteLength(message.text) <= room) return `${message.text}${tail}`;
  return `${truncateUtf8(message.text, room - Buffer.byteLength('…'))}…${tail}`;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut between characters. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * A mobile number as WeCom and DingTalk match it against their members (a mainland number without +86, or
 * digits with an optional +), or undefined when the recipient has none or it is not a number: a bad
 * @-mention must not cost the message.
 */
export function mentionableMobile(mobile: string | undefined): string | undefined {
  const compact = mobile?.replace(/[\s-]/g, '');
  if (!compact) return undefined;
  const mainland = /^(?:\+86|0086)(1\d{10})$/.exec(compact)?.[1];
  if (mainland) return mainland;
  return /^\+?\d{5,20}$/.test(compact) ? compact : undefined;
}
