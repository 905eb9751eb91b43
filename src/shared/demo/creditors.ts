// Fictitious creditors for the demo portfolio. Names are invented; bank codes are placeholders, not real banks'.

export type BalanceTier = readonly [minCents: number, maxCents: number, weight: number];

export type DemoProduct = {
  name: string;
  tiers: readonly BalanceTier[];
  /** How much the balance grows (interest, fees) over 720 days past due, as a fraction of the original. */
  growthOver720Days: number;
};

export type DemoCreditor = {
  name: string;
  code: string;
  /** Three digits for the boleto's bank field. */
  bankCode: string;
  /** Twelve-character CNPJ base; the check digits are computed. */
  cnpjBase: string;
  pixKeyKind: 'cnpj' | 'email' | 'evp';
  weight: number;
  products: readonly DemoProduct[];
};

const SMALL_BILL: readonly BalanceTier[] = [
  [5_000, 15_000, 40],
  [15_000, 40_000, 35],
  [40_000, 100_000, 18],
  [100_000, 300_000, 7],
];
const CARD: readonly BalanceTier[] = [
  [20_000, 100_000, 30],
  [100_000, 300_000, 30],
  [300_000, 800_000, 22],
  [800_000, 2_000_000, 12],
  [2_000_000, 5_000_000, 6],
];
const LOAN: readonly BalanceTier[] = [
  [100_000, 500_000, 30],
  [500_000, 1_500_000, 35],
  [1_500_000, 4_000_000, 25],
  [4_000_000, 8_000_000, 10],
];
const STORE: readonly BalanceTier[] = [
  [5_000, 30_000, 35],
  [30_000, 100_000, 35],
  [100_000, 300_000, 22],
  [300_000, 800_000, 8],
];

const cartao: DemoProduct = { name: 'Cartão de crédito', tiers: CARD, growthOver720Days: 1.2 };
const emprestimo: DemoProduct = { name: 'Empréstimo pessoal', tiers: LOAN, growthOver720Days: 0.6 };
const chequeEspecial: DemoProduct = { name: 'Cheque especial', tiers: CARD, growthOver720Days: 1.4 };
const consignado: DemoProduct = { name: 'Crédito consignado', tiers: LOAN, growthOver720Days: 0.3 };
const veiculo: DemoProduct = { name: 'Financiamento de veículo', tiers: LOAN, growthOver720Days: 0.4 };
const crediario: DemoProduct = { name: 'Crediário', tiers: STORE, growthOver720Days: 0.5 };
const cartaoLoja: DemoProduct = { name: 'Cartão de loja', tiers: STORE, growthOver720Days: 0.9 };
const planoMovel: DemoProduct = { name: 'Plano móvel', tiers: SMALL_BILL, growthOver720Days: 0.15 };
const internet: DemoProduct = { name: 'Internet fibra', tiers: SMALL_BILL, growthOver720Days: 0.15 };
const tv: DemoProduct = { name: 'TV por assinatura', tiers: SMALL_BILL, growthOver720Days: 0.15 };
const luz: DemoProduct = { name: 'Conta de luz', tiers: SMALL_BILL, growthOver720Days: 0.1 };
const agua: DemoProduct = { name: 'Conta de água', tiers: SMALL_BILL, growthOver720Days: 0.1 };
const mensalidade: DemoProduct = { name: 'Mensalidade escolar', tiers: STORE, growthOver720Days: 0.2 };

export const DEMO_CREDITORS: readonly DemoCreditor[] = [
  {
    name: 'Banco Aurora',
    code: 'AUR',
    bankCode: '901',
    cnpjBase: '184720350001',
    pixKeyKind: 'cnpj',
    weight: 18,
    products: [cartao, cartao, emprestimo, chequeEspecial, consignado],
  },
  {
    name: 'Banco Horizonte',
    code: 'HRZ',
    bankCode: '902',
    cnpjBase: '293018470001',
    pixKeyKind: 'evp',
    weight: 12,
    products: [cartao, emprestimo, veiculo],
  },
  {
    name: 'Financeira Cerrado',
    code: 'FCE',
    bankCode: '903',
    cnpjBase: '402957610001',
    pixKeyKind: 'email',
    weight: 7,
    products: [emprestimo, crediario],
  },
  {
    name: 'Telefônica Sol',
    code: 'TSO',
    bankCode: '901',
    cnpjBase: '517364820001',
    pixKeyKind: 'cnpj',
    weight: 14,
    products: [planoMovel, planoMovel, internet, tv],
  },
  {
    name: 'Conecta Telecom',
    code: 'CNT',
    bankCode: '902',
    cnpjBase: '623840190001',
    pixKeyKind: 'evp',
    weight: 8,
    products: [planoMovel, internet],
  },
  {
    name: 'Lojas Ipê',
    code: 'IPE',
    bankCode: '903',
    cnpjBase: '738205460001',
    pixKeyKind: 'email',
    weight: 10,
    products: [crediario, cartaoLoja],
  },
  {
    name: 'Magazine Primavera',
    code: 'MPR',
    bankCode: '901',
    cnpjBase: '845619030001',
    pixKeyKind: 'cnpj',
    weight: 9,
    products: [crediario, cartaoLoja, cartaoLoja],
  },
  {
    name: 'Companhia Energética Vale Verde',
    code: 'CEV',
    bankCode: '904',
    cnpjBase: '951076280001',
    pixKeyKind: 'cnpj',
    weight: 10,
    products: [luz],
  },
  {
    name: 'Águas do Planalto',
    code: 'AGP',
    bankCode: '904',
    cnpjBase: '106482730001',
    pixKeyKind: 'email',
    weight: 5,
    products: [agua],
  },
  {
    name: 'Faculdade Estrela do Saber',
    code: 'FES',
    bankCode: '902',
    cnpjBase: '217593840001',
    pixKeyKind: 'evp',
    weight: 4,
    products: [mensalidade],
  },
];
