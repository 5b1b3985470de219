import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/protocol/index.js';
import { logTextSayer } from '../../src/state/selectors/log-text.js';
import { busySnapshot, liveState } from '../console/console-fixtures.js';
import { alertFeed, NIGHT } from './feed-fixtures.js';

const entry = (action: string, text: string, alert: number | null = 12): AuditEntry => ({
  id: 1,
  at: NIGHT,
  actor: 'system',
  action,
  alert,
  incident: null,
  obligation: null,
  text,
});

describe('logTextSayer', () => {
  const state = liveState(busySnapshot({ alerts: [alertFeed()] }));
  const zh = logTextSayer(state, 'zh');
  const en = logTextSayer(state, 'ascii');

  it('says a call-out (叫应) in the console language: the title in Chinese only, the figures in both', () => {
    const text =
      '叫应 #3 (station trigger): 汝河大桥 超保证 0.40 m（保证 12.00） — 12 to answer within 5 min; 2 have no channel: phone them';
    expect(zh(entry('callout_started', text))).toBe(
      '叫应 #3（水情触发）：汝河大桥 超保证 0.40 m（保证 12.00）——12 人须在 5 分钟内应答；2 人无可用渠道，请电话联系',
    );
    expect(en(entry('callout_started', text))).toBe(
      'call-out #3 (station trigger): 12 to answer within 5 min; 2 have no channel: phone them',
    );
    expect(en(entry('drill_callout_started', '叫应 #4 (P1): 【演练】演练 — 3 to answer within 5 min'))).toBe(
      'DRILL call-out #4 (Zhang Wei): 3 to answer within 5 min',
    );
  });

  it('says the ladder, the clocks and the re-triggers in Chinese, with names and the county clock', () => {
    expect(zh(entry('escalated', 'rung 2/4 (repeat 1): leader (带班领导) P2 alerted'))).toBe(
      '第 2/4 级（第 2 轮）：已通知带班领导 李强',
    );
    expect(zh(entry('escalated', 'rung 4/4: government (县政府总值班室) P4 alerted'))).toBe(
      '第 4/4 级：已通知县政府总值班室',
    );
    expect(zh(entry('no_one_on_duty', 'NOBODY holds chief (局长): rung 3/4 skipped — fix the roster'))).toBe(
      '第 3/4 级：无人担任局长，已跳过——请补排班',
    );
    expect(zh(entry('acknowledged', '已核实 (re-check 2026-07-19T18:30:00.000Z)'))).toBe(
      '已核实（复查 02:30:00）',
    );
    expect(
      zh(entry('auto_un_ack', 'acknowledgement by P1 not confirmed by its re-check time: triggered again')),
    ).toBe('张伟 的确认未在复查时间前续期：再次触发');
    expect(zh(entry('clock_started', 'phone report to city due 2026-07-19T18:30:00.000Z', null))).toBe(
      '电话报告 → 市应急管理局，02:30:00 前到期',
    );
    expect(zh(entry('incident_upgraded', 'upgraded 一般 → 较大: reporting clocks re-armed', null))).toBe(
      '等级 一般 → 较大：报送时限重新计时',
    );
    expect(zh(entry('created', 'Ruhe Bridge over guaranteed level 12.10 m'))).toBe(
      '汝河大桥 超保证水位 12.10 m',
    );
  });

  it('says the same in English, with ASCII names, and passes unknown text through with ids and instants readable', () => {
    expect(en(entry('escalated', 'rung 2/4: leader (带班领导) P2 alerted'))).toBe(
      'rung 2/4: leader Li Qiang alerted',
    );
    expect(en(entry('incident_upgraded', 'upgraded 一般 → 较大: reporting clocks re-armed', null))).toBe(
      'upgraded IV (ordinary) -> III (relatively serious): reporting clocks re-armed',
    );
    expect(en(entry('something_new', 'P1 did a thing at 2026-07-19T18:30:00.000Z', null))).toBe(
      'Zhang Wei did a thing at 02:30:00',
    );
  });
});
