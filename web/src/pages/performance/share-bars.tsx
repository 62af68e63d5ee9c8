import { useI18n } from '../../i18n/i18n-context.js';
import type { ProviderRow } from './measures-api.js';

// Set through the DOM (not style attributes in HTML), which the strict CSP allows. NHS blue bars on a
// grey track; the standard is a black line.
const STYLE = {
  chart: { margin: '0 0 24px' },
  row: { display: 'flex', alignItems: 'center', gap: '12px', margin: '0 0 8px' },
  label: { flex: '0 0 40%' },
  track: { position: 'relative', flex: '1 1 auto', height: '24px', background: '#e8edee' },
  bar: { position: 'absolute', left: 0, top: 0, bottom: 0, background: '#005eb8' },
  standard: { position: 'absolute', top: '-4px', bottom: '-4px', width: '2px', background: '#212b32' },
  value: { flex: '0 0 4em', textAlign: 'right' },
} as const;

/**
 * A simple bar chart of each provider's share, drawn with plain elements. The table next to it holds
 * the same figures for screen readers, so the chart itself is hidden from them; it never relies on
 * colour alone (every bar has its figure written beside it).
 */
export function ShareBars({ rows, standard }: { rows: ProviderRow[]; standard?: number }) {
  const { t, number } = useI18n();
  const shown = rows.filter((r) => r.share !== null);
  if (shown.length === 0) return null;
  return (
    <div className="app-share-bars" aria-hidden="true" style={STYLE.chart}>
      {shown.map((r) => (
        <div key={r.provider.id} style={STYLE.row}>
          <span style={STYLE.label}>{r.provider.name}</span>
          <span style={STYLE.track}>
            <span style={{ ...STYLE.bar, width: `${Math.min(100, r.share!)}%` }} />
            {standard !== undefined && <span style={{ ...STYLE.standard, left: `${standard}%` }} />}
          </span>
          <span style={STYLE.value}>{t('performance.percent', { value: number(r.share!) })}</span>
        </div>
      ))}
    </div>
  );
}
