// What the renderer sees on `window`: the preload (Electron) and the web transport both provide it.
import type { QuitaApi } from '../shared/contract';

declare global {
  interface Window {
    readonly quita: QuitaApi;
  }
}

export {};
