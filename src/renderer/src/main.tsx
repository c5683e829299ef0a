import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { restartOnNewToken } from './api/admin-client';
import './styles.css';
import './keyboard.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

if (!window.workbench) restartOnNewToken();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
