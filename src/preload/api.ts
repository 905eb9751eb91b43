// What the renderer may find on `window`: the Electron preload exposes it; in the web host it is absent and the
// renderer uses its web transport instead (src/renderer/bridge), which implements the same QuitaApi.
import type { QuitaApi } from '../shared/contract';

declare global {
  interface Window {
    readonly quita?: QuitaApi;
  }
}

export {};
