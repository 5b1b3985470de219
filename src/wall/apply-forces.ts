import type { PageApplier } from './apply-view.js';
import { cellWidth } from './blessed-adapter.js';
import { row, toned, widest, withGlyph } from './text-cells.js';

/** The forces page: by township, the teams, people ready and out, stale teams, and what they can do. */
export const applyForces: PageApplier = (layout, view, ctx, title) => {
  const { palette } = ctx;
  const f = view.forces;
  title.setData(toned(`${f.title}  ${f.summary}`, 'title', palette));
  const table = layout.forces;
  const [cName = '', cTeams = '', cReady = '', cOut = '', cStale = '', cKinds = ''] = f.columns;
  const name = widest([cName, ...f.rows.map((r) => withGlyph(r.tone, r.township))], 22);
  const num = (head: string) => Math.max(5, cellWidth(head));
  const [teams, ready, out, stale] = [num(cTeams), num(cReady), num(cOut), num(cStale)];
  const kinds = Math.max(0, table.width - name - teams - ready - out - stale - 7);
  const header = row(
    [
      { text: cName, width: name },
      { text: cTeams, width: teams, align: 'right' },
      { text: cReady, width: ready, align: 'right' },
      { text: cOut, width: out, align: 'right' },
      { text: cStale, width: stale, align: 'right' },
      { text: cKinds, width: kinds },
    ],
    palette,
  );
  const rows =
    f.rows.length === 0
      ? [toned(f.empty, 'stale', palette)]
      : f.rows.map((r) =>
          row(
            [
              { text: withGlyph(r.tone, r.township), width: name, tone: r.tone },
              { text: r.teams, width: teams, align: 'right' },
              { text: r.ready, width: ready, align: 'right', tone: r.tone === 'stale' ? 'stale' : undefined },
              { text: r.out, width: out, align: 'right', tone: r.out === '0' ? undefined : 'info' },
              { text: r.stale, width: stale, align: 'right', tone: r.stale === '0' ? undefined : 'stale' },
              { text: r.specialties, width: kinds },
            ],
            palette,
          ),
        );
  const more = f.more + Math.max(0, f.rows.length - table.height);
  table.setData({
    label: ` ${f.title}${more ? ` (+${more})` : ''} `,
    header,
    rows: rows.slice(0, table.height),
  });
};
