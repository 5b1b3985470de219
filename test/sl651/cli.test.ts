import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { parseListen } from '../../src/cli/sl651-gateway.js';

describe('parseListen', () => {
  it.each([
    [undefined, { host: '127.0.0.1', port: 5651 }],
    ['0.0.0.0:5651', { host: '0.0.0.0', port: 5651 }],
    ['[::1]:6000', { host: '::1', port: 6000 }],
    [':7000', { host: '127.0.0.1', port: 7000 }],
    ['7001', { host: '127.0.0.1', port: 7001 }],
  ])('reads %s', (value, expected) => {
    expect(parseListen(value)).toEqual(expected);
  });

  it.each(['localhost', 'host:port', '1.2.3.4:70000'])('refuses %s', (value) => {
    expect(() => parseListen(value)).toThrow(UsageError);
  });
});
