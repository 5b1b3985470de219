/**
 * How a CAP document's bytes become text (issue 14). XML says how: a byte-order mark, else the `encoding` of the
 * XML declaration, else UTF-8 (XML 1.0 §4.3.3, Appendix F). Chinese platforms often send GBK or GB18030, so those
 * are decoded as declared; bytes that are not valid in the declared encoding are refused, never replaced with
 * U+FFFD, because a warning with garbled place names is worse than one refused with a reason.
 */

export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; message: string };

/** The encodings accepted, by the labels a declaration may use (case-insensitive), as TextDecoder names them. */
const DECODERS: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
  'utf-16': 'utf-16',
  'utf-16le': 'utf-16',
  'utf-16be': 'utf-16',
  // GB 2312 and GBK are subsets of GB18030; WHATWG's GBK decoder is GB18030's, so all three decode alike.
  gb2312: 'gbk',
  'gb_2312-80': 'gbk',
  gbk: 'gbk',
  'x-gbk': 'gbk',
  cp936: 'gbk',
  'windows-936': 'gbk',
  gb18030: 'gb18030',
};

/** What the declarations of this module's documents may say, for messages. */
export const ACCEPTED_ENCODINGS = 'UTF-8, UTF-16, GB18030, GBK or GB2312';

// XML 1.0 §2.8 XMLDecl / §4.3.3 EncodingDecl, read from the document's first bytes as ASCII.
const DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.\d+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?/;

/** The `encoding` the XML declaration at the start of `head` names, or undefined when it names none. */
export function declaredEncoding(head: string): string | undefined {
  return DECLARATION.exec(head)?.[3];
}

/** Whether text already decoded may carry this declaration: only a Unicode encoding describes a JS string. */
function isUnicodeLabel(label: string): boolean {
  const decoder = DECODERS[label.toLowerCase()];
  return decoder === 'utf-8' || decoder === 'utf-16' || decoder === 'us-ascii';
}

/**
 * Why a document received as text (the `xml` field) cannot be trusted as it stands, or undefined. A document
 * declaring GBK or GB18030 that arrives as JSON text was decoded by somebody, and whether they decoded it as
 * declared cannot be checked: the sender is told to send the bytes themselves (`xmlBase64`).
 */
export function textEncodingProblem(xml: string): string | undefined {
  const label = declaredEncoding(xml.replace(/^\uFEFF/, ''));
  if (label === undefined || isUnicodeLabel(label)) return undefined;
  return `the document declares encoding="${label}" but came as text, already decoded by the sender, so whether its Chinese survived cannot be checked: send the file's bytes in xmlBase64 (dutywatch cap import does), or convert the file to UTF-8 and declare encoding="UTF-8"`;
}

