/**
 * A message is a string with `{name}` placeholders, or, where a number changes the wording, one
 * string per plural category of the language (Welsh uses all six: zero, one, two, few, many, other).
 */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;

export type MessageParams = Record<string, string | number>;
