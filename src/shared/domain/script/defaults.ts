// The scripts and selection rules Quita ships. The scripts are JSON documents (defaults/*.json, the same format a
// supervisor imports), parsed here so a broken one fails every test that loads the domain.
import br30Plus from './defaults/br.30-plus.json';
import br90Plus from './defaults/br.90-plus.json';
import brBrokenPromise from './defaults/br.broken-promise.json';
import brFirstReminder from './defaults/br.first-reminder.json';
import brGoodPayer from './defaults/br.good-payer.json';
import us30Plus from './defaults/us.30-plus.json';
import us90Plus from './defaults/us.90-plus.json';
import usBrokenPromise from './defaults/us.broken-promise.json';
import usFirstReminder from './defaults/us.first-reminder.json';
import usGoodPayer from './defaults/us.good-payer.json';
import { Script } from './schema';
import { ScriptRules, type ScriptRule } from './select';

/** The documents as shipped (JSON), before parsing: what an export or the validation test sees. */
export const defaultScriptDocuments: readonly unknown[] = [
  brFirstReminder,
  br30Plus,
  br90Plus,
  brBrokenPromise,
  brGoodPayer,
  usFirstReminder,
  us30Plus,
  us90Plus,
  usBrokenPromise,
  usGoodPayer,
];

export const defaultScripts: readonly Script[] = defaultScriptDocuments.map((doc) => Script.parse(doc));

function familyRules(family: 'br' | 'us'): ScriptRule[] {
  const rule = (scenario: string, when: ScriptRule['when']): ScriptRule => ({
    id: `${family}.${scenario}`,
    when: { policies: [family], ...when },
    scriptId: `${family}.${scenario}`,
    variants: [{ id: 'A', weight: 1 }],
  });
  // First match wins: a recent broken promise says more than the bucket; a good payer's short delay gets the soft
  // script before the bucket scripts.
  return [
    rule('broken-promise', { brokenPromiseWithinDays: 30 }),
    rule('good-payer', { payerProfiles: ['first_time'], maxDaysPastDue: 30 }),
    rule('90-plus', { minDaysPastDue: 91 }),
    rule('30-plus', { minDaysPastDue: 31 }),
    rule('first-reminder', {}),
  ];
}

/**
 * Brazil (`br` policy) and US (`us` policy, scripts with the mini-Miranda). The UK preset has no shipped script:
 * its required disclosures (firm and purpose, free debt advice) need scripts written for it.
 */
export const defaultScriptRules: ScriptRules = ScriptRules.parse({
  experimentId: 'default-scripts',
  rules: [...familyRules('br'), ...familyRules('us')],
});
