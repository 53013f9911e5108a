/**
 * Markdown helpers for text that reaches hovers and reports. Everything not written by PTM Lens
 * itself (model ids, file names, later Hub text) goes through `escapeMarkdown` so it renders inertly.
 */

import { stripInvisible } from '../text.js';

/** Escapes Markdown and HTML syntax and strips control and bidirectional-override characters. */
export function escapeMarkdown(text: string): string {
  return stripInvisible(text).replace(/[\\`*_{}[\]()#+\-.!|<>~&"'$:]/g, (c) => `\\${c}`);
}

/**
 * Inline code that cannot be broken out of: backticks in the text are replaced, line breaks become
 * spaces, and control and bidirectional-override characters are stripped (code spans show them raw).
 */
export function inlineCode(text: string): string {
  return `\`${stripInvisible(text).replace(/`/g, 'ˋ').replace(/[\r\n]+/g, ' ')}\``;
}

/** A link whose label is escaped and whose target is limited to http(s) URLs. */
export function safeLink(label: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return escapeMarkdown(label);
  const target = encodeURI(decodeURIComponentSafe(url)).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
  return `[${escapeMarkdown(label)}](${target})`;
}

function decodeURIComponentSafe(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
