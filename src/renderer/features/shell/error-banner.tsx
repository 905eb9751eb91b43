// The last failed call, translated, with what to do next. Never a stack trace.
import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuita } from '../../store';

export function ErrorBanner() {
  const { t } = useTranslation();
  const error = useQuita((s) => s.error);
  const dismissError = useQuita((s) => s.dismissError);
  if (!error) return null;
  return (
    <Alert
      data-testid="error-banner"
      data-code={error.code}
      color="red"
      variant="light"
      title={t(`errors.${error.code}.title`)}
      withCloseButton
      closeButtonLabel={t('shell.dismiss')}
      onClose={dismissError}
      mb="sm"
    >
      <Text size="sm">{t(`errors.${error.code}.action`)}</Text>
      {error.issues && error.issues.length > 0 && (
        <List size="xs" mt={4}>
          {error.issues.map((issue) => (
            <List.Item key={`${issue.path}:${issue.message}`}>{t('errors.issue', issue)}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
