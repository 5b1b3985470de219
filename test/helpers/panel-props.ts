import type { DataPanelProps } from '../../src/console/components/TablePanel.js';

/**
 * The props of a console table panel showing `rows`, focused, 100 columns wide, unless overridden. The strings
 * and theme come from the console's context: draw the panel inside `withLook` (test/console/with-look.tsx).
 */
export function panelProps<Row>(
  rows: readonly Row[],
  overrides: Partial<DataPanelProps<Row>> = {},
): DataPanelProps<Row> {
  return {
    rows,
    selectedKey: undefined,
    isFocused: true,
    isCollapsed: false,
    width: 100,
    height: 6,
    stale: undefined,
    filter: '',
    showColumnHeaders: true,
    showSparklines: true,
    ...overrides,
  };
}
