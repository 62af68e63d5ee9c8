import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './styles/app.css';
import { App } from './app/app.js';

// nhsuk-frontend's styles for pages with JavaScript (its own scripts are not used: React renders
// the components, so its script-only states, such as the collapsing header menu, are not switched on).
document.body.classList.add('js-enabled');

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App fhirBaseUrl="/fhir" />
  </StrictMode>,
);
