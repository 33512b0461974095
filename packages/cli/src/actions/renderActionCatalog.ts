import type { CatalogEntry } from './buildActionCatalog.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const yes = (b: boolean): string => (b ? 'yes' : 'no');

/**
 * Renders the catalog as Markdown: a summary table, then one section per action with its inputs.
 * @param agent - the agent's name, for the title
 * @param entries - the catalog
 * @returns the Markdown
 * @category CLI
 */
export function renderActionCatalogMarkdown(agent: string, entries: readonly CatalogEntry[]): string {
  const out: string[] = [`# Action catalog: ${agent}`, '', `${entries.length} action(s), classified as SPEC §12 asks.`, ''];
  out.push('| action | audience | public/private | returns non-public data | effect | confirmation |', '| --- | --- | --- | --- | --- | --- |');
  for (const e of entries) out.push(`| \`${e.name}\` | ${e.audience} | ${e.visibility} | ${yes(e.returnsNonPublicData)} | ${e.effect} | ${cell(e.confirmation)} |`);
  for (const e of entries) {
    out.push('', `## \`${e.name}\``, '', cell(e.description), '');
    out.push(`- audience: ${e.audience}; ${e.visibility}; returns non-public data: ${yes(e.returnsNonPublicData)}`);
    out.push(`- effect: ${e.effect}; confirmation: ${cell(e.confirmation)}`);
    out.push(`- requires authentication: ${yes(e.requiresAuthentication)}${e.systemModeReason ? `; system mode: ${cell(e.systemModeReason)}` : '; never system mode'}`);
    if (e.requires.length > 0) out.push(`- runs only after: ${e.requires.map((r) => `\`${r}\``).join(', ')}`);
    if (e.providesContext.length > 0) out.push(`- sets context: ${e.providesContext.join(', ')}`);
    out.push(`- offered by: ${e.agents.length === 0 ? 'no agent of this app' : e.agents.map((a) => `${a.agent} (hitl ${a.hitl}${a.async ? ', async' : ''})`).join(', ')}`);
    if (e.inputs.length === 0) {
      out.push('- inputs: none');
      continue;
    }
    out.push('', '| input | type | required | user input | PII | kind |', '| --- | --- | --- | --- | --- | --- |');
    for (const i of e.inputs) {
      out.push(`| \`${i.name}\` | ${i.type} | ${yes(i.required)} | ${i.userInput ? 'yes' : `no (from ${i.contextVariable ?? 'context'})`} | ${yes(i.pii)} | ${i.kind ?? ''} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
