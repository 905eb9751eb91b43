// Which column feeds which Quita field. A header is compared folded (no accents, lower case, runs of anything
// else as one "_"), so "Número da Conta", "NUMERO_DA_CONTA" and "numero da conta" are one name. Precedence: a
// mapping given with this import, then the creditor's saved mapping, then the defaults below (the headers
// Brazilian creditors' exports commonly use).
import { PORTFOLIO_FIELDS, type FileIssue, type PortfolioField, type PortfolioImportReport } from './report';

export const REQUIRED_FIELDS: readonly PortfolioField[] = ['name', 'document', 'accountNumber', 'balance', 'dueDate'];

export const DEFAULT_HEADERS: Record<PortfolioField, readonly string[]> = {
  name: ['nome', 'nome_cliente', 'nome_do_cliente', 'cliente', 'nome_devedor', 'devedor', 'razao_social', 'nome_razao_social', 'name', 'customer_name'],
  document: ['cpf_cnpj', 'cpfcnpj', 'cnpj_cpf', 'documento', 'doc', 'cpf', 'cnpj', 'numero_documento', 'document', 'tax_id'],
  accountNumber: [
    'contrato',
    'numero_contrato',
    'numero_do_contrato',
    'n_contrato',
    'no_contrato',
    'num_contrato',
    'numero_da_conta',
    'numero_conta',
    'conta',
    'id_contrato',
    'account_number',
    'account',
  ],
  balance: ['saldo', 'saldo_devedor', 'saldo_atual', 'saldo_atualizado', 'valor_atualizado', 'valor_divida', 'valor_da_divida', 'divida', 'valor', 'balance'],
  dueDate: ['vencimento', 'data_vencimento', 'data_de_vencimento', 'dt_vencimento', 'dt_venc', 'venc', 'due_date'],
  originalBalance: ['valor_original', 'saldo_original', 'valor_principal', 'principal', 'original_balance'],
  product: ['produto', 'tipo_produto', 'modalidade', 'product'],
  phone: ['telefone', 'telefone_1', 'telefone1', 'fone', 'tel', 'telefone_residencial', 'phone'],
  mobile: ['celular', 'cel', 'telefone_celular', 'whatsapp', 'mobile'],
  phone2: ['telefone_2', 'telefone2', 'telefone_comercial', 'fone_2', 'fone2', 'phone2'],
  email: ['email', 'e_mail', 'mail'],
  street: ['endereco', 'logradouro', 'address', 'street'],
  city: ['cidade', 'municipio', 'city'],
  state: ['uf', 'estado', 'state'],
  postalCode: ['cep', 'postal_code', 'zip'],
  boletoLine: ['linha_digitavel', 'linha_digitavel_boleto', 'boleto', 'boleto_line'],
  pixKey: ['chave_pix', 'pix', 'pix_key'],
  creditor: ['credor', 'creditor'],
};

export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[º°ª]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export type Mapping = Partial<Record<PortfolioField, string>>;

export function isPortfolioField(key: string): key is PortfolioField {
  return (PORTFOLIO_FIELDS as readonly string[]).includes(key);
}

/** "balance=Saldo Atual,accountNumber=Nº Contrato" → a mapping; unknown field names are reported. */
export function parseMappingArg(text: string): { ok: true; mapping: Mapping } | { ok: false; unknown: string[] } {
  const mapping: Mapping = {};
  const unknown: string[] = [];
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    const header = eq === -1 ? '' : part.slice(eq + 1).trim();
    if (!isPortfolioField(key) || !header) unknown.push(part.trim());
    else mapping[key] = header;
  }
  return unknown.length ? { ok: false, unknown } : { ok: true, mapping };
}

export interface ResolvedMapping {
  /** Field → column index. */
  columns: Partial<Record<PortfolioField, number>>;
  used: PortfolioImportReport['mapping'];
  issues: FileIssue[];
}

export function resolveMapping(header: readonly string[], given: Mapping, saved: Mapping): ResolvedMapping {
  const folded = header.map(foldHeader);
  const columns: ResolvedMapping['columns'] = {};
  const used: ResolvedMapping['used'] = {};
  const issues: FileIssue[] = [];
  const taken = new Set<number>();
  // Explicit pairings first, so a default never steals a column someone named.
  for (const [source, mapping] of [
    ['given', given],
    ['saved', saved],
  ] as const) {
    for (const field of PORTFOLIO_FIELDS) {
      const wanted = mapping[field];
      if (wanted === undefined || columns[field] !== undefined) continue;
      const index = folded.indexOf(foldHeader(wanted));
      if (index === -1) {
        // A saved pairing the file lacks falls back to the defaults (the creditor renamed a column); a given one
        // is what the importer asked for, so its absence is reported.
        if (source === 'given') issues.push({ code: 'mapping_header_not_found', params: { field, header: wanted } });
        continue;
      }
      columns[field] = index;
      used[field] = { header: header[index]!, source };
      taken.add(index);
    }
  }
  for (const field of PORTFOLIO_FIELDS) {
    if (columns[field] !== undefined) continue;
    for (const alias of DEFAULT_HEADERS[field]) {
      const index = folded.findIndex((h, i) => h === alias && !taken.has(i));
      if (index === -1) continue;
      columns[field] = index;
      used[field] = { header: header[index]!, source: 'default' };
      taken.add(index);
      break;
    }
  }
  const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
  // A required field whose named header is absent is already reported; do not report it twice.
  const named = new Set(issues.map((i) => i.params.field));
  const unreported = missing.filter((f) => !named.has(f));
  if (unreported.length) issues.push({ code: 'missing_columns', params: { fields: unreported, headers: [...header] } });
  return { columns, used, issues };
}
