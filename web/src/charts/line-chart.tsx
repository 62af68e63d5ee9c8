import { useId, useRef } from 'react';
import { niceTicks } from './nice-ticks.js';
import { timeTicks } from './time-ticks.js';
import { useElementWidth } from './use-element-width.js';

export interface ChartPoint {
  date: Date;
  value: number;
}

export interface ChartSeries {
  id: string;
  label: string;
  points: ChartPoint[];
}

export interface LineChartProps {
  series: ChartSeries[];
  /** The unit of the values, shown on the axis. */
  unit: string;
  /** What the chart shows in words: the accessible name of the drawing. */
  summary: string;
  formatValue(value: number): string;
  formatTick(date: Date): string;
}

/**
 * Told apart by more than colour (WCAG 1.4.1): each series has its own marker shape and line
 * pattern. Colours are NHS blue and purple, both above 3:1 against white (WCAG 1.4.11).
 */
const STYLES = [
  { colour: '#005eb8', dash: undefined, marker: 'circle' },
  { colour: '#330072', dash: '8 5', marker: 'square' },
  { colour: '#007f3b', dash: '2 4', marker: 'triangle' },
] as const;

const TEXT_COLOUR = '#4c6272';
const GRID_COLOUR = '#d8dde0';
const FONT_SIZE = 14;

/**
 * A line chart of values over time, drawn as SVG at the width it is given. The drawing is one image
 * with a summary for assistive technology; the data itself is in the table that always goes with it.
 */
export function LineChart({ series, unit, summary, formatValue, formatTick }: LineChartProps) {
  const wrapper = useRef<HTMLDivElement>(null);
  const width = Math.max(240, useElementWidth(wrapper, 640));
  const height = Math.round(Math.min(340, Math.max(240, width * 0.5)));
  const titleId = useId();

  const points = series.flatMap((s) => s.points);
  if (points.length === 0) return null;
  const values = points.map((p) => p.value);
  const times = points.map((p) => p.date.getTime());
  const yTicks = niceTicks(Math.min(...values), Math.max(...values), height < 280 ? 4 : 5);
  const yMin = yTicks[0]!;
  const yMax = yTicks[yTicks.length - 1]!;

  // Room for the longest value label on the left, the unit above the axis, dates below.
  const labelWidth = Math.max(...yTicks.map((v) => formatValue(v).length)) * FONT_SIZE * 0.6;
  const margin = { top: FONT_SIZE * 2, right: 16, bottom: FONT_SIZE * 2.5, left: Math.ceil(labelWidth) + 12 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;

  const day = 86_400_000;
  let tMin = Math.min(...times);
  let tMax = Math.max(...times);
  if (tMax - tMin < 30 * day) {
    tMin -= 15 * day;
    tMax += 15 * day;
  }
  // A little air either side, so the first and last points are not on the edges.
  const pad = (tMax - tMin) * 0.04;
  tMin -= pad;
  tMax += pad;
  const xTicks = timeTicks(new Date(tMin), new Date(tMax), Math.max(2, Math.floor(innerWidth / 95)));

  const x = (t: number) => margin.left + ((t - tMin) / (tMax - tMin)) * innerWidth;
  const y = (v: number) => margin.top + (1 - (v - yMin) / (yMax - yMin || 1)) * innerHeight;

  return (
    <div className="app-chart" ref={wrapper}>
      <svg
        className="app-chart__svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={titleId}
        focusable="false"
      >
        <title id={titleId}>{summary}</title>
        <text x={margin.left} y={FONT_SIZE} fontSize={FONT_SIZE} fill={TEXT_COLOUR} textAnchor="start">
          {unit}
        </text>
        {yTicks.map((v) => (
          <g key={v}>
            <line
              x1={margin.left}
              x2={width - margin.right}
              y1={y(v)}
              y2={y(v)}
              stroke={GRID_COLOUR}
              strokeWidth={1}
            />
            <text
              x={margin.left - 8}
              y={y(v)}
              dy="0.35em"
              fontSize={FONT_SIZE}
              fill={TEXT_COLOUR}
              textAnchor="end"
            >
              {formatValue(v)}
            </text>
          </g>
        ))}
        {xTicks.map((d) => (
          <g key={d.getTime()}>
            <line
              x1={x(d.getTime())}
              x2={x(d.getTime())}
              y1={margin.top + innerHeight}
              y2={margin.top + innerHeight + 6}
              stroke={TEXT_COLOUR}
            />
            <text
              x={x(d.getTime())}
              y={margin.top + innerHeight + FONT_SIZE * 1.6}
              fontSize={FONT_SIZE}
              fill={TEXT_COLOUR}
              textAnchor="middle"
            >
              {formatTick(d)}
            </text>
          </g>
        ))}
        <line
          x1={margin.left}
          x2={width - margin.right}
          y1={margin.top + innerHeight}
          y2={margin.top + innerHeight}
          stroke={TEXT_COLOUR}
        />
        {series.map((s, i) => {
          const style = STYLES[i % STYLES.length]!;
          const sorted = [...s.points].sort((a, b) => a.date.getTime() - b.date.getTime());
          const path = sorted
            .map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.date.getTime())},${y(p.value)}`)
            .join(' ');
          return (
            <g key={s.id} data-series={s.id}>
              <path d={path} fill="none" stroke={style.colour} strokeWidth={3} strokeDasharray={style.dash} />
              {sorted.map((p) => (
                <Marker
                  key={p.date.getTime()}
                  shape={style.marker}
                  colour={style.colour}
                  cx={x(p.date.getTime())}
                  cy={y(p.value)}
                />
              ))}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <ul className="app-chart__legend">
          {series.map((s, i) => {
            const style = STYLES[i % STYLES.length]!;
            return (
              <li key={s.id} className="app-chart__legend-item">
                <svg width="40" height="16" aria-hidden="true" focusable="false">
                  <line
                    x1="2"
                    x2="38"
                    y1="8"
                    y2="8"
                    stroke={style.colour}
                    strokeWidth={3}
                    strokeDasharray={style.dash}
                  />
                  <Marker shape={style.marker} colour={style.colour} cx={20} cy={8} />
                </svg>
                {s.label}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function Marker({
  shape,
  colour,
  cx,
  cy,
}: {
  shape: 'circle' | 'square' | 'triangle';
  colour: string;
  cx: number;
  cy: number;
}) {
  const r = 5;
  if (shape === 'circle')
    return <circle cx={cx} cy={cy} r={r} fill={colour} stroke="#ffffff" strokeWidth={1.5} />;
  if (shape === 'square') {
    return (
      <rect
        x={cx - r}
        y={cy - r}
        width={r * 2}
        height={r * 2}
        fill={colour}
        stroke="#ffffff"
        strokeWidth={1.5}
      />
    );
  }
  return (
    <path
      d={`M${cx},${cy - r - 1} L${cx + r + 1},${cy + r} L${cx - r - 1},${cy + r} Z`}
      fill={colour}
      stroke="#ffffff"
      strokeWidth={1.5}
    />
  );
}
