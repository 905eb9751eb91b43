// Renderer entry: mounts the app on the API the page was given (preload in Electron, web transport in a browser).
import '@mantine/core/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { getQuitaApi } from './bridge/quita-api';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App api={getQuitaApi()} />
  </StrictMode>,
);
