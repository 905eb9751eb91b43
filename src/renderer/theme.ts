// A dense, quiet look for a tool used eight hours a day: small type, tight spacing, one accent colour.
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'sm',
  // System fonts only: the CSP allows no remote fonts and a call center's PCs have no time for font loading.
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
  headings: { fontWeight: '600' },
  components: {
    TextInput: { defaultProps: { size: 'sm' } },
    NativeSelect: { defaultProps: { size: 'sm' } },
    Textarea: { defaultProps: { size: 'sm' } },
    // Lower-case badges: "442 d" and "Pendente" read better in a dense list than shouted capitals.
    Badge: { defaultProps: { radius: 'sm' }, styles: { label: { textTransform: 'none' } } },
  },
});
