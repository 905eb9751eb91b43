// i18next set up for the renderer: every user-visible string lives in pt-BR.json and en.json.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../shared/model';
// Read as text and parsed here: tsconfig.web.json's include has no *.json pattern, so a JSON module import would
// not type-check in that composite project.
import enText from './en.json?raw';
import ptBRText from './pt-BR.json?raw';

export type Translations = { [key: string]: string | Translations };

export const translations: Record<Locale, Translations> = {
  'pt-BR': JSON.parse(ptBRText) as Translations,
  en: JSON.parse(enText) as Translations,
};

export const resources = {
  'pt-BR': { translation: translations['pt-BR'] },
  en: { translation: translations.en },
};

export const locales: readonly Locale[] = ['pt-BR', 'en'];

/** A fresh instance per app (and per test), already initialised: the resources are bundled, nothing loads. */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'pt-BR',
    supportedLngs: [...locales],
    // Never fall back from "pt-BR" to a "pt" bundle that does not exist.
    load: 'currentOnly',
    // React escapes text itself.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
