import type WebSocket from 'ws';
import {
  type Ack,
  type Action,
  type ErrorReply,
  encodeClientMessage,
  type HistoryReply,
  type HistoryRequest,
  type WatchClientMessage,
} from '../protocol/index.js';

/** The collector's answer to an action sent on `/watch`. */
export type WatchReply = Ack | ErrorReply;

/** A console action for the collector (acknowledge, note, …), with a client-chosen `id` that its reply echoes. */
export type WatchRequest = Action;

/** The collector's answer to `history.get`: the station's whole history, or an error (an unknown station). */
export type HistoryAnswer = HistoryReply | ErrorReply;

type AnyReply = WatchReply | HistoryReply;
type Waiter = { resolve(reply: AnyReply): void; reject(error: Error): void };

/** Actions and reads sent and not yet answered, matched to their replies by id (the protocol's request/reply rule). */
export function createPendingReplies() {
  const waiting = new Map<string, Waiter>();
  function ask(ws: WebSocket, message: WatchClientMessage): Promise<AnyReply> {
    if (waiting.has(message.id)) {
      return Promise.reject(new Error(`a request with id ${message.id} is already waiting for its reply`));
    }
    return new Promise<AnyReply>((resolve, reject) => {
      waiting.set(message.id, { resolve, reject });
      ws.send(encodeClientMessage(message));
    });
  }
  return {
    /** Sends the action `message` on `ws` and resolves with the reply carrying its id. */
    request: (ws: WebSocket, message: WatchRequest) => ask(ws, message) as Promise<WatchReply>,
    /** Sends the read `message` on `ws` and resolves with the answer carrying its id. */
    read: (ws: WebSocket, message: HistoryRequest) => ask(ws, message) as Promise<HistoryAnswer>,
    /** Hands a reply to whoever waits for it; false when nobody does (an `error` with id null, or a late reply). */
    settle(reply: AnyReply): boolean {
      const waiter = reply.id === null ? undefined : waiting.get(reply.id);
      if (!waiter || reply.id === null) return false;
      waiting.delete(reply.id);
      waiter.resolve(reply);
      return true;
    },
    /**
     * Rejects every waiting request. A reply can only come on the socket the request went out on, so after a
     * drop the caller must decide whether to resend (ids make a resend safe).
     */
    rejectAll(reason: string): void {
      const waiters = [...waiting.values()];
      waiting.clear();
      for (const waiter of waiters) {
        waiter.reject(new Error(`the link to the collector dropped before a reply (${reason})`));
      }
    },
  };
}
