import type { Message, MessageParams } from './message.js';

/**
 * Turns a catalogue message into text: picks the plural form for `params.count` (by the language's
 * own plural rules) and fills `{name}` placeholders, numbers formatted for the locale. A placeholder
 * without a value is left visible rather than silently dropped, so a missing parameter shows in review.
 */
export function formatMessage(message: Message, locale: string, params: MessageParams = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = typeof params.count === 'number' ? params.count : Number(params.count ?? 0);
    const category = new Intl.PluralRules(locale).select(count);
    text = message[category] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}
