import type { WatchReply, WatchRequest } from '../client/pending-replies.js';
import type { ChaseRow } from '../state/selectors/callout.js';

/**
 * The chase prompt's commands (keys in the key map): logs a call to its first row, `reached` or not; either
 * settles that recipient (callout.phoned), and the next one moves up.
 */
export function phoneChase(
  first: ChaseRow,
  reached: boolean,
  ctx: { send(request: WatchRequest): Promise<WatchReply>; newId(): string },
): void {
  void ctx
    .send({ type: 'callout.phoned', id: ctx.newId(), recipient: first.recipient, reached })
    .catch(() => {});
}
