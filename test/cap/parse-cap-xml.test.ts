import { describe, expect, it } from 'vitest';
import { parseCap } from '../../src/cap/parse-cap.js';
import { MAX_CAP_BYTES } from '../../src/cap/xml-tree.js';
import { alertOf, FULL_ALERT, FULL_DOC, mutate, problemsOf } from './cap-docs.js';

const description = (xml: string) => alertOf(parseCap(xml)).info[0]?.description;
const withDescription = (body: string) =>
  mutate(['<description>desc</description>', `<description>${body}</description>`]);

describe('parseCap: safety limits', () => {
  it('refuses a document over 1 MiB, counting UTF-8 bytes rather than characters', () => {
    // 360,000 CJK characters: fewer than 1,048,576 UTF-16 units, but 1,080,000 bytes.
    const problems = problemsOf(parseCap(withDescription('水'.repeat(360_000))));
    expect(problems).toEqual([
      { path: '(document)', message: expect.stringContaining('larger than 1024 KiB') },
    ]);
  });

  it('accepts a document just under the limit', () => {
    const room = MAX_CAP_BYTES - Buffer.byteLength(FULL_DOC) + 'desc'.length;
    expect(description(withDescription('x'.repeat(room)))).toHaveLength(room);
    expect(parseCap(withDescription('x'.repeat(room + 1))).ok).toBe(false);
  });

  it.each([
    ['a harmless DOCTYPE', '<!DOCTYPE alert>\n'],
    ['an external entity (XXE)', '<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'],
    ['a lower-case doctype', '<!doctype alert>\n'],
  ])('refuses %s before reading anything', (_name, doctype) => {
    const xml = FULL_DOC.replace('<alert', `${doctype}<alert`);
    const problems = problemsOf(parseCap(xml));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '(document)', message: expect.stringContaining('DOCTYPE') });
  });

  it('refuses an entity that is not one of the five XML ones, naming the element', () => {
    const problems = problemsOf(parseCap(withDescription('a&nbsp;b')));
    expect(problems).toEqual([
      {
        path: 'alert.info[0].description',
        message: expect.stringContaining('not one of the five XML entities'),
      },
    ]);
  });

  it('refuses a character XML 1.0 does not allow, directly or by reference', () => {
    expect(problemsOf(parseCap(withDescription('a\u0001b')))[0]?.message).toContain('U+0001');
    expect(problemsOf(parseCap(withDescription('a&#1;b')))[0]?.path).toBe('alert.info[0].description');
  });

  it('never throws, whatever it is given', () => {
    for (const input of ['', 'not xml', '<', '<alert>', '\uFEFF', undefined, null, 42] as unknown[]) {
      expect(() => parseCap(input as string)).not.toThrow();
      expect(parseCap(input as string).ok).toBe(false);
    }
  });
});

describe('parseCap: well-formedness', () => {
  it.each([
    ['an unclosed element', FULL_DOC.replace('</note>', ''), 'not well-formed XML at line'],
    ['a bare ampersand', withDescription('a & b'), 'not well-formed XML'],
    ['two root elements', `${FULL_DOC}<alert/>`, '2 root elements'],
    ['text after the root', `${FULL_DOC}trailing`, /text (at the end|outside the root element)/],
    [
      'text after the root on its line',
      FULL_DOC.replace('</alert>\n', '</alert>trailing'),
      /text (at the end|outside the root)/,
    ],
    [
      'an undeclared prefix',
      mutate(['<audience>', '<x:y/><audience>']),
      'prefix "x" of <x:y> is not declared',
    ],
  ])('refuses %s', (_name, xml, message: string | RegExp) => {
    const problems = problemsOf(parseCap(xml));
    expect(problems[0]?.path).toBe('(document)');
    expect(problems[0]?.message).toMatch(message);
  });
});

describe('parseCap: text values', () => {
  it('decodes the five XML entities and character references in one pass', () => {
    expect(description(withDescription('&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;'))).toBe(`<a> & "b" 'c'`);
    expect(description(withDescription('&#27700;&#x6C34;'))).toBe('水水');
    // An escaped reference stays a literal: decoding must not run twice.
    expect(description(withDescription('&amp;#38; &amp;lt;'))).toBe('&#38; &lt;');
  });

  it('takes CDATA literally and joins it with the text around it', () => {
    expect(description(withDescription('a <![CDATA[<b> & &amp;]]> c'))).toBe('a <b> & &amp; c');
  });

  it('trims the ends but keeps inner whitespace and line breaks, with CR LF read as LF', () => {
    expect(description(withDescription('\n   line 1\r\n  line 2\r  \n'))).toBe('line 1\n  line 2');
  });

  it('ignores comments, processing instructions, a BOM and the declaration', () => {
    const xml = `\uFEFF${mutate(['<event>洪水</event>', '<event>洪<!-- c -->水<?pi x?></event>'])}`;
    expect(alertOf(parseCap(xml))).toEqual(FULL_ALERT);
  });
});
