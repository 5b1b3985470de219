import { z } from 'zod';
import { ACTION_TYPES, type Action, actionSchema } from './action-messages.js';
import { type Config, configSchema } from './config.js';
import { PROTOCOL_VERSION } from './constants.js';
import type { ErrorCode } from './errors.js';
import { INGEST_TYPES, type IngestMessage, ingestMessageSchema } from './ingest-messages.js';
import { messageIdSchema } from './primitives.js';
import { acceptReading } from './reading-fast-path.js';
import { type Ack, ackSchema, type ErrorReply, errorReplySchema } from './replies.js';
import { type WatchServerMessage, watchServerMessageSchema } from './watch-messages.js';
import {
  type HistoryReply,
  type HistoryRequest,
  historyReplySchema,
  historyRequestSchema,
} from './watch-requests.js';

/** The outcome of decoding: a value, or a stable code with a message a person can act on. Never a throw. */
export type Decoded<T> =
  | { ok: true; value: T }
  | { ok: false; code: ErrorCode; message: string; id: string | null; path?: string };

/** Formats a zod path as people write it: `stations[2].warningLevel`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The first issue of a failed parse, as `path: message`, with the path alone for machines. */
export function describeFirstIssue(error: z.ZodError): { message: string; path: string } {
  const issue = error.issues[0];
  if (!issue) return { message: 'invalid', path: '' };
  let path = issue.path;
  let text = issue.message;
  // An unrecognized key is reported on its parent; name the key itself so the reader can find it.
  if (issue.code === 'unrecognized_keys') {
    path = [...issue.path, issue.keys[0] ?? ''];
    text = issue.keys.length > 1 ? `unknown fields ${issue.keys.join(', ')}` : 'unknown field';
  }
  text = text
    .replace(/^Invalid input: /, '')
    .replace(/^expected (\w+), received undefined$/, 'required ($1)');
  const where = formatPath(path);
  return { message: where === '' ? text : `${where}: ${text}`, path: where };
}

