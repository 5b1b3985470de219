import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCap } from '../../src/cap/parse-cap.js';
import { writeCap } from '../../src/cap/write-cap.js';
import { capAlert } from '../helpers/cap-builder.js';
import { encodeGb18030 } from '../helpers/gb-encoder.js';
import { HAS_XMLLINT, xsdVerdict } from '../helpers/xmllint.js';
import { FIXTURES } from './cap-docs.js';

const SPEC = join(FIXTURES, 'spec');
const SENT_AT = Date.UTC(2026, 6, 19, 18);

/** parseCap's verdict and xmllint's against the official XSD, side by side. */
const verdicts = (xml: string, bytes: string | Uint8Array = xml) => ({
  dutywatch: parseCap(xml).ok,
  xsd: xsdVerdict(bytes).valid,
});

// The official XSD is the referee: where it and dutywatch's reader meet on a question, they agree (issue 14).
describe.skipIf(!HAS_XMLLINT)('dutywatch and the official CAP 1.2 XSD (xmllint)', () => {
  it.each(readdirSync(SPEC).filter((f) => f.endsWith('.xml')))('both accept the spec example %s', (file) => {
    expect(verdicts(readFileSync(join(SPEC, file), 'utf8'))).toEqual({ dutywatch: true, xsd: true });
  });

  it('both refuse whitespace around an enumerated value', () => {
    const xml = writeCap(capAlert({ identifier: 'W-1', sentAt: SENT_AT })).replace(
      '<status>Actual</status>',
      '<status> Actual </status>',
    );
    expect(verdicts(xml)).toEqual({ dutywatch: false, xsd: false });
  });

  it('both accept a 459 KB alert with an embedded resource', () => {
    const image = randomBytes(344_000).toString('base64');
    const xml = writeCap(
      capAlert(
        { identifier: 'IPAWS-1', sentAt: SENT_AT },
        { resource: [{ resourceDesc: 'Map', mimeType: 'image/jpeg', size: 344_000, derefUri: image }] },
      ),
    );
    expect(Buffer.byteLength(xml)).toBeGreaterThan(459_000);
    expect(verdicts(xml)).toEqual({ dutywatch: true, xsd: true });
  });

  it('both read a GB18030 document by its declaration (xmllint from the bytes, dutywatch once decoded)', () => {
    const xml = writeCap(
      capAlert({ identifier: 'GB-1', sentAt: SENT_AT }, { headline: '𠮷家庄暴雨红色预警' }),
    ).replace(/^<\?xml[^?]*\?>/, '<?xml version="1.0" encoding="GB18030"?>');
    expect(verdicts(xml, encodeGb18030(xml))).toEqual({ dutywatch: true, xsd: true });
  });
});
