// What the apply results list shows under a document's message for each diagnostic: only what the
// message does not already say. A diagnostic often repeats the message's text behind its field path
// ("spec.x: json: cannot unmarshal ..."), so then only the path is kept, next to the line number.

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The field path prefix of a diagnostic ("spec.containers[0].image: ..."), if it has one. */
const FIELD_PREFIX = /^([A-Za-z_$][\w$.-]*(?:\[[^\]]*\])*(?:\.[\w$-]+(?:\[[^\]]*\])*)*):\s+/;

/**
 * The text to show for `diagnostic` under `message`, or null when it would only repeat it (or a
 * diagnostic shown before it: pass the texts already shown in `seen`).
 */
export function diagnosticText(message: string, diagnostic: string, seen: Set<string> = new Set()): string | null {
  const msg = squash(message);
  const whole = squash(diagnostic);
  let shown: string | null;
  if (!whole || msg.includes(whole)) shown = null;
  else {
    const prefix = FIELD_PREFIX.exec(diagnostic.trim());
    const rest = prefix ? squash(diagnostic.trim().slice(prefix[0].length)) : '';
    shown = prefix && rest && msg.includes(rest) ? prefix[1]! : diagnostic.trim();
  }
  if (shown === null) return null;
  const key = squash(shown);
  if (seen.has(key)) return null;
  seen.add(key);
  return shown;
}
