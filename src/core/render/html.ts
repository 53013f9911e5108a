/**
 * HTML helpers for the model report webview. Every string that did not come from PTM Lens itself goes
 * through `escapeHtml`, which also drops control and bidirectional-override characters.
 */

import { stripInvisible } from '../text.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return stripInvisible(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
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
