import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { StockPanel } from '../../src/console/components/StockPanel.js';
import { stockConditions } from '../../src/domain/rules/stock-rules.js';
import { stockStatus } from '../../src/domain/stock-status.js';
import type { StockFeed } from '../../src/protocol/index.js';
import { handoverMarkdown } from '../../src/state/handover-report.js';
import { reduce } from '../../src/state/reducer.js';
import { type StockRow, selectStockRows } from '../../src/state/selectors/stock.js';
import { stockLists } from '../../src/state/selectors/wall-stock.js';
import { WALL_WORDS } from '../../src/state/selectors/wall-words.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { panelProps } from '../helpers/panel-props.js';
import { testConfig } from '../helpers/test-config.js';
import { withLook } from '../helpers/with-look.js';
import { NIGHT, server, snapshot, stock } from './feed-fixtures.js';

// NIGHT is 2026-07-20; a lot good through 07-01 has expired, one good through 12-31 has not.
const EXPIRED = '2026-07-01';
const GOOD = '2026-12-31';
const config = testConfig();
const warehouse = config.warehouses.find((w) => w.code === 'W1');
const bag = config.items.find((i) => i.code === 'BAG');
if (!warehouse || !bag) throw new Error('test county lost W1 or BAG');
const opts = { utcOffset: '+08:00', inFloodSeason: true };

describe('usable stock: expired lots never count toward the minimum (minimum 100)', () => {
  it.each([
    // quantity, expired, fresh → usable, severity, shortfall
    [120, 0, 120, 120, 'ok', 0],
    [120, 20, 100, 100, 'ok', 0], // exactly the minimum once the expired are left out
    [120, 35, 85, 85, 'low', 15],
    [35, 35, 0, 0, 'critical', 100], // the 沙口镇 case: all on the shelf, none usable
    [0, 0, 0, 0, 'critical', 100],
  ] as const)(
    '%i on the books, %i expired → usable %i',
    (quantity, expired, fresh, usable, severity, shortfall) => {
      const lots = [
        ...(expired > 0 ? [{ batch: 'OLD', expiresOn: EXPIRED, quantity: expired }] : []),
        ...(fresh > 0 ? [{ batch: 'NEW', expiresOn: GOOD, quantity: fresh }] : []),
      ];
      const status = stockStatus({ warehouse, item: bag, quantity, lots }, NIGHT, opts);
      expect(status).toMatchObject({ quantity, usable, severity, shortfall, expiredQuantity: expired });
      expect(status.isBelowMinimum).toBe(usable < 100);
    },
  );
});

describe('the alert, the console, the wall and the handover agree on an expired lot', () => {
  const line: StockFeed = stock('W1', 'BAG', 35, [{ batch: 'OLD', expiresOn: EXPIRED, quantity: 35 }]);
  const state = [server(snapshot({ stock: [line] }))].reduce(reduce, initialWatchState);

  it('raises stock.empty, naming what is usable and what has expired', () => {
    const input = { config, stock: [line] } as unknown as Parameters<typeof stockConditions>[0];
    const byClass = new Map(stockConditions(input, NIGHT).map((c) => [c.class, c]));
    expect(byClass.get('stock.low')?.title.zh).toBe(
      '县救灾物资储备库 编织袋 低于最低储备：可用 0条（另有过期 35条）（最低 100）',
    );
    expect(byClass.get('stock.empty')?.title.en).toBe(
      'County depot: Sandbag none usable (35 pcs expired) (minimum 100)',
    );
    expect(byClass.get('stock.empty')?.value).toBe(0);
  });

  it('shows usable against the minimum, expired beside it, on the console', () => {
    const rows = selectStockRows(state, NIGHT, { names: 'zh' });
    const row = rows.find((r) => r.item === 'BAG' && r.warehouse === 'W1') as StockRow;
    expect(row).toMatchObject({ quantity: 35, usable: 0, severity: 'critical', shortfall: 100 });
    const props = panelProps([row]);
    const frame = renderToString(withLook(<StockPanel {...props} />), { columns: 100 });
    expect(frame).toMatch(/编织袋\s+0\/100 条 \+35过期\s+-100/);
  });

  it('draws the wall bar from usable stock, with the expired beside it', () => {
    const rows = selectStockRows(state, NIGHT, { names: 'zh' });
    const lists = stockLists(state, rows, WALL_WORDS.zh, 10);
    const bar = lists.county.rows.find((r) => r.label.includes('编织袋'));
    expect(bar).toMatchObject({ ratio: 0, figures: '0/100 +35过期', tone: 'danger' });
  });

  it('lists it in the handover as usable against the minimum, expired beside it', () => {
    const zh = handoverMarkdown(state, NIGHT, { lang: 'zh' });
    expect(zh).toContain('编织袋；0/100条；另有过期 35条；缺 100条');
    const en = handoverMarkdown(state, NIGHT, { lang: 'en' });
    expect(en).toContain('Sandbag; 0/100 pcs; 35 pcs more expired; short by 100 pcs');
  });
});
