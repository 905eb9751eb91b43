// The words a report file carries, in pt-BR and en. The server may not import the renderer's i18n files (import
// boundary), so the disposition labels are repeated here; labels.test.ts keeps them equal to the app's.
import type { Disposition, Locale } from '../../shared/model';

export const COLUMNS = [
  'dateTime',
  'agent',
  'customer',
  'document',
  'accountNumber',
  'portfolio',
  'number',
  'durationSeconds',
  'disposition',
  'promiseDate',
  'promiseAmount',
  'notes',
  'scriptId',
  'scriptVariant',
  'strategyVariant',
] as const;
export type Column = (typeof COLUMNS)[number];

interface Words {
  columns: Record<Column, string>;
  dispositions: Record<Disposition, string>;
  pdf: {
    title: string;
    period: string;
    periodAll: string;
    timeZone: string;
    filters: string;
    none: string;
    team: string;
    agent: string;
    dispositions: string;
    portfolios: string;
    generatedAt: string;
    attempts: string;
    byDisposition: string;
    byAgent: string;
    promises: string;
    promiseCount: string;
    promiseAmount: string;
    share: string;
    noRows: string;
    until: string;
    from: string;
  };
}

export const WORDS: Record<Locale, Words> = {
  'pt-BR': {
    columns: {
      dateTime: 'Data/hora',
      agent: 'Agente',
      customer: 'Cliente',
      document: 'Documento',
      accountNumber: 'Contrato',
      portfolio: 'Carteira',
      number: 'Número discado',
      durationSeconds: 'Duração (s)',
      disposition: 'Resultado',
      promiseDate: 'Data da promessa',
      promiseAmount: 'Valor da promessa',
      notes: 'Observações',
      scriptId: 'Roteiro',
      scriptVariant: 'Variante do roteiro',
      strategyVariant: 'Variante da estratégia',
    },
    dispositions: {
      no_answer: 'Não atendeu',
      busy: 'Ocupado',
      voicemail: 'Caixa postal',
      wrong_number: 'Número errado',
      third_party: 'Terceiro',
      refused: 'Recusou',
      promise_to_pay: 'Promessa de pagamento',
      installment_plan: 'Parcelamento',
      paid_already: 'Já pagou',
      dispute: 'Contestação',
      callback: 'Retornar ligação',
      deceased: 'Falecido',
    },
    pdf: {
      title: 'Relatório de resultados de contato',
      period: 'Período',
      periodAll: 'todo o histórico',
      timeZone: 'Fuso horário',
      filters: 'Filtros',
      none: 'nenhum',
      team: 'Equipe',
      agent: 'Agente',
      dispositions: 'Resultados',
      portfolios: 'Carteiras',
      generatedAt: 'Gerado em',
      attempts: 'Tentativas',
      byDisposition: 'Tentativas por resultado',
      byAgent: 'Tentativas e promessas por agente',
      promises: 'Promessas',
      promiseCount: 'Promessas',
      promiseAmount: 'Valor prometido',
      share: '%',
      noRows: 'Nenhuma tentativa no período e filtros escolhidos.',
      until: 'até',
      from: 'de',
    },
  },
  en: {
    columns: {
      dateTime: 'Date/time',
      agent: 'Agent',
      customer: 'Customer',
      document: 'Document',
      accountNumber: 'Account',
      portfolio: 'Portfolio',
      number: 'Number dialled',
      durationSeconds: 'Duration (s)',
      disposition: 'Disposition',
      promiseDate: 'Promise date',
      promiseAmount: 'Promise amount',
      notes: 'Notes',
      scriptId: 'Script',
      scriptVariant: 'Script variant',
      strategyVariant: 'Strategy variant',
    },
    dispositions: {
      no_answer: 'No answer',
      busy: 'Busy',
      voicemail: 'Voicemail',
      wrong_number: 'Wrong number',
      third_party: 'Third party',
      refused: 'Refused',
      promise_to_pay: 'Promise to pay',
      installment_plan: 'Installment plan',
      paid_already: 'Already paid',
      dispute: 'Dispute',
      callback: 'Call back',
      deceased: 'Deceased',
    },
    pdf: {
      title: 'Call-outcome report',
      period: 'Period',
      periodAll: 'all history',
      timeZone: 'Time zone',
      filters: 'Filters',
      none: 'none',
      team: 'Team',
      agent: 'Agent',
      dispositions: 'Dispositions',
      portfolios: 'Portfolios',
      generatedAt: 'Generated at',
      attempts: 'Attempts',
      byDisposition: 'Attempts by disposition',
      byAgent: 'Attempts and promises by agent',
      promises: 'Promises',
      promiseCount: 'Promises',
      promiseAmount: 'Amount promised',
      share: '%',
      noRows: 'No attempts for the chosen period and filters.',
      until: 'to',
      from: 'from',
    },
  },
};
