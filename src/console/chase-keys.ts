import type { WatchReply, WatchRequest } from '../client/pending-replies.js';
import type { ChaseRow } from '../state/selectors/callout.js';

/**
 * Keys of the chase prompt: `c` logs a call to its first row that reached them, `C` one that did not; either
 * settles that recipient (callout.phoned), and the next one moves up. Returns whether the key was the chase's.
 */
export function handleChaseKey(
  input: string,
  first: ChaseRow | undefined,
  ctx: { send(request: WatchRequest): Promise<WatchReply>; newId(): string },
): boolean {
  if (!first || (input !== 'c' && input !== 'C')) return false;
  void ctx
    .send({ type: 'callout.phoned', id: ctx.newId(), recipient: first.recipient, reached: input === 'c' })
    .catch(() => {});
  return true;
}
