import { describe, expect, it } from 'vitest';
import { brazilAreaCode, formatPhone, toE164 } from './phone';

describe('toE164', () => {
  it.each([
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['11 98765 4321', 'BR', '+5511987654321'],
    ['(11) 3456-7890', 'BR', '+551134567890'],
    ['+55 (68) 99912-3456', 'BR', '+5568999123456'],
    // Carrier-selection prefix "0 21" used when dialling long distance inside Brazil.
    ['0 21 11 98765-4321', 'BR', '+5511987654321'],
    ['+1 415 555 2671', 'BR', '+14155552671'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'BR', '+442079460958'],
    ['+5511987654321', 'XX', '+5511987654321'],
  ])('%j in %s → %s', (raw, region, expected) => {
    expect(toE164(raw, region)).toBe(expected);
  });

  it.each([
    ['', 'BR'],
    ['abc', 'BR'],
    ['123', 'BR'],
    // Brazilian mobile numbers start with 9: only full metadata catches this one.
    ['(11) 12345-6789', 'BR'],
    ['(20) 98765-4321', 'BR'],
    ['98765-4321', 'XX'],
  ])('%j in %s is not a number', (raw, region) => {
    expect(toE164(raw, region)).toBeNull();
  });
});

describe('formatPhone', () => {
  it.each([
    ['+5511987654321', 'national', '(11) 98765-4321'],
    ['+5511987654321', 'international', '+55 11 98765 4321'],
    ['+551134567890', 'national', '(11) 3456-7890'],
    ['+14155552671', 'national', '(415) 555-2671'],
    ['+14155552671', 'international', '+1 415 555 2671'],
    ['not a phone', 'national', 'not a phone'],
  ] as const)('%s as %s → %s', (e164, style, expected) => {
    expect(formatPhone(e164, style)).toBe(expected);
  });
});

describe('brazilAreaCode', () => {
  it.each([
    ['+5511987654321', '11'],
    ['+556832241234', '68'],
    ['+5597999123456', '97'],
    ['+14155552671', null],
    ['+552098765432', null], // 20 is not an area code
    ['+55119876543', null], // too short
    ['5511987654321', null],
  ])('%s → %s', (e164, expected) => {
    expect(brazilAreaCode(e164)).toBe(expected);
  });
});
