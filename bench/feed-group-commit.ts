import type { ConfigIndex } from '../server/config-index.js';
import { checkMessage } from '../server/ingest/check-message.js';
import type { GroupCommit, ReplyChannel } from '../server/ingest/group-commit.js';
import type { MessageCheck } from '../server/ingest/ingest-writer.js';
import type { IngestMessage } from '../src/protocol/index.js';

/** The one token the storage benches send as: every station in scope, so no message is refused for scope. */
export const ALL_SOURCES = { token: 'all-sources', scope: { stations: '*' as const } };

/** As the collector checks: inside the writer, after the journal has ruled out a resend (batches by their parts). */
export function collectorCheck(index: ConfigIndex): MessageCheck {
  return (msg) => {
    if (msg.type !== 'batch') checkMessage(msg, { index, scope: ALL_SOURCES.scope, now: Date.now() });
  };
}

/**
 * Every message into the group commit straight (no sockets), flushed each `batch` messages and at the end:
 * the collector's storage path with the socket layer taken away.
 */
export function feedGroupCommit(
  commit: Pick<GroupCommit, 'submit' | 'flush'>,
  msgs: readonly IngestMessage[],
  bodies: readonly string[],
  options: { channel: ReplyChannel; check: MessageCheck; batch: number },
): void {
  msgs.forEach((msg, i) => {
    commit.submit({
      channel: options.channel,
      msg,
      body: bodies[i] as string,
      sender: ALL_SOURCES,
      receivedAt: Date.now(),
      check: options.check,
    });
    if ((i + 1) % options.batch === 0) commit.flush();
  });
  commit.flush();
}
