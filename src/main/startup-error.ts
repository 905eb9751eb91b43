// What the agent reads when Quita cannot open its data (a database from a newer version, a key this user or
// machine cannot decrypt, no keyring). The data is never deleted or overwritten: the text says so and what to do.
import type { MenuLocale } from './menu';
import { SecureStorageUnavailableError } from './secret-cipher';

const texts = {
  'pt-BR': {
    title: 'O Quita não pôde abrir seus dados',
    keyring:
      'O sistema não oferece um cofre seguro para a chave do banco de dados local (chaveiro / KWallet / GNOME Keyring). ' +
      'Inicie o chaveiro do sistema e abra o Quita de novo, ou fale com o suporte de TI.',
    generic: 'Abra o Quita de novo; se o erro continuar, fale com o suporte de TI e informe a mensagem abaixo.',
    untouched: 'Nenhum dado foi apagado ou alterado.',
    detail: 'Detalhe técnico',
  },
  en: {
    title: 'Quita could not open your data',
    keyring:
      'The system offers no secure store for the local database key (Keychain / KWallet / GNOME Keyring). ' +
      'Start the system keyring and open Quita again, or contact IT support.',
    generic: 'Open Quita again; if the error persists, contact IT support and give them the message below.',
    untouched: 'No data was deleted or changed.',
    detail: 'Technical detail',
  },
} as const;

export function startupErrorText(locale: MenuLocale, error: unknown): { title: string; content: string } {
  const t = texts[locale];
  const message = error instanceof Error ? error.message : String(error);
  const advice = error instanceof SecureStorageUnavailableError ? t.keyring : t.generic;
  return { title: t.title, content: `${advice}\n\n${t.untouched}\n\n${t.detail}: ${message}` };
}
