import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract';
import { Disposition } from '../../shared/model';
import { createI18n, translations } from './i18n';

const { en, 'pt-BR': ptBR } = translations;

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [String(value)];
  return Object.values(value).flatMap(leaves);
}

describe('translations', () => {
  it('pt-BR and en have exactly the same keys', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(ptBR).sort());
  });

  it('have no empty strings', () => {
    expect(leaves(ptBR).filter((s) => s.trim() === '')).toEqual([]);
    expect(leaves(en).filter((s) => s.trim() === '')).toEqual([]);
  });

  it('translate every error code of the contract with a next step, and every disposition', () => {
    for (const lng of ['pt-BR', 'en'] as const) {
      const i18n = createI18n(lng);
      for (const code of ErrorCode.options) {
        expect(i18n.exists(`errors.${code}.title`), `${lng} errors.${code}.title`).toBe(true);
        expect(i18n.exists(`errors.${code}.action`), `${lng} errors.${code}.action`).toBe(true);
      }
      for (const disposition of Disposition.options) {
        expect(i18n.exists(`disposition.${disposition}`), `${lng} disposition.${disposition}`).toBe(true);
      }
    }
  });

  it('pluralises the sync status in both languages', () => {
    const pt = createI18n('pt-BR');
    const english = createI18n('en');
    expect(`${pt.t('sync.state.local_only')} · ${pt.t('sync.pending', { count: 3 })}`).toBe('Somente local · 3 pendentes');
    expect(pt.t('sync.pending', { count: 1 })).toBe('1 pendente');
    expect(pt.t('sync.pending', { count: 0 })).toBe('nada pendente');
    expect(`${english.t('sync.state.local_only')} · ${english.t('sync.pending', { count: 3 })}`).toBe('Local only · 3 pending');
    expect(pt.t('disposition.no_answer')).toBe('Não atendeu');
    expect(english.t('disposition.no_answer')).toBe('No answer');
  });
});
