import type { ResponsibleRole } from '../../protocol/index.js';

/** How a responsible person's role is said, in both languages the screens speak. */
export const ROLE_LABELS: Readonly<Record<ResponsibleRole | 'duty', { zh: string; en: string }>> = {
  'county.commander': { zh: '县防指指挥长', en: 'county flood HQ commander' },
  'county.deputy': { zh: '县防指副指挥长', en: 'county flood HQ deputy' },
  'township.head': { zh: '党政主要负责人', en: 'township head' },
  'township.flood': { zh: '防汛责任人', en: 'township flood lead' },
  'village.flood': { zh: '村防汛责任人', en: 'village flood lead' },
  'village.informant': { zh: '灾害信息员', en: 'disaster informant' },
  'project.administrative': { zh: '行政责任人', en: 'administrative lead' },
  'project.technical': { zh: '技术责任人', en: 'technical lead' },
  'project.patrol': { zh: '巡查责任人', en: 'patrol lead' },
  duty: { zh: '值班人员', en: 'duty staff' },
};

/**
 * Who matters most when several have not answered: the county's leaders first (the rule phones them at once),
 * then the township heads, the township and project leads, and the villages last.
 */
export const ROLE_RANK: Readonly<Record<ResponsibleRole | 'duty', number>> = {
  'county.commander': 0,
  'county.deputy': 1,
  duty: 2,
  'township.head': 3,
  'township.flood': 4,
  'project.administrative': 5,
  'project.technical': 6,
  'project.patrol': 7,
  'village.flood': 8,
  'village.informant': 9,
};
