/**
 * HTML helpers for the model report webview. Every string that did not come from PTM Lens itself goes
 * through `escapeHtml`, which also drops control and bidirectional-override characters.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return stripInvisible(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** C0 and C1 control characters (but tab and newlines) and the bidi overrides that can disguise text. */
export function stripInvisible(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '');
}

/** An http(s) or mailto URL, or undefined: nothing else may become a link in a report. */
export function safeHref(url: string | undefined | null): string | undefined {
  if (!url) return undefined;
  const u = stripInvisible(url).trim();
  if (!/^(https?:\/\/|mailto:)/i.test(u)) return undefined;
  try {
    return new URL(u).href;
  } catch {
    return undefined;
  }
}

/** `<a href="…">label</a>` when the URL is safe, else the escaped label alone. */
export function htmlLink(label: string, url: string | undefined | null): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : escapeHtml(label);
}
