/** Converts HL7 DT/DTM/TS values to FHIR date, dateTime and instant. */
export interface DateConverter {
  /** A FHIR date (`2024`, `2024-03`, `2024-03-05`): the date part only. */
  date(value: string | undefined): string | undefined;
  /** A FHIR dateTime; a time without an offset is read in the converter's time zone. */
  dateTime(value: string | undefined): string | undefined;
  /** A FHIR instant: a dateTime with a time of day, or undefined when the value has no time. */
  instant(value: string | undefined): string | undefined;
}

const DTM =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;

interface Parts {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute: number;
  second: number;
  fraction?: string;
  offset?: number;
}

/**
 * `timeZone` (IANA, default Europe/London) is where senders that give no UTC offset are assumed to be:
 * FHIR requires an offset on every time of day, and guessing UTC would shift British Summer Time
 * events by an hour.
 */
export function createDateConverter(timeZone = 'Europe/London'): DateConverter {
  const formatter = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const zoneOffset = (utcMs: number): number => {
    const p: Record<string, number> = {};
    for (const part of formatter.formatToParts(new Date(utcMs))) p[part.type] = Number(part.value);
    const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return Math.round((local - utcMs) / 60_000);
  };
  // The offset in force at a wall-clock time: one correction step settles it except in the hour that
  // does not exist when clocks go forward, where the earlier offset is as good an answer as any.
  const offsetAt = (p: Parts): number => {
    const wall = Date.UTC(p.year, p.month! - 1, p.day!, p.hour!, p.minute, p.second);
    const first = zoneOffset(wall);
    return zoneOffset(wall - first * 60_000);
  };

  const dateTime = (value: string | undefined): string | undefined => {
    const p = parse(value);
    if (!p) return undefined;
    const date = datePart(p);
    if (p.hour === undefined || p.day === undefined) return date;
    const offset = p.offset ?? offsetAt(p);
    const fraction = p.fraction ? `.${p.fraction}` : '';
    return `${date}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${fraction}${formatOffset(offset)}`;
  };
  return {
    date: (value) => {
      const p = parse(value);
      return p ? datePart(p) : undefined;
    },
    dateTime,
    instant: (value) => {
      const p = parse(value);
      return p?.hour === undefined ? undefined : dateTime(value);
    },
  };
}

function parse(value: string | undefined): Parts | undefined {
  if (value === undefined) return undefined;
  const m = DTM.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const p: Parts = { year: Number(y), minute: Number(mi ?? 0), second: Number(s ?? 0) };
  if (p.year === 0) return undefined;
  if (mo !== undefined) p.month = Number(mo);
  if (d !== undefined) p.day = Number(d);
  if (h !== undefined) p.hour = Number(h);
  if (frac !== undefined) p.fraction = frac;
  if (p.month !== undefined && (p.month < 1 || p.month > 12)) return undefined;
  if (p.day !== undefined) {
    const real = new Date(Date.UTC(p.year, p.month! - 1, p.day));
    if (p.day < 1 || real.getUTCMonth() !== p.month! - 1) return undefined;
  }
  if (p.hour !== undefined && (p.hour > 23 || p.minute > 59 || p.second > 59)) return undefined;
  if (sign !== undefined) {
    const minutes = Number(oh) * 60 + Number(om);
    if (Number(om) > 59 || minutes > 14 * 60) return undefined;
    p.offset = sign === '-' ? -minutes : minutes;
  }
  return p;
}

function datePart(p: Parts): string {
  let out = String(p.year).padStart(4, '0');
  if (p.month !== undefined) out += `-${pad(p.month)}`;
  if (p.day !== undefined) out += `-${pad(p.day)}`;
  return out;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
