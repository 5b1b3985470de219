/** Fails to compile when a switch misses a case, and throws if an unknown value slips through at run time. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
