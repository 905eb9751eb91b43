// A short-lived confirmation in the corner ("Resultado salvo"). @mantine/notifications is not a dependency, so
// this is Mantine's Notification component with its own timer.
import { Notification } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuita } from '../../store';

const VISIBLE_MS = 4000;

export function NoticeToast() {
  const { t } = useTranslation();
  const notice = useQuita((s) => s.notice);
  const dismissNotice = useQuita((s) => s.dismissNotice);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(dismissNotice, VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismissNotice]);

  if (!notice) return null;
  return (
    <Notification
      data-testid="notice"
      role="status"
      color="teal"
      title={t(notice.key, notice.params)}
      onClose={dismissNotice}
      closeButtonProps={{ 'aria-label': t('shell.close') }}
      withBorder
      style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 400, width: 320 }}
    >
      {notice.detailKey ? t(notice.detailKey, notice.params) : null}
    </Notification>
  );
}
