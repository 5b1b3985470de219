import { renderToString } from 'ink';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { AlertsPanel } from '../../src/console/components/AlertsPanel.js';
import { IncidentsPanel } from '../../src/console/components/IncidentsPanel.js';
import { LogPanel } from '../../src/console/components/LogPanel.js';
import { StockPanel } from '../../src/console/components/StockPanel.js';
import type { DataPanelProps } from '../../src/console/components/TablePanel.js';
import { WaterPanel } from '../../src/console/components/WaterPanel.js';
import { type Lang, stringsFor } from '../../src/console/strings.js';
import { buildView, type ConsoleView } from '../../src/console/view-model.js';
import { panelProps } from '../helpers/panel-props.js';
import { withLook } from '../helpers/with-look.js';
import { LOCAL, liveState } from './console-fixtures.js';

function view(lang: Lang, isAscii = false): ConsoleView {
  return buildView(
    liveState(),
    LOCAL,
    { lang, names: lang === 'zh' && !isAscii ? 'zh' : 'ascii', isAscii, showSeconds: true },
    stringsFor(lang),
  );
}

// The shared panel props, 8 rows high unless a test says otherwise.
function props<Row>(rows: readonly Row[], width = 100, height = 8): DataPanelProps<Row> {
  return panelProps(rows, { width, height });
}

