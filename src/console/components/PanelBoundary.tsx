import { Text } from 'ink';
import { Component, type ReactNode } from 'react';
import { useConsoleLook } from '../console-context.js';
import { truncate } from '../text-width.js';
import { Panel } from './Panel.js';

/** Props of {@link PanelBoundary}. */
export type PanelBoundaryProps = {
  /** The panel's title, kept on the box that says what went wrong. */
  title: string;
  width: number;
  height: number;
  /** The data the panel draws: when it changes, the panel is tried again. */
  retryKey: unknown;
  children: ReactNode;
};

type BoundaryState = { error: Error | undefined; failedOn: unknown };

/**
 * One panel's error boundary: a panel that throws while drawing shows its error in its own box, the size it
 * had, and the rest of the console (the prompts, the other panels, the keys) keeps working. At 3 a.m. a bug in
 * the stock table must not take the escalation prompt down with it. New data for the panel retries it.
 */
export class PanelBoundary extends Component<PanelBoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: undefined, failedOn: undefined };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(
    props: PanelBoundaryProps,
    state: BoundaryState,
  ): Partial<BoundaryState> | null {
    // Remember which data failed; different data clears the error and the panel is drawn again.
    if (state.error === undefined) return { failedOn: props.retryKey };
    if (state.failedOn !== props.retryKey) return { error: undefined, failedOn: props.retryKey };
    return null;
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const { title, width, height } = this.props;
    return <FailedPanel title={title} width={width} height={height} message={error.message} />;
  }
}

/** The box a failed panel leaves: its title, that it failed to draw while the others are live, and why. */
function FailedPanel({
  title,
  width,
  height,
  message,
}: {
  title: string;
  width: number;
  height: number;
  message: string;
}) {
  const { strings, theme } = useConsoleLook();
  const line = (text: string) => truncate(theme.text(text), width, theme.glyphs.ellipsis);
  return (
    <Panel title={title} note="" width={width} height={height} isFocused={false} isStale={false}>
      <Text color={theme.hasColor ? 'red' : undefined} wrap="truncate">
        {line(strings.panelFailed)}
      </Text>
      <Text wrap="truncate">{line(message)}</Text>
    </Panel>
  );
}
