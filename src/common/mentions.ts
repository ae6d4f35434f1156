/**
 * `@Name` mentions of the people in an article's conversation. A name may hold spaces, so rather
 * than guess where a name ends, the text is matched against the names of the article's
 * participants, longest first: `@Ana Maria` is Ana Maria, not Ana. A mention starts the text or
 * follows a character that is not a letter, digit or `@`, and ends at the text's end or before one
 * that is not a letter or digit; case does not matter.
 */

export interface Participant {
  id: string;
  name: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern for all the names, longest first; null when there are none. */
function pattern(names: string[]): RegExp | null {
  const list = [...new Set(names.map((n) => n.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!list.length) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}_@])@(${list.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
}

/** The participants a text mentions, each once, in the order first mentioned. */
export function findMentions(text: string, participants: Participant[]): Participant[] {
  const re = pattern(participants.map((p) => p.name));
  if (!re || !text.includes('@')) return [];
  const byName = new Map<string, Participant[]>();
  for (const p of participants) byName.set(p.name.trim().toLowerCase(), [...(byName.get(p.name.trim().toLowerCase()) ?? []), p]);
  const found = new Map<string, Participant>();
  for (const m of text.matchAll(re)) for (const p of byName.get(m[1].toLowerCase()) ?? []) if (!found.has(p.id)) found.set(p.id, p);
  return [...found.values()];
}

/**
 * Marks the mentions in a comment's sanitized HTML as `<span class="mention">@Name</span>`, in
 * text only (never inside a tag, a link or an attribute). The names come escaped as the HTML has
 * them, so the markup added is the only markup that changes.
 */
export function markMentions(html: string, names: string[]): string {
  if (!html.includes('@')) return html;
  const escaped = names.map((n) => n.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  const re = pattern(escaped);
  if (!re) return html;
  let inLink = 0;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<a[\s>]/i.test(part)) inLink++;
        else if (/^<\/a>/i.test(part)) inLink = Math.max(0, inLink - 1);
        return part;
      }
      return inLink ? part : part.replace(re, (all) => `<span class="mention">${all}</span>`);
    })
    .join('');
}
