/**
 * The training lessons: each a pair of scenario files in scenarios/lessons/ (a baseline and one
 * change), the channel relation it teaches (DOMAIN.md: complementary 互补, enhancing 增强,
 * substitution 替代), the KPI that moves and a few to watch beside it. The narrative is in the
 * message catalogue (`lesson<Id>Title`, `lesson<Id>Story`), in Chinese and English.
 */
import type { KpiName } from '../../model/index.ts';
import type { MessageKey } from '../i18n/messages.ts';

export type Relation = 'complementary' | 'enhancing' | 'substitution';

export interface Lesson {
  id: 'diversion' | 'o2o' | 'closure' | 'hotline' | 'subsidy';
  relation: Relation;
  /** file names in scenarios/lessons/ */
  baseline: string;
  change: string;
  /** the KPI that moves, and which way it moves from baseline to change */
  kpi: KpiName;
  direction: 'up' | 'down';
  watch: KpiName[];
  title: MessageKey;
  story: MessageKey;
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'diversion', relation: 'substitution', baseline: 'diversion-baseline.json', change: 'diversion-change.json',
    kpi: 'diversionRate', direction: 'up', watch: ['storeWaitMeanMin', 'eChannelShare', 'satisfaction'],
    title: 'lessonDiversionTitle', story: 'lessonDiversionStory',
  },
  {
    id: 'o2o', relation: 'enhancing', baseline: 'o2o-baseline.json', change: 'o2o-change.json',
    kpi: 'storeWaitMeanMin', direction: 'down', watch: ['partnerShare', 'handsetsSold', 'satisfaction'],
    title: 'lessonO2oTitle', story: 'lessonO2oStory',
  },
  {
    id: 'closure', relation: 'complementary', baseline: 'closure-baseline.json', change: 'closure-change.json',
    kpi: 'storeWaitMeanMin', direction: 'up', watch: ['partnerShare', 'churnRateMonthly', 'channelCost'],
    title: 'lessonClosureTitle', story: 'lessonClosureStory',
  },
  {
    id: 'hotline', relation: 'substitution', baseline: 'hotline-baseline.json', change: 'hotline-change.json',
    kpi: 'hotlineServiceLevel', direction: 'down', watch: ['hotlineShare', 'eChannelShare', 'abandonRate'],
    title: 'lessonHotlineTitle', story: 'lessonHotlineStory',
  },
  {
    id: 'subsidy', relation: 'substitution', baseline: 'subsidy-baseline.json', change: 'subsidy-change.json',
    kpi: 'newLines', direction: 'up', watch: ['commissionSpend', 'partnerShare', 'netContribution'],
    title: 'lessonSubsidyTitle', story: 'lessonSubsidyStory',
  },
];

export const RELATION_LABEL: Record<Relation, { zh: string; en: string }> = {
  complementary: { zh: '互补', en: 'Complementary' },
  enhancing: { zh: '增强', en: 'Enhancing' },
  substitution: { zh: '替代', en: 'Substitution' },
};

/** The lesson with this id, or the first one. */
export function lessonById(id: string | null | undefined): Lesson {
  return LESSONS.find((l) => l.id === id) ?? LESSONS[0];
}

/** The lesson files as the app bundles them: file name → JSON, from an import.meta.glob of scenarios/lessons/*.json. */
export function lessonFiles(modules: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [path, mod] of Object.entries(modules)) {
    const json = mod && typeof mod === 'object' && 'default' in mod ? (mod as { default: unknown }).default : mod;
    out.set(path.slice(path.lastIndexOf('/') + 1), json);
  }
  return out;
}
