import type { ServerMessage } from '../protocol/index.js';

/** Why a link is down beyond the network itself: the collector's snapshot is larger than this client takes. */
export type ConnectionProblem = 'snapshot_too_large';

/**
 * What a `/watch` link reports, stamped with the local time it happened (ms): every decoded frame and every
 * change of the link's health. The client owns this vocabulary; the watch state reduces it.
 */
export type WatchEvent =
  | { type: 'server'; msg: ServerMessage; at: number }
  | { type: 'conn.connecting'; at: number; attempt: number }
  | { type: 'conn.live'; at: number }
  | { type: 'conn.lost'; at: number; reason: string; problem?: ConnectionProblem | undefined }
  | { type: 'conn.offline'; at: number }
  | { type: 'conn.refused'; at: number; httpStatus: number; reason: string };

/** Where the picture fed by the link stands: what a resume asks from, and whether a gap was found. */
export type WatchPosition = {
  /** The collector run the picture comes from. */
  epoch: string | undefined;
  /** The last change applied. */
  seq: number | undefined;
  /** A delta could not be applied: the link resumes from `seq`. */
  needsResync: boolean;
};
