// pt-BR / English: switches the screen at once and is stored through settings:update.
import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Locale } from '../../../shared/model';
import { locales } from '../../i18n/i18n';
import { useQuita } from '../../store';

export function LanguageSelect() {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const setLocale = useQuita((s) => s.setLocale);
  return (
    <NativeSelect
      size="xs"
      aria-label={t('shell.language')}
      data-testid="language-select"
      value={locale}
      data={locales.map((value) => ({ value, label: t(`shell.languages.${value}`) }))}
      onChange={(event) => {
        const parsed = Locale.safeParse(event.currentTarget.value);
        if (parsed.success) void setLocale(parsed.data);
      }}
    />
  );
}
