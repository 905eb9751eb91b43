// The one way the renderer reaches main: the preload's `window.quita` inside Electron, the web transport in a
// browser served by the web host. Both implement the contract's QuitaApi.
import type { QuitaApi } from '../../shared/contract';
import { createWebTransport } from './web-transport';

let api: QuitaApi | null = null;

export function getQuitaApi(): QuitaApi {
  if (api === null) {
    // Typed as possibly absent here: the web host's page has no preload, whatever the global declaration says.
    const injected = (window as { quita?: QuitaApi }).quita;
    api = injected ?? createWebTransport();
  }
  return api;
}
