import { type TextLine, TextLines } from './TextLines.js';

/** Props of {@link ScrolledPage}. */
export type ScrolledPageProps = {
  /** The page's title and key hint: they stay put while the body scrolls. */
  head: readonly TextLine[];
  body: readonly TextLine[];
  width: number;
  height: number;
  scroll: number;
};

/**
 * A page in the body area (help, details, handover, forces): its head, then its body from `scroll` on; the
 * scroll stops where the body's last line reaches the bottom, so a page never scrolls into emptiness.
 */
export function ScrolledPage({ head, body, width, height, scroll }: ScrolledPageProps) {
  const top = Math.min(scroll, Math.max(0, body.length - (height - head.length)));
  return <TextLines lines={[...head, ...body.slice(top)]} width={width} height={height} />;
}