// Every rendered line fits the panel: a wider one would wrap and make the frame taller than planned.
function expectFits(frame: string, width: number) {
  for (const line of frame.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
}

describe('panels', () => {
  it('AlertsPanel shows severity as glyph and word, state, age, rung and the time to the next rung', () => {
    const zh = renderToString(withLook(<AlertsPanel {...props(view('zh').alerts)} />, 'zh'), {
      columns: 100,
    });
    expect(zh).toContain('■ 严重');
    expect(zh).toContain('#12 汝河大桥 超保证水位 12.10 m');
    expect(zh).toMatch(/待确认\s+3m 1 值班员 张伟\s+2m/);
    const en = renderToString(withLook(<AlertsPanel {...props(view('en').alerts)} />, 'en'), {
      columns: 100,
    });
    expect(en).toContain('■ CRIT');
    expect(en).toMatch(/TRIGGERED\s+20m 2 leader Li Qiang/);
  });

  it('WaterPanel shows level, rate, flood colour as a word, the next line, time to it, a sparkline and the age', () => {
    const zh = renderToString(withLook(<WaterPanel {...props(view('zh').stations)} />, 'zh'), {
      columns: 100,
    });
    expect(zh).toMatch(/汝河大桥\s+12\.10 \+0\.40 m\/h ◆ 橙色\s+-0\.90 历史最高\s+2h14m\s+▁▃▅▆█\s+0s/);
    expect(zh).toMatch(/白龟湖水库\s+100\.50 \+0\.10 m\/h · 正常/);
    const en = renderToString(withLook(<WaterPanel {...props(view('en').stations)} />, 'en'), {
      columns: 100,
    });
    expect(en).toContain('Ruhe Bridge');
    expect(en).toContain('◆ ORANGE');
  });

  it('WaterPanel marks a station without fresh readings stale, never normal', () => {
    const rows = view('en').stations.map((r) => ({ ...r, stale: true, ageText: '42m' }));
    const frame = renderToString(withLook(<WaterPanel {...props(rows)} />, 'en'), { columns: 100 });
    expect(frame).toContain('STALE 42m');
  });

  it('WaterPanel marks a suspect newest reading with its value (issue 15.1)', () => {
    const suspect = { level: 58, levelText: '58.00', at: 0 };
    const rows = view('zh').stations.map((r) => ({ ...r, suspect }));
    expect(renderToString(withLook(<WaterPanel {...props(rows)} />, 'zh'), { columns: 100 })).toContain(
      '可疑58.00',
    );
  });

  it('StockPanel puts real shortfalls first, then never-counted lines: warehouse, item, quantity against minimum', () => {
    const zh = renderToString(withLook(<StockPanel {...props(view('zh').stock)} />, 'zh'), { columns: 100 });
    const rows = zh.split('\n').slice(2);
    expect(rows[0]).toMatch(/县救灾物资储备库\s+帐篷\s+4\/10 顶\s+-6 低于最低\s+10m/);
    // Never counted is a shortfall of everything, never shown as zero-and-fine, but after the counted ones.
    expect(rows[1]).toMatch(/城关镇储备点\s+帐篷\s+0\/2 顶\s+-2 未盘点/);
    expect(rows[2]).toMatch(/编织袋\s+500\/100 条\s+正常/);
    const en = renderToString(withLook(<StockPanel {...props(view('en').stock)} />, 'en'), { columns: 100 });
    expect(en).toMatch(/County depot\s+Tent\s+4\/10 pcs/);
  });

  it('IncidentsPanel shows level, casualties, township, status and the next deadline as a countdown', () => {
    const zh = renderToString(withLook(<IncidentsPanel {...props(view('zh').incidents)} />, 'zh'), {
      columns: 100,
    });
    expect(zh).toMatch(
      /IV 一般\s+城关镇东村山体滑坡，2人被困\s+死亡1 受伤2 被…\s+城关镇\s+处置中 电话报告 20m\s+20m/,
    );
    const en = renderToString(withLook(<IncidentsPanel {...props(view('en').incidents)} />, 'en'), {
      columns: 100,
    });
    expect(en).toMatch(
      /IV\s+城关镇东村山体滑坡，2人被困\s+1 dead, 2 injur…\s+Chengguan\s+open\s+phone report 20m/,
    );
  });

  it('LogPanel lists the newest entry first with the person by name', () => {
    const zh = renderToString(withLook(<LogPanel {...props(view('zh').log)} />, 'zh'), { columns: 100 });
    const rows = zh.split('\n').slice(2);
    expect(rows[0]).toMatch(/01:58:00 张伟\s+备注\s+INC-1 \S+ · 已派人查看/);
    expect(rows[1]).toMatch(/01:55:00 系统\s+新告警/);
  });

  it('cuts a long Chinese name at a narrow width on a character boundary, in every panel', () => {
    const zhView = view('zh');
    const long = '北汝河下游东风大桥水文监测站（国家基本站）';
    const width = 44;
    // Each panel at the narrow width, its name column holding the long name.
    const narrow = <Row,>(rows: readonly Row[]) => props(rows, width);
    const panels = [
      <WaterPanel key="w" {...narrow(zhView.stations.map((r) => ({ ...r, name: long })))} />,
      <AlertsPanel key="a" {...narrow(zhView.alerts.map((r) => ({ ...r, title: long })))} />,
      <StockPanel key="s" {...narrow(zhView.stock.map((r) => ({ ...r, warehouseName: long })))} />,
      <IncidentsPanel key="i" {...narrow(zhView.incidents.map((r) => ({ ...r, displayTitle: long })))} />,
      <LogPanel key="l" {...narrow(zhView.log.map((r) => ({ ...r, subject: '', text: long })))} />,
    ];
    for (const panel of panels) {
      const frame = renderToString(withLook(panel, 'zh'), { columns: width });
      expectFits(frame, width);
      expect(frame).toMatch(/北汝河[^\n]*…/);
    }
  });

  it('collapses to its title line, which still says what it holds', () => {
    const frame = renderToString(withLook(<StockPanel {...props(view('zh').stock)} isCollapsed />, 'zh'), {
      columns: 80,
    });
    expect(frame.split('\n')).toHaveLength(1);
    expect(frame).toContain('低于最低 2 / 3');
  });

  it('dims a stale panel and says since when its data is frozen', () => {
    const frame = renderToString(
      withLook(<WaterPanel {...props(view('en').stations)} stale={{ since: '02:14:05', age: '3m' }} />, 'en'),
      {
        columns: 100,
      },
    );
    expect(frame.split('\n')[0]).toContain('data as of 02:14:05 (3m ago)');
  });
});
