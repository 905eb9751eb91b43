import { describe, expect, it } from 'vitest';
import { defaultScriptRules, defaultScripts } from './defaults';
import {
  daysSinceBrokenPromise,
  daysSinceBrokenPromiseInHistory,
  ScriptRules,
  selectScript,
  type ScriptRef,
  type ScriptSelectionContext,
} from './select';

const available: ScriptRef[] = defaultScripts.map(({ id, version, variant }) => ({ id, version, variant }));

const base: ScriptSelectionContext = {
  accountId: 'acc-1',
  daysPastDue: 10,
  payerProfile: 'occasional',
  daysSinceBrokenPromise: null,
  language: 'pt-BR',
  policyId: 'br',
  strategyVariant: 'A',
};

describe('selectScript with the default rules', () => {
  it.each<[string, Partial<ScriptSelectionContext>, string, string[]]>([
    ['a few days late', { daysPastDue: 5 }, 'br.first-reminder', ['policies']],
    ['30 days is still the first reminder', { daysPastDue: 30 }, 'br.first-reminder', ['policies']],
    ['31 days', { daysPastDue: 31 }, 'br.30-plus', ['minDaysPastDue', 'policies']],
    ['90 days', { daysPastDue: 90 }, 'br.30-plus', ['minDaysPastDue', 'policies']],
    ['91 days', { daysPastDue: 91 }, 'br.90-plus', ['minDaysPastDue', 'policies']],
    ['a good payer late once', { daysPastDue: 12, payerProfile: 'first_time' }, 'br.good-payer', ['maxDaysPastDue', 'payerProfiles', 'policies']],
    ['a good payer long overdue gets the bucket script', { daysPastDue: 45, payerProfile: 'first_time' }, 'br.30-plus', ['minDaysPastDue', 'policies']],
    ['a chronic payer', { daysPastDue: 12, payerProfile: 'chronic' }, 'br.first-reminder', ['policies']],
    ['a promise broken 3 days ago', { daysPastDue: 120, daysSinceBrokenPromise: 3 }, 'br.broken-promise', ['brokenPromiseWithinDays', 'policies']],
    ['a promise broken long ago', { daysPastDue: 120, daysSinceBrokenPromise: 200 }, 'br.90-plus', ['minDaysPastDue', 'policies']],
    ['US policy', { policyId: 'us', language: 'en', daysPastDue: 40 }, 'us.30-plus', ['minDaysPastDue', 'policies']],
    ['US policy, Portuguese speaker', { policyId: 'us', language: 'pt-BR', daysPastDue: 2 }, 'us.first-reminder', ['policies']],
    ['US broken promise', { policyId: 'us', daysSinceBrokenPromise: 0 }, 'us.broken-promise', ['brokenPromiseWithinDays', 'policies']],
  ])('%s → %s', (_name, change, scriptId, matched) => {
    const result = selectScript(defaultScriptRules, { ...base, ...change }, available);
    expect(result).toEqual({ ok: true, scriptId, version: 1, variant: 'A', ruleId: scriptId, matched, experiment: null });
  });

  it('finds no script for a policy the defaults do not cover (UK)', () => {
    expect(selectScript(defaultScriptRules, { ...base, policyId: 'uk' }, available)).toEqual({ ok: false, code: 'no_rule_matched' });
  });
});

