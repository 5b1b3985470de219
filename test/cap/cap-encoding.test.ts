import { describe, expect, it } from 'vitest';
import { declaredEncoding, decodeCapBytes, textEncodingProblem } from '../../src/cap/cap-encoding.js';
import { parseCap } from '../../src/cap/parse-cap.js';
import { writeCap } from '../../src/cap/write-cap.js';
import { capAlert } from '../helpers/cap-builder.js';
import { encodeGb18030 } from '../helpers/gb-encoder.js';

const HEADLINE = '汝川县沙口镇暴雨红色预警：请𠮷家庄村民转移';
const GBK_HEADLINE = '汝川县沙口镇暴雨红色预警：请立即转移';

/** A CAP document written by dutywatch, re-declared in `encoding`. */
function declared(encoding: string, headline: string): string {
  const xml = writeCap(capAlert({ identifier: 'W-1', sentAt: Date.UTC(2026, 6, 19, 18) }, { headline }));
  return xml.replace(/^<\?xml[^?]*\?>/, `<?xml version="1.0" encoding="${encoding}"?>`);
}

const headlineOf = (text: string) => {
  const parsed = parseCap(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.alert.info[0]?.headline;
};

describe('decodeCapBytes', () => {
  it('reads a GBK document as its declaration says', () => {
    const decoded = decodeCapBytes(encodeGb18030(declared('GBK', GBK_HEADLINE)));
    expect(decoded).toMatchObject({ ok: true, encoding: 'GBK' });
    if (decoded.ok) expect(headlineOf(decoded.text)).toBe(GBK_HEADLINE);
  });

  it('reads a GB18030 document, four-byte characters included', () => {
    const decoded = decodeCapBytes(encodeGb18030(declared('gb18030', HEADLINE)));
    expect(decoded).toMatchObject({ ok: true, encoding: 'GB18030' });
    if (decoded.ok) expect(headlineOf(decoded.text)).toBe(HEADLINE);
  });

  it('reads GB2312 as GBK, and UTF-8 with or without a byte-order mark', () => {
    const gb2312 = decodeCapBytes(encodeGb18030(declared('GB2312', GBK_HEADLINE)));
    if (gb2312.ok) expect(headlineOf(gb2312.text)).toBe(GBK_HEADLINE);
    expect(gb2312.ok).toBe(true);
    const utf8 = Buffer.from(declared('UTF-8', HEADLINE));
    for (const bytes of [utf8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])]) {
      const decoded = decodeCapBytes(bytes);
      expect(decoded).toMatchObject({ ok: true, encoding: 'UTF-8' });
      if (decoded.ok) expect(headlineOf(decoded.text)).toBe(HEADLINE);
    }
  });

  it('refuses GBK bytes under no declaration (UTF-8 by default), saying where they break', () => {
    const bytes = encodeGb18030(declared('GBK', GBK_HEADLINE).replace(' encoding="GBK"', ''));
    const decoded = decodeCapBytes(bytes);
    const at = bytes.findIndex((b) => b > 0x7f);
    if (!decoded.ok) {
      expect(decoded.message).toContain(
        `has no encoding declaration, so it is read as UTF-8, but is not valid UTF-8: the bytes at offset ${at} (`,
      );
      expect(decoded.message).toContain('declare the encoding it is in');
    }
    expect(decoded.ok).toBe(false);
  });

  it('refuses bytes the declared encoding cannot decode, and an encoding it does not read', () => {
    const good = encodeGb18030(declared('GB18030', GBK_HEADLINE));
    const at = good.indexOf(0xc8); // the lead byte of 汝
    const broken = new Uint8Array(good);
    broken[at + 1] = 0x20; // a lead byte followed by a space is no GB18030 character
    const decoded = decodeCapBytes(broken);
    expect(decoded).toEqual({
      ok: false,
      message: expect.stringContaining(`not valid GB18030: the bytes at offset ${at} (C8 20`),
    });
    const sjis = decodeCapBytes(Buffer.from(declared('Shift_JIS', 'x')));
    expect(sjis).toEqual({
      ok: false,
      message: expect.stringContaining('encoding="Shift_JIS", which dutywatch does not read'),
    });
  });

  it('refuses a byte-order mark that contradicts the declaration, and UTF-16 without one', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(declared('GBK', 'x'))]);
    expect(decodeCapBytes(bom)).toMatchObject({ ok: false });
    expect(decodeCapBytes(Buffer.from(declared('UTF-16', 'x')))).toMatchObject({ ok: false });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(declared('UTF-16', HEADLINE), 'utf16le'),
    ]);
    const decoded = decodeCapBytes(utf16);
    if (decoded.ok) expect(headlineOf(decoded.text)).toBe(HEADLINE);
    expect(decoded.ok).toBe(true);
  });
});

describe('documents received as text', () => {
  it('reads the declared encoding', () => {
    expect(declaredEncoding('<?xml version="1.0" encoding=\'GB18030\'?><alert/>')).toBe('GB18030');
    expect(declaredEncoding('<?xml version="1.0"?><alert/>')).toBeUndefined();
  });

  it('takes text declared UTF-8 or with no declaration, and refuses text declared GBK, pointing to xmlBase64', () => {
    expect(textEncodingProblem(declared('UTF-8', HEADLINE))).toBeUndefined();
    expect(textEncodingProblem('<alert/>')).toBeUndefined();
    expect(textEncodingProblem(declared('GBK', HEADLINE))).toMatch(/encoding="GBK".*xmlBase64/);
  });
});
