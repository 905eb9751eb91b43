// Brazil's states (UF) and telephone area codes (DDD) with their IANA time zones. Data only, no logic.
// Zones follow the IANA zone.tab descriptions for Brazil; Brazil has had no daylight saving since 2019,
// but the zone names (not fixed offsets) are kept so historical instants still convert correctly.

export type BrazilState = { uf: string; name: string; timeZone: string };

export const BRAZIL_STATES: readonly BrazilState[] = [
  { uf: 'AC', name: 'Acre', timeZone: 'America/Rio_Branco' },
  { uf: 'AL', name: 'Alagoas', timeZone: 'America/Maceio' },
  { uf: 'AP', name: 'Amapá', timeZone: 'America/Belem' },
  // Western Amazonas (Eirunepé, Envira…) is UTC−5 (America/Eirunepe); most of the state and its people are UTC−4.
  { uf: 'AM', name: 'Amazonas', timeZone: 'America/Manaus' },
  { uf: 'BA', name: 'Bahia', timeZone: 'America/Bahia' },
  { uf: 'CE', name: 'Ceará', timeZone: 'America/Fortaleza' },
  { uf: 'DF', name: 'Distrito Federal', timeZone: 'America/Sao_Paulo' },
  { uf: 'ES', name: 'Espírito Santo', timeZone: 'America/Sao_Paulo' },
  { uf: 'GO', name: 'Goiás', timeZone: 'America/Sao_Paulo' },
  { uf: 'MA', name: 'Maranhão', timeZone: 'America/Fortaleza' },
  { uf: 'MT', name: 'Mato Grosso', timeZone: 'America/Cuiaba' },
  { uf: 'MS', name: 'Mato Grosso do Sul', timeZone: 'America/Campo_Grande' },
  { uf: 'MG', name: 'Minas Gerais', timeZone: 'America/Sao_Paulo' },
  // Western Pará is America/Santarem in IANA; same offset, and the state as a whole is listed under Belem.
  { uf: 'PA', name: 'Pará', timeZone: 'America/Belem' },
  { uf: 'PB', name: 'Paraíba', timeZone: 'America/Fortaleza' },
  { uf: 'PR', name: 'Paraná', timeZone: 'America/Sao_Paulo' },
  // Fernando de Noronha (UTC−2) belongs to PE; only an explicit zone in the data can say a customer lives there.
  { uf: 'PE', name: 'Pernambuco', timeZone: 'America/Recife' },
  { uf: 'PI', name: 'Piauí', timeZone: 'America/Fortaleza' },
  { uf: 'RJ', name: 'Rio de Janeiro', timeZone: 'America/Sao_Paulo' },
  { uf: 'RN', name: 'Rio Grande do Norte', timeZone: 'America/Fortaleza' },
  { uf: 'RS', name: 'Rio Grande do Sul', timeZone: 'America/Sao_Paulo' },
  { uf: 'RO', name: 'Rondônia', timeZone: 'America/Porto_Velho' },
  { uf: 'RR', name: 'Roraima', timeZone: 'America/Boa_Vista' },
  { uf: 'SC', name: 'Santa Catarina', timeZone: 'America/Sao_Paulo' },
  { uf: 'SP', name: 'São Paulo', timeZone: 'America/Sao_Paulo' },
  { uf: 'SE', name: 'Sergipe', timeZone: 'America/Maceio' },
  { uf: 'TO', name: 'Tocantins', timeZone: 'America/Araguaina' },
];

export type BrazilAreaCode = { ddd: string; uf: string; timeZone: string };

function ddd(code: string, uf: string, timeZone: string): BrazilAreaCode {
  return { ddd: code, uf, timeZone };
}

const SP = 'America/Sao_Paulo';

/** Every DDD in use (Anatel plan). The state is the DDD's main state; a few DDDs spill over a border. */
export const BRAZIL_AREA_CODES: readonly BrazilAreaCode[] = [
  ...['11', '12', '13', '14', '15', '16', '17', '18', '19'].map((c) => ddd(c, 'SP', SP)),
  ...['21', '22', '24'].map((c) => ddd(c, 'RJ', SP)),
  ...['27', '28'].map((c) => ddd(c, 'ES', SP)),
  ...['31', '32', '33', '34', '35', '37', '38'].map((c) => ddd(c, 'MG', SP)),
  ...['41', '42', '43', '44', '45', '46'].map((c) => ddd(c, 'PR', SP)),
  ...['47', '48', '49'].map((c) => ddd(c, 'SC', SP)),
  ...['51', '53', '54', '55'].map((c) => ddd(c, 'RS', SP)),
  ddd('61', 'DF', SP),
  ddd('62', 'GO', SP),
  ddd('63', 'TO', 'America/Araguaina'),
  ddd('64', 'GO', SP),
  ddd('65', 'MT', 'America/Cuiaba'),
  ddd('66', 'MT', 'America/Cuiaba'),
  ddd('67', 'MS', 'America/Campo_Grande'),
  ddd('68', 'AC', 'America/Rio_Branco'),
  ddd('69', 'RO', 'America/Porto_Velho'),
  ...['71', '73', '74', '75', '77'].map((c) => ddd(c, 'BA', 'America/Bahia')),
  ddd('79', 'SE', 'America/Maceio'),
  // 81 also serves Fernando de Noronha (UTC−2), but nearly all of its numbers are in Greater Recife.
  ddd('81', 'PE', 'America/Recife'),
  ddd('82', 'AL', 'America/Maceio'),
  ddd('83', 'PB', 'America/Fortaleza'),
  ddd('84', 'RN', 'America/Fortaleza'),
  ddd('85', 'CE', 'America/Fortaleza'),
  ddd('86', 'PI', 'America/Fortaleza'),
  ddd('87', 'PE', 'America/Recife'),
  ddd('88', 'CE', 'America/Fortaleza'),
  ddd('89', 'PI', 'America/Fortaleza'),
  ddd('91', 'PA', 'America/Belem'),
  ddd('92', 'AM', 'America/Manaus'),
  // 93 is western Pará (Santarém, Altamira, Itaituba), which IANA keeps as its own zone.
  ddd('93', 'PA', 'America/Santarem'),
  ddd('94', 'PA', 'America/Belem'),
  ddd('95', 'RR', 'America/Boa_Vista'),
  ddd('96', 'AP', 'America/Belem'),
  // 97 spans UTC−4 (Tefé, Coari: most of its subscribers) and UTC−5 (Eirunepé, Envira: America/Eirunepe).
  // We pick the majority zone; a portfolio that knows the city should send the zone explicitly.
  ddd('97', 'AM', 'America/Manaus'),
  ddd('98', 'MA', 'America/Fortaleza'),
  ddd('99', 'MA', 'America/Fortaleza'),
];

/** Every IANA zone used in Brazil (zone.tab), including those only explicit data can select. */
export const BRAZIL_TIME_ZONES: readonly string[] = [
  'America/Noronha',
  'America/Belem',
  'America/Fortaleza',
  'America/Recife',
  'America/Araguaina',
  'America/Maceio',
  'America/Bahia',
  'America/Sao_Paulo',
  'America/Campo_Grande',
  'America/Cuiaba',
  'America/Santarem',
  'America/Porto_Velho',
  'America/Boa_Vista',
  'America/Manaus',
  'America/Eirunepe',
  'America/Rio_Branco',
];
