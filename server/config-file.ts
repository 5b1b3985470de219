import { readFileSync } from 'node:fs';
import { type Config, decodeConfig, parseJson } from '../src/protocol/index.js';

/** The config file could not be read or is invalid; the message names the file and the first bad field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates a county config file (JSON). */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const json = parseJson(text);
  if (!json.ok) throw new ConfigError(`config ${path} is not valid JSON: ${json.message}`);
  const decoded = decodeConfig(json.value);
  if (!decoded.ok) throw new ConfigError(`config ${path}: ${decoded.message}`);
  return decoded.value;
}
