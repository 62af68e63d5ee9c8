/** A document attachment's text, when it is plain text sent inline (base64 `data`). */
export function inlineText(
  attachment: { contentType?: string; data?: string } | undefined,
): string | undefined {
  if (!attachment?.data || !/^text\/plain\b/.test(attachment.contentType ?? '')) return undefined;
  try {
    const bytes = Uint8Array.from(atob(attachment.data), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}
