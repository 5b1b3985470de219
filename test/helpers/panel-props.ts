import type { DataPanelProps } from '../../src/console/components/TablePanel.js';
import { type Lang, stringsFor } from '../../src/console/strings.js';
import { createTheme } from '../../src/console/theme.js';

/** The props of a console table panel showing `rows`, focused, 100 columns wide, without colour unless overridden. */
export function panelProps<Row>(
  rows: readonly Row[],
  lang: Lang = 'zh',
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
    strings: stringsFor(lang),
    theme: createTheme({ color: false, ascii: false }),
    showColumnHeaders: true,
    showSparklines: true,
    ...overrides,
  };
}
