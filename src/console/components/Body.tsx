import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { UiState } from '../../state/ui-state.js';
import { useConsoleLook } from '../console-context.js';
import type { LayoutPlan, PanelSlot } from '../layout.js';
import type { ConsoleView } from '../view-model.js';
import { ActionDialog } from './ActionDialog.js';
import { AlertsPanel } from './AlertsPanel.js';
import { DetailsView } from './DetailsView.js';
import { ForcesView } from './ForcesView.js';
import { HandoverView } from './HandoverView.js';
import { HelpView } from './HelpView.js';
import { IncidentsPanel } from './IncidentsPanel.js';
import { LogPanel } from './LogPanel.js';
import { PanelBoundary } from './PanelBoundary.js';
import { StockPanel } from './StockPanel.js';
import { WaterPanel } from './WaterPanel.js';

/** Terminals this wide or wider get column headers in every panel. */
export const COLUMN_HEADERS_FROM = 100;

/** Props of {@link Body}. */
export type BodyProps = {
  plan: Extract<LayoutPlan, { kind: 'compact' | 'wide' }>;
  ui: UiState;
  view: ConsoleView;
};

/**
 * The area between the header (and prompt) and the footer: a dialog or a page when one is open — drawn in
 * place of the panels rather than over them, so nothing underneath shows through — else the panels.
 */
export function Body({ plan, ui, view }: BodyProps) {
  const { strings, settings } = useConsoleLook();
  const width = plan.width;
  const height = plan.bodyRows;
  const frame = (child: ReactNode) => (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {child}
    </Box>
  );
  if (ui.dialog) return frame(<ActionDialog dialog={ui.dialog} width={width} height={height} />);
  const overlay = ui.overlay;
  if (overlay.kind === 'help') {
    return frame(<HelpView width={width} height={height} scroll={overlay.scroll} />);
  }
  if (overlay.kind === 'details') {
    return frame(
      <DetailsView
        panel={ui.focus}
        selectedKey={ui.selected[ui.focus]}
        view={view}
        width={width}
        height={height}
        scroll={overlay.scroll}
      />,
    );
  }
  if (overlay.kind === 'forces') {
    return frame(<ForcesView forces={view.forces} width={width} height={height} scroll={overlay.scroll} />);
  }
  if (overlay.kind === 'handover') {
    return frame(<HandoverView view={view} width={width} height={height} scroll={overlay.scroll} />);
  }
  const panel = (slot: PanelSlot) => {
    const common = {
      selectedKey: ui.selected[slot.id],
      isFocused: ui.focus === slot.id,
      isCollapsed: slot.isCollapsed,
      width: slot.width,
      height: slot.height,
      stale: view.stale,
      filter: ui.filter.applied,
      // From 100 columns up there is room to say what each column is.
      showColumnHeaders: plan.width >= COLUMN_HEADERS_FROM,
      showSparklines: !settings.isLowBandwidth,
    };
    const guarded = (rows: unknown, drawn: ReactNode) => (
      <PanelBoundary
        key={slot.id}
        title={strings.panels[slot.id]}
        width={slot.width}
        height={slot.height}
        retryKey={rows}
      >
        {drawn}
      </PanelBoundary>
    );
    switch (slot.id) {
      case 'alerts':
        return guarded(view.alerts, <AlertsPanel rows={view.alerts} {...common} />);
      case 'incidents':
        return guarded(view.incidents, <IncidentsPanel rows={view.incidents} {...common} />);
      case 'water':
        return guarded(view.stations, <WaterPanel rows={view.stations} {...common} />);
      case 'stock':
        return guarded(view.stock, <StockPanel rows={view.stock} {...common} />);
      case 'log':
        return guarded(view.log, <LogPanel rows={view.log} {...common} />);
    }
  };
  if (plan.kind === 'compact') return frame(plan.panels.map(panel));
  const [left = 0, right = 0] = plan.columns;
  return (
    <Box flexDirection="row" width={width} height={height} overflow="hidden">
      <Box flexDirection="column" width={left} height={height}>
        {plan.panels.filter((p) => p.column === 0).map(panel)}
      </Box>
      <Box width={1} height={height} />
      <Box flexDirection="column" width={right} height={height}>
        {plan.panels.filter((p) => p.column === 1).map(panel)}
      </Box>
    </Box>
  );
}
