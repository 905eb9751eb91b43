// Quita's portfolio fields a creditor file's columns map onto: one list for the server's importer and the
// console's mapping editor, which translates each as `import.field.<name>`. Pure.
export const PORTFOLIO_FIELDS = [
  'name',
  'document',
  'accountNumber',
  'balance',
  'dueDate',
  'originalBalance',
  'product',
  'phone',
  'mobile',
  'phone2',
  'email',
  'street',
  'city',
  'state',
  'postalCode',
  'boletoLine',
  'pixKey',
  'creditor',
] as const;
export type PortfolioField = (typeof PORTFOLIO_FIELDS)[number];
