import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('domain index', () => {
  it('exports the functions other modules call', () => {
    for (const name of [
      'minorUnitDigits',
      'formatMoney',
      'parseMoney',
      'sumMoney',
      'toE164',
      'formatPhone',
      'brazilAreaCode',
      'isValidCpf',
      'isValidCnpj',
      'normalizeDocument',
      'formatDocument',
      'maskDocument',
      'cpfFromBase',
      'brazilTimeZoneForState',
      'brazilTimeZoneForAreaCode',
      'resolveCustomerTimeZone',
      'isValidTimeZone',
      'todayIn',
      'addDays',
      'diffDays',
      'daysPastDue',
      'dpdBucket',
      'startOfDayIn',
      'localTimeParts',
    ]) {
      expect(typeof (domain as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
