export interface SplitName {
  firstName: string;
  lastName: string;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Half-width, full-width (U+3000) and other Unicode spaces. */
const SPACES = /[\s\u3000]+/u;

/**
 * Splits a display name into Salesforce's FirstName/LastName for "Create Contact" / "Create Lead"
 * (C4). Western names put the given name first ("Ben Carter"); Japanese names put the family name
 * first ("山田 太郎"). A name without a space that we cannot split safely goes whole into LastName,
 * the one required part, and the user can correct it in the form before saving.
 */
export function splitPersonName(displayName: string): SplitName {
  const parts = displayName.trim().split(SPACES).filter(Boolean);
  if (parts.length === 0) return { firstName: '', lastName: '' };
  if (parts.length === 1) return { firstName: '', lastName: parts[0]! };
  if (CJK.test(displayName)) {
    // Family name first: 山田 太郎 → LastName 山田, FirstName 太郎.
    return { lastName: parts[0]!, firstName: parts.slice(1).join(' ') };
  }
  // "Carter, Ben" is how some address books store Western names.
  const comma = displayName.indexOf(',');
  if (comma > 0) {
    return { lastName: displayName.slice(0, comma).trim(), firstName: displayName.slice(comma + 1).trim() };
  }
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}
