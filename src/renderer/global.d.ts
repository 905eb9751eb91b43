// Ambient types for the renderer: Vite's (CSS imports, `?raw` imports).
// `window.quita` is declared by src/preload/api.ts (the preload's author owns it); the bridge reads it as
// possibly absent, since the web host's page has no preload.
/// <reference types="vite/client" />
