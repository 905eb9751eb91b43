import { describe, expect, it } from 'vitest';
import { foldHeader, parseMappingArg, resolveMapping } from './fields';

describe('column mapping', () => {
  it('maps common Portuguese headers whatever their accents and case', () => {
    expect(['Número da Conta', 'CPF/CNPJ', 'Nº Contrato', 'E-mail', 'Linha Digitável'].map(foldHeader)).toEqual([
      'numero_da_conta',
      'cpf_cnpj',
      'n_contrato',
      'e_mail',
      'linha_digitavel',
    ]);
    const header = ['Nome', 'CPF/CNPJ', 'Número da Conta', 'Saldo', 'Valor Original', 'Vencimento', 'Celular', 'Telefone', 'UF', 'CEP', 'Chave PIX'];
    const r = resolveMapping(header, {}, {});
    expect(r.issues).toEqual([]);
    expect(r.columns).toEqual({ name: 0, document: 1, accountNumber: 2, balance: 3, originalBalance: 4, dueDate: 5, mobile: 6, phone: 7, state: 8, postalCode: 9, pixKey: 10 });
    expect(r.used.balance).toEqual({ header: 'Saldo', source: 'default' });
  });

  it('prefers a given mapping, then the saved one, then the defaults; reports what cannot be found', () => {
    const header = ['Cliente', 'Doc', 'Operação', 'Saldo Atual', 'Saldo', 'Dt Venc'];
    const r = resolveMapping(header, { accountNumber: 'operação' }, { balance: 'Saldo Atual', phone: 'Fone Antigo' });
    expect(r.issues).toEqual([]);
    expect(r.used).toMatchObject({ accountNumber: { header: 'Operação', source: 'given' }, balance: { header: 'Saldo Atual', source: 'saved' }, dueDate: { source: 'default' } });
    expect(r.columns.phone).toBeUndefined();
    expect(resolveMapping(header, { balance: 'Valor' }, {}).issues).toEqual([
      { code: 'mapping_header_not_found', params: { field: 'balance', header: 'Valor' } },
      { code: 'missing_columns', params: { fields: ['accountNumber'], headers: header } },
    ]);
  });

  it('parses --mapping', () => {
    expect(parseMappingArg('balance=Saldo Atual, accountNumber = Nº Op')).toEqual({ ok: true, mapping: { balance: 'Saldo Atual', accountNumber: 'Nº Op' } });
    expect(parseMappingArg('saldo=Saldo,balance')).toEqual({ ok: false, unknown: ['saldo=Saldo', 'balance'] });
  });
});
