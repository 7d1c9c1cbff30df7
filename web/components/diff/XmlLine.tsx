import type { ReactNode } from 'react';

// Tags, attribute names and values, comments/CDATA/prolog: enough XML to colour one line. The
// text is split into React text nodes, never inserted as HTML.
const TOKEN =
  /(<!--.*?(?:-->|$)|<!\[CDATA\[.*?(?:\]\]>|$)|<\?.*?(?:\?>|$)|<\/?[\w:.-]+|\/?>|[\w:.-]+(?==)|"[^"]*"|'[^']*')/g;

function classOf(token: string): string | null {
  if (token.startsWith('<!--')) return 'x-comment';
  if (token.startsWith('<![CDATA[') || token.startsWith('<?')) return 'x-prolog';
  if (token.startsWith('<')) return 'x-tag';
  if (token === '>' || token === '/>') return 'x-punct';
  if (token.startsWith('"') || token.startsWith("'")) return 'x-value';
  return 'x-attr';
}

/** One line of XML with syntax colours (GitHub's light palette, 20-dashboard.md §5). */
export function XmlLine({ text }: { text: string }) {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    const cls = classOf(m[0]);
    // A bare word is only an attribute name inside a tag; elsewhere it is text content.
    out.push(
      cls === 'x-attr' && !text.slice(0, i).includes('<') ? (
        m[0]
      ) : (
        <span key={i} className={cls ?? undefined}>
          {m[0]}
        </span>
      ),
    );
    last = i + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}
