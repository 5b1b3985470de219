/**
 * A GB18030 encoder for test fixtures, built independently of the code under test: TextEncoder writes only UTF-8,
 * so the two-byte table is the inverse of the platform's GB18030 decoder over the whole two-byte space
 * (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F), and supplementary-plane characters take the four-byte form
 * computed from the standard's linear index (U+10000 is 0x90 0x30 0x81 0x30). A character it cannot encode throws.
 */
let twoByte: Map<string, [number, number]> | undefined;

function table(): Map<string, [number, number]> {
  if (twoByte) return twoByte;
  const decoder = new TextDecoder('gb18030');
  const map = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !map.has(ch)) map.set(ch, [lead, trail]);
    }
  }
  twoByte = map;
  return map;
}

/** The four bytes GB18030 gives a supplementary-plane code point. */
function fourByte(cp: number): number[] {
  let linear = cp - 0x10000 + 189_000;
  const b4 = 0x30 + (linear % 10);
  linear = Math.floor(linear / 10);
  const b3 = 0x81 + (linear % 126);
  linear = Math.floor(linear / 126);
  const b2 = 0x30 + (linear % 10);
  const b1 = 0x81 + Math.floor(linear / 10);
  return [b1, b2, b3, b4];
}

/** `text` in GB18030 (GBK when every character is in the two-byte table). */
export function encodeGb18030(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    else if (cp >= 0x10000) out.push(...fourByte(cp));
    else {
      const pair = table().get(ch);
      if (!pair) throw new Error(`no two-byte GB18030 code for U+${cp.toString(16).toUpperCase()}`);
      out.push(...pair);
    }
  }
  return new Uint8Array(out);
}
