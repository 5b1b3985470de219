/** What a drill's messages begin with, so nobody takes one for real. */
export const DRILL_MARK = '【演练】';

// C0/C1 controls (but newline) and the bidirectional overrides that can make a message read other than it is.
const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/** Message text with no control characters: each becomes a space (newlines stay; a CRLF becomes one newline). */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE, (c) => (c === '\n' ? c : ' '));
}

/** Marks a drill's text 【演练】 first (once); a real one is left as it is. */
export function drillText(text: string, drill: boolean): string {
  if (!drill) return text;
  return text.startsWith(DRILL_MARK) ? text : `${DRILL_MARK}${text}`;
}

/**
 * Fills `{name}` placeholders; unknown ones are left as written. A template that leaves out `{link}` gets the
 * link appended, so every message can be answered.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const filled = template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  const link = values['link'];
  return link && !template.includes('{link}') ? `${filled} ${link}` : filled;
}

/** The text one recipient receives: the template filled, cleaned, marked for a drill. */
export function messageText(
  template: string,
  values: Readonly<Record<string, string>>,
  drill: boolean,
): string {
  return drillText(cleanText(fillTemplate(template, values)), drill);
}

/** Who a drill may send to: only persons marked for drills. A real call-out reaches everyone planned. */
export function drillRecipients<T extends { drill: boolean }>(planned: readonly T[], drill: boolean): T[] {
  return drill ? planned.filter((p) => p.drill) : [...planned];
}
