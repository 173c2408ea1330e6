/** The REST API versions the emulator answers (v20.0 Winter '11 … v66.0 Spring '26). */

export const OLDEST_VERSION = 20;
export const NEWEST_VERSION = 66;

const SEASONS = ['Winter', 'Spring', 'Summer'] as const;

/** Salesforce ships three releases a year; v20.0 was Winter '11, so label follows from the number. */
export function releaseLabel(major: number): string {
  const sinceFirst = major - OLDEST_VERSION;
  const season = SEASONS[sinceFirst % 3] ?? 'Winter';
  const year = 11 + Math.floor(sinceFirst / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

export function versionsList(): Array<{ label: string; url: string; version: string }> {
  const list = [];
  for (let major = OLDEST_VERSION; major <= NEWEST_VERSION; major++) {
    list.push({ label: releaseLabel(major), url: `/services/data/v${major}.0`, version: `${major}.0` });
  }
  return list;
}

/** "v62.0" → "62.0"; undefined for anything Salesforce would not serve. */
export function parseVersionSegment(segment: string): string | undefined {
  const match = /^v(\d+)\.0$/.exec(segment);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major >= OLDEST_VERSION && major <= NEWEST_VERSION ? `${major}.0` : undefined;
}