/** Parses JSON without throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Turns a frame's bytes into text, refusing invalid UTF-8 rather than guessing. */
export function frameText(data: string | Buffer | ArrayBuffer | Buffer[]): string | undefined {
  if (typeof data === 'string') return data;
  try {
    if (Array.isArray(data)) return utf8.decode(Buffer.concat(data));
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

// Echo the sender's id in an error only when it is a well-formed id; anything else could be abuse.
function readId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const parsed = messageIdSchema.safeParse(value.id);
  return parsed.success ? parsed.data : null;
}

/** Decodes one frame received on `/ingest`. */
export function decodeIngestMessage(
  data: string | Buffer | ArrayBuffer | Buffer[],
  isBinary = false,
): Decoded<IngestMessage> {
  return decodeFrame(data, isBinary, decodeIngestValue);
}

/** What a console, a wall or a relay may send on `/watch`: an action, or a read such as `history.get`. */
export type WatchClientMessage = Action | HistoryRequest;

const watchClientMessageSchema = z.discriminatedUnion('type', [
  ...actionSchema.options,
  historyRequestSchema,
]);
const WATCH_CLIENT_TYPES: readonly string[] = [...ACTION_TYPES, historyRequestSchema.shape.type.value];

/** Decodes one frame received on `/watch`: a console's action or a request to read. */
export function decodeWatchRequest(
  data: string | Buffer | ArrayBuffer | Buffer[],
  isBinary = false,
): Decoded<WatchClientMessage> {
  return decodeFrame(data, isBinary, (value) =>
    decodeTyped<WatchClientMessage>(value, watchClientMessageSchema, WATCH_CLIENT_TYPES),
  );
}

function decodeFrame<T>(
  data: string | Buffer | ArrayBuffer | Buffer[],
  isBinary: boolean,
  decodeValue: (value: unknown) => Decoded<T>,
): Decoded<T> {
  if (isBinary) {
    return {
      ok: false,
      code: 'BINARY_FRAME',
      id: null,
      message: 'binary frames are not accepted; send JSON text',
    };
  }
  const text = frameText(data);
  if (text === undefined) {
    return { ok: false, code: 'PARSE_ERROR', id: null, message: 'the frame is not valid UTF-8 text' };
  }
  const json = parseJson(text);
  if (!json.ok)
    return { ok: false, code: 'PARSE_ERROR', id: null, message: `not valid JSON: ${json.message}` };
  return decodeValue(json.value);
}

/** Validates an already-parsed value as an ingest message. */
export function decodeIngestValue(value: unknown): Decoded<IngestMessage> {
  // The common case checked by hand; anything it does not accept outright goes to zod, which words the refusal.
  const reading = acceptReading(value);
  if (reading !== undefined) return { ok: true, value: reading };
  return decodeTyped(value, ingestMessageSchema, INGEST_TYPES);
}

function decodeTyped<T>(value: unknown, schema: z.ZodType<T>, types: readonly string[]): Decoded<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      code: 'INVALID_MESSAGE',
      id: null,
      message: 'a message must be a JSON object with "type" and "id"',
    };
  }
  // The id is echoed only in an error, so it is read (and validated) only on that path.
  const id = () => readId(value);
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return {
      ok: false,
      code: 'INVALID_MESSAGE',
      id: id(),
      message: 'type: required, a string',
      path: 'type',
    };
  }
  if (!types.includes(type)) {
    return {
      ok: false,
      code: 'UNKNOWN_TYPE',
      id: id(),
      message: `type: unknown message type "${type.slice(0, 40)}"; expected one of ${types.join(', ')}`,
      path: 'type',
    };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { message, path } = describeFirstIssue(parsed.error);
  // An unknown type inside a batch is the same mistake as one at the top: give it the same code.
  const first = parsed.error.issues[0];
  const isUnknownType =
    first?.code === 'invalid_union' &&
    first.path.at(-1) === 'type' &&
    !types.includes(valueAt(value, first.path) as string);
  return { ok: false, code: isUnknownType ? 'UNKNOWN_TYPE' : 'INVALID_MESSAGE', id: id(), message, path };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Validates a config document (already parsed from JSON). The message names the first bad field. */
export function decodeConfig(value: unknown): { ok: true; value: Config } | { ok: false; message: string } {
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: describeFirstIssue(parsed.error).message };
}

/** Encodes what the collector sends: the feed on `/watch` and the replies on both endpoints. */
export function encodeServerMessage(message: ServerMessage): string {
  // One ack per message stored is most of what the collector sends; its text is built without a walk of the
  // object (issue 19). The same text JSON.stringify gives (test/protocol/codec.test.ts).
  if (message.type === 'ack' && message.duplicate === undefined) {
    return `{"v":${PROTOCOL_VERSION},"type":"ack","id":${JSON.stringify(message.id)}}`;
  }
  return JSON.stringify(message);
}

/** Encodes what a client sends: a source's message on `/ingest`, a console's action on `/watch`. */
export function encodeClientMessage(message: IngestMessage | WatchClientMessage): string {
  return JSON.stringify(message);
}

/** A message a client may receive on `/watch` (the feed, or a reply to one of its actions or reads). */
export type ServerMessage = WatchServerMessage | Ack | ErrorReply | HistoryReply;

/**
 * Decodes a frame from the collector. Clients drop (and log) a message that fails: a newer collector may
 * send what this client does not know yet.
 */
export function decodeServerMessage(data: string | Buffer | ArrayBuffer | Buffer[]): Decoded<ServerMessage> {
  const text = frameText(data);
  if (text === undefined) return { ok: false, code: 'PARSE_ERROR', id: null, message: 'not UTF-8 text' };
  const json = parseJson(text);
  if (!json.ok) return { ok: false, code: 'PARSE_ERROR', id: null, message: json.message };
  const type = (json.value as { type?: unknown } | null)?.type;
  const schema =
    type === 'ack'
      ? ackSchema
      : type === 'error'
        ? errorReplySchema
        : type === 'history'
          ? historyReplySchema
          : watchServerMessageSchema;
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { message, path } = describeFirstIssue(parsed.error);
  return { ok: false, code: 'INVALID_MESSAGE', id: null, message, path };
}