/** Whether `label` decodes `bytes` whole (`stream` false) or as the start of a longer text (`stream` true). */
function decodes(bytes: Uint8Array, label: string, stream: boolean): boolean {
  try {
    new TextDecoder(label, { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/** Where the first sequence `label` cannot decode starts. */
function firstBadByte(bytes: Uint8Array, label: string): number {
  // The longest prefix that could still begin a valid text ends inside (or just before) the bad sequence…
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (decodes(bytes.subarray(0, mid), label, true)) good = mid;
    else bad = mid;
  }
  // …which starts after the last whole character before it (characters are at most four bytes).
  for (let start = good; start >= Math.max(0, good - 4); start--) {
    if (decodes(bytes.subarray(0, start), label, false)) return start;
  }
  return good;
}

function hex(bytes: Uint8Array, at: number): string {
  return [...bytes.subarray(at, at + 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** How a refusal says what the document claimed and how to put it right. */
type Wording = { said: string; fix: string };

function decodeAs(
  bytes: Uint8Array,
  label: string,
  shown: string,
  wording: Wording = { said: `declares encoding="${shown}" but`, fix: 'save it in the encoding it declares' },
): DecodeResult {
  const decoder = DECODERS[label.toLowerCase()];
  if (decoder === undefined) {
    return {
      ok: false,
      message: `the document declares encoding="${shown}", which dutywatch does not read; send ${ACCEPTED_ENCODINGS}`,
    };
  }
  if (decoder === 'us-ascii') {
    const at = bytes.findIndex((b) => b > 0x7f);
    if (at >= 0) {
      return {
        ok: false,
        message: `the document declares encoding="${shown}" but byte ${at} is 0x${hex(bytes, at).slice(0, 2)}, which is not ASCII; declare the encoding the file is in (UTF-8, GB18030)`,
      };
    }
    return { ok: true, text: new TextDecoder('utf-8').decode(bytes), encoding: 'US-ASCII' };
  }
  try {
    const text = new TextDecoder(decoder, { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text, encoding: decoder.toUpperCase() };
  } catch {
    const at = firstBadByte(bytes, decoder);
    return {
      ok: false,
      message: `the document ${wording.said} is not valid ${decoder.toUpperCase()}: the bytes at offset ${at} (${hex(bytes, at)}) cannot be decoded; ${wording.fix}`,
    };
  }
}

/**
 * The text of a CAP document given as bytes: by its byte-order mark, else by its XML declaration, else as UTF-8.
 * Never throws; refuses what cannot be decoded, saying where.
 */
export function decodeCapBytes(bytes: Uint8Array): DecodeResult {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const label = b0 === 0xff ? 'utf-16le' : 'utf-16be';
    const decoded = decodeAs(bytes, label, label.toUpperCase());
    if (!decoded.ok) return decoded;
    const declared = declaredEncoding(decoded.text.replace(/^\uFEFF/, ''));
    if (declared !== undefined && DECODERS[declared.toLowerCase()] !== 'utf-16') {
      return {
        ok: false,
        message: `the document starts with a UTF-16 byte-order mark but declares encoding="${declared}"`,
      };
    }
    return { ok: true, text: decoded.text.replace(/^\uFEFF/, ''), encoding: 'UTF-16' };
  }
  if ((b0 === 0x3c && b1 === 0x00) || (b0 === 0x00 && b1 === 0x3c)) {
    return {
      ok: false,
      message: 'the document looks like UTF-16 without a byte-order mark, which XML requires for UTF-16',
    };
  }
  const isUtf8Bom = b0 === 0xef && b1 === 0xbb && b2 === 0xbf;
  const isGb18030Bom = b0 === 0x84 && b1 === 0x31 && b2 === 0x95 && b3 === 0x33;
  const body = isUtf8Bom ? bytes.subarray(3) : isGb18030Bom ? bytes.subarray(4) : bytes;
  // Every encoding read here writes the declaration in ASCII, so its first bytes can be read as Latin-1.
  const head = String.fromCharCode(...body.subarray(0, 256));
  const declared = declaredEncoding(head);
  const bomEncoding = isUtf8Bom ? 'utf-8' : isGb18030Bom ? 'gb18030' : undefined;
  if (bomEncoding && declared !== undefined && DECODERS[declared.toLowerCase()] !== DECODERS[bomEncoding]) {
    return {
      ok: false,
      message: `the document starts with a ${bomEncoding.toUpperCase()} byte-order mark but declares encoding="${declared}"`,
    };
  }
  if (!bomEncoding && declared !== undefined && DECODERS[declared.toLowerCase()] === 'utf-16') {
    return {
      ok: false,
      message: `the document declares encoding="${declared}" but is not UTF-16 (no byte-order mark)`,
    };
  }
  if (declared === undefined && bomEncoding === undefined) {
    return decodeAs(body, 'utf-8', 'UTF-8', {
      said: 'has no encoding declaration, so it is read as UTF-8, but',
      fix: 'declare the encoding it is in (e.g. encoding="GB18030")',
    });
  }
  const label = bomEncoding ?? (declared as string);
  return decodeAs(body, label, declared ?? label.toUpperCase());
}
