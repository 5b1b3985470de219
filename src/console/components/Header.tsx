import { Box } from 'ink';
import { useConsoleLook } from '../console-context.js';
import { fitWidth, textWidth } from '../text-width.js';
import type { HeaderModel } from '../view-model.js';
import { Line } from './Line.js';

/** Props of {@link Header}. */
export type HeaderProps = { header: HeaderModel; width: number };

/**
 * Two lines: the county, the collector's time in the county, who is on duty and the link's state with its age
 * and when it was last heard; then how many alerts wait, how long since the data changed, who this console is,
 * and any handover waiting.
 */
export function Header({ header: h, width }: HeaderProps) {
  const { strings: s, theme } = useConsoleLook();
  // The link's own age (live for how long, down since when) and when the collector was last heard, apart from
  // the data's age below: a quiet county on a live link is not a dead link.
  const heard = h.connection.status === 'live' ? ` · ${s.heard(h.connection.heardAge)}` : '';
  const link = `${h.connection.isDown ? '!! ' : ''}${h.connection.text}${h.connection.age ? ` ${h.connection.age}` : ''}${heard}`;
  const linkText = theme.text(link);
  const left1 = theme.text(`${h.county}  ${h.time}  ${s.officer} ${h.officer} · ${s.leader} ${h.leader}`);
  const room1 = Math.max(0, width - textWidth(linkText) - 1);
  const left2 = theme.text(`${s.triggered(h.triggered)} · ${s.dataAge(h.dataAge)} · ${s.me} ${h.me}`);
  const right2 = theme.text(h.handover ?? '');
  const room2 = Math.max(0, width - textWidth(right2) - 1);
  const fitTo = (text: string, room: number) => fitWidth(text, room, 'left', theme.glyphs.ellipsis);
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Line
        hasMarker={false}
        width={width}
        cells={[
          { text: fitTo(left1, room1), isBold: true },
          {
            text: linkText,
            tone: h.connection.isDown ? 'critical' : h.connection.status === 'live' ? 'ok' : 'warning',
            isBold: h.connection.isDown,
          },
        ]}
      />
      <Line
        hasMarker={false}
        width={width}
        cells={[
          {
            text: fitTo(left2, room2),
            tone: h.triggered > 0 ? 'critical' : 'muted',
            isBold: h.triggered > 0,
          },
          { text: right2, tone: 'warning', isBold: true },
        ]}
      />
    </Box>
  );
}
