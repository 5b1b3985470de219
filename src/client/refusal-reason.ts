import type { IncomingMessage } from 'node:http';

const MAX_REASON_CHARS = 300;

/**
 * Reads the short text body with which the collector explains a refused upgrade ("a valid token is
 * required"), bounded so a misbehaving proxy cannot make us buffer a page.
 */
export function readRefusalReason(res: IncomingMessage, done: (text: string) => void): void {
  let text = '';
  let isDone = false;
  const finish = () => {
    if (isDone) return;
    isDone = true;
    done(text.trim().slice(0, MAX_REASON_CHARS));
  };
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    if (text.length < MAX_REASON_CHARS) text += chunk;
  });
  res.once('end', finish);
  res.once('error', finish);
  res.once('close', finish);
}
