import { readFileSync } from 'node:fs';
import type { SecretRef } from '../../src/protocol/index.js';

/** A secret could not be read; the message names the config field, never the secret. */
export class SecretError extends Error {
  override name = 'SecretError';
}

/**
 * Reads a secret from the environment variable or the file a config names (a file's trailing newline is not
 * part of it). `where` is the config path, for the error: `notify.channels.sms.secret`.
 */
export function resolveSecret(ref: SecretRef, where: string): string {
  if ('env' in ref) {
    const value = process.env[ref.env];
    if (value === undefined || value === '')
      throw new SecretError(`${where}: environment variable ${ref.env} is not set`);
    return value;
  }
  let text: string;
  try {
    text = readFileSync(ref.file, 'utf8');
  } catch (error) {
    throw new SecretError(
      `${where}: cannot read ${ref.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new SecretError(`${where}: ${ref.file} is empty`);
  return value;
}
