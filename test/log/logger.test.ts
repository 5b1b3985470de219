import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, errorFields } from '../../src/log/logger.js';

describe('errorFields', () => {
  it('keeps the stack of an internal error, on the one log line', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => {
      text += String(chunk);
    });
    const failure = new TypeError('cannot read properties of undefined');
    createLogger(out).error('ingest.internal_error', { token: 'src', ...errorFields(failure) });
    expect(text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(text).toContain('error="TypeError: cannot read properties of undefined"');
    expect(text).toContain('logger.test.ts');
  });

  it('says what was thrown when it is not an Error', () => {
    expect(errorFields('disk gone')).toEqual({ error: 'disk gone' });
  });
});
