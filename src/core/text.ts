/**
 * The characters that must never reach a reader unannounced: C0 and C1 control characters (terminal
 * escapes among them) and the bidirectional controls (overrides, isolates, marks) that can make text
 * read differently from what it is. Every output that repeats text from a workspace or from the Hub
 * removes them through one of these functions.
 */

const BIDI = '\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f';
const C1_AND_DEL = '\\u007f-\\u009f';

/** Every control character and bidi control. */
const ALL = new RegExp(`[\\u0000-\\u001f${C1_AND_DEL}${BIDI}]`, 'g');
/** Every control and bidi character but tab, line feed and carriage return, which lay text out. */
const INVISIBLE = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f${C1_AND_DEL}${BIDI}]`, 'g');
/** For terminals also the carriage return, which lets a line overwrite itself. */
const TERMINAL = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${C1_AND_DEL}${BIDI}]`, 'g');

/** Removes control and bidi characters, keeping tabs and line breaks (for Markdown and HTML). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Removes control and bidi characters, keeping tabs and line feeds (for terminals and logs). */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL, '');
}

/** One line of display text: control and bidi characters become spaces, whitespace collapses. */
export function oneLine(text: string): string {
  return text.replace(ALL, ' ').replace(/\s+/g, ' ').trim();
}
