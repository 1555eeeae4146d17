// A slash command's text as Slack sends it when the command's `should_escape` is on (as in the
// app's manifest.json): `&`, `<` and `>` as entities; `@name` of a known person as
// `<@U…|name>`, `@here` / `@channel` / `@everyone` as `<!here>` …; `#name` of a known channel as
// `<#C…|name>`; URLs as `<url>`, e-mail addresses as `<mailto:…|…>` and bare domains as
// `<http://domain|domain>`, as Slack links them. Unknown names stay as typed.

export interface KnownNames {
  users: ReadonlyArray<{ id: string; name: string }>;
  channels: ReadonlyArray<{ id: string; name: string }>;
}

const SPECIAL = new Set(['here', 'channel', 'everyone']);
const LINKED = /(https?:\/\/[^\s<>"'\\]+)|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?<![\w@])@([\w.-]+)|(?<![\w&])#([\w-]+)|(?<![\w@./:-])((?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|app|co))\b/gi;

export function escapeCommandText(text: string, known: KnownNames): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(LINKED, (whole, url?: string, email?: string, person?: string, channel?: string, domain?: string) => {
    if (url) return `<${url}>`;
    if (email) return `<mailto:${email}|${email}>`;
    if (person) {
      if (SPECIAL.has(person.toLowerCase())) return `<!${person.toLowerCase()}>`;
      const user = known.users.find((u) => u.name === person);
      return user ? `<@${user.id}|${user.name}>` : whole;
    }
    if (channel) {
      const found = known.channels.find((c) => c.name === channel);
      return found ? `<#${found.id}|${found.name}>` : whole;
    }
    return domain ? `<http://${domain}|${domain}>` : whole;
  });
}
