// Builds a bank boleto's linha digitável (47 digits) with valid check digits, for demo accounts.
// The check-digit maths and the due factor live in the domain (payment-codes/boleto.ts), the same code that
// validates what an agent pastes, so a demo line can never disagree with the validator.
import { boletoFactorForDate, buildBankBoletoLine } from '../domain/payment-codes/boleto';

/**
 * The due-date factor: days since 1997-10-07, which reached 9999 on 2025-02-21 and restarted at 1000 on
 * 2025-02-22 (FEBRABAN), so it cycles through 1000–9999.
 */
export function boletoDueFactor(dueDate: string): number {
  return boletoFactorForDate(dueDate);
}

export function buildBoletoLine(input: { bank: string; factor: number; valueCents: number; freeField: string }): string {
  return buildBankBoletoLine({
    bankCode: input.bank,
    factor: input.factor,
    amountCents: input.valueCents,
    freeField: input.freeField,
  });
}
