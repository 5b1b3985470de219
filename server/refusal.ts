import type { ErrorCode } from '../src/protocol/index.js';

/** A message or action the collector refuses, with the stable code and the text the sender will see. */
export class Refusal extends Error {
  override name = 'Refusal';
  readonly code: ErrorCode;
  readonly path: string | undefined;
  constructor(code: ErrorCode, message: string, path?: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
