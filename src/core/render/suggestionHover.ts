/**
 * The "Focused convolution" section of the hover card for pretrained CNNs, as plain Markdown. The
 * figures, conditions and links are PTM Lens's own text (REFERENCE §9); the architecture name may come
 * from the Hub and is escaped.
 */
import { ruleUrl } from '../assess/rules.js';
import type { ArchitectureClass } from '../vision/architecture.js';
import type { FocusedConvSuggestion } from '../vision/focusedConv.js';
import { escapeMarkdown, safeLink } from './markdown.js';

/** The command behind the "How it works" link; the hover must allow exactly this one. */
export const EXPLAIN_FOCUSED_CONV_COMMAND = 'ptmLens.explainFocusedConvolution';

/** The headline claim with its sources, as the hover states it. */
export const FOCUSED_CONV_HOVER_CLAIM =
  'Focused convolution can cut inference latency by up to 25% and energy by up to 22% on pretrained CNNs without retraining (ASP-DAC 2024); ' +
  'earlier work measured about 45% on an embedded device (AICAS 2022).';

export interface SuggestionHoverContext {
  /** Adds a `command:` link to the explanation page; only for hovers trusted for that one command. */
  explainCommand?: boolean;
}

export function renderFocusedConvSection(s: FocusedConvSuggestion, arch: ArchitectureClass, ctx: SuggestionHoverContext = {}): string {
  const out: string[] = [];
  out.push('');
  out.push('---');
  out.push('');
  out.push(`**Focused convolution** · a pretrained CNN${arch.name ? ` (${escapeMarkdown(arch.name)})` : ''} · [${s.kind}](${ruleUrl(s.kind)})`);
  out.push('');
  out.push(FOCUSED_CONV_HOVER_CLAIM);
  out.push('');
  for (const c of s.conditions) out.push(`- ${c}`);
  out.push('');
  out.push(s.links.map((l) => safeLink(l.title, l.url)).join(' · '));
  out.push('');
  const fix = `The quick fix **Optimize with focused convolutions** inserts a commented snippet (${s.form === 'build_focused_model' ? '`build_focused_model`' : '`focusify_all_conv2d`'}) after the line that builds the model.`;
  out.push(ctx.explainCommand ? `${fix} [How it works](command:${EXPLAIN_FOCUSED_CONV_COMMAND})` : fix);
  return out.join('\n');
}