describe('selectScript rules', () => {
  const rules = ScriptRules.parse({
    experimentId: 'exp-2026',
    rules: [
      { id: 'en-only', when: { languages: ['en'], strategyVariants: ['B'] }, scriptId: 'english', variants: [{ id: 'A', weight: 1 }] },
      { id: 'buckets', when: { dpdBuckets: ['61-90', '91-180'] }, scriptId: 'late', version: 1, variants: [{ id: 'A', weight: 1 }] },
      {
        id: 'ab',
        scriptId: 'reminder',
        variants: [
          { id: 'soft', weight: 1 },
          { id: 'direct', weight: 1 },
        ],
      },
    ],
  });
  const refs: ScriptRef[] = [
    { id: 'english', version: 1, variant: 'A' },
    { id: 'late', version: 1, variant: 'A' },
    { id: 'late', version: 2, variant: 'A' },
    { id: 'reminder', version: 3, variant: 'soft' },
    { id: 'reminder', version: 4, variant: 'soft' },
    { id: 'reminder', version: 2, variant: 'direct' },
  ];

  it('matches language and strategy variant together', () => {
    expect(selectScript(rules, { ...base, language: 'en', strategyVariant: 'B' }, refs)).toMatchObject({ ruleId: 'en-only', matched: ['languages', 'strategyVariants'] });
    expect(selectScript(rules, { ...base, language: 'en', strategyVariant: 'A' }, refs)).toMatchObject({ ruleId: 'ab' });
    expect(selectScript(rules, { ...base, language: 'en', strategyVariant: null }, refs)).toMatchObject({ ruleId: 'ab' });
  });

  it('matches DPD buckets and keeps a pinned version', () => {
    expect(selectScript(rules, { ...base, daysPastDue: 75 }, refs)).toMatchObject({ ruleId: 'buckets', scriptId: 'late', version: 1, matched: ['dpdBuckets'] });
    expect(selectScript(rules, { ...base, daysPastDue: 181 }, refs)).toMatchObject({ ruleId: 'ab' });
  });

  it('splits accounts between A/B variants deterministically, each on its newest version', () => {
    const counts = { soft: 0, direct: 0 };
    for (let i = 0; i < 2000; i += 1) {
      const context = { ...base, accountId: `acc-${i}` };
      const first = selectScript(rules, context, refs);
      const again = selectScript(rules, context, refs);
      expect(again).toEqual(first);
      if (!first.ok) throw new Error('expected a script');
      expect(first.experiment).toEqual({ id: 'exp-2026:ab', variants: ['soft', 'direct'] });
      expect(first.version).toBe(first.variant === 'soft' ? 4 : 2);
      counts[first.variant as 'soft' | 'direct'] += 1;
    }
    expect(counts.soft).toBeGreaterThan(900);
    expect(counts.direct).toBeGreaterThan(900);
  });

  it('says which script is missing when the matching rule has none available', () => {
    expect(selectScript(rules, { ...base, daysPastDue: 75 }, refs.filter((r) => r.id !== 'late' || r.version !== 1))).toEqual({
      ok: false,
      code: 'script_not_available',
      ruleId: 'buckets',
      scriptId: 'late',
      variant: 'A',
      version: 1,
    });
  });

  it('refuses duplicate rule ids and variants without weight', () => {
    const bad = ScriptRules.safeParse({
      experimentId: 'x',
      rules: [
        { id: 'r', scriptId: 's', variants: [{ id: 'A', weight: 0 }] },
        { id: 'r', scriptId: 's', variants: [{ id: 'A', weight: 1 }] },
      ],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rules.0.variants', 'at least one variant needs a positive weight'],
      ['rules.1.id', 'duplicate_rule_id'],
    ]);
  });
});

describe('daysSinceBrokenPromise', () => {
  it('counts whole days since the latest broken promise', () => {
    const now = Date.UTC(2026, 5, 10, 12);
    expect(daysSinceBrokenPromise([], now)).toBeNull();
    expect(
      daysSinceBrokenPromise(
        [
          { status: 'broken', resolvedAt: Date.UTC(2026, 4, 1) },
          { status: 'broken', resolvedAt: Date.UTC(2026, 5, 7, 18) },
          { status: 'kept', resolvedAt: Date.UTC(2026, 5, 10) },
        ],
        now,
      ),
    ).toBe(2);
  });
});

describe('daysSinceBrokenPromiseInHistory', () => {
  it('dates a broken promise the day after its date, and takes the latest', () => {
    const history = [
      { kind: 'payment' },
      { kind: 'promise', status: 'broken', dueDate: '2026-05-01' },
      { kind: 'promise', status: 'broken', dueDate: '2026-06-05' },
      { kind: 'promise', status: 'pending', dueDate: '2026-06-09' },
    ];
    expect(daysSinceBrokenPromiseInHistory(history, '2026-06-10')).toBe(4);
    expect(daysSinceBrokenPromiseInHistory(history.slice(3), '2026-06-10')).toBeNull();
  });
});
