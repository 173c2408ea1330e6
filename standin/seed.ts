/**
 * Seed validation: turns an untrusted JSON value into a NormalizedSeed or throws a SeedError that
 * names every problem by its path (`contacts[2].phones[0].number: not a phone number`).
 * Browser-safe (no Node imports): the client reuses `normalizePhone`.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type {
  CallStatus,
  HistoryEntry,
  NormalizedSeed,
  Presence,
  SeedCompany,
  SeedContact,
  SeedCoworker,
  SeedPhone,
  SeedUser,
  Theme,
} from './types';

export class SeedError extends Error {
  constructor(
    readonly problems: string[],
    source = 'seed',
  ) {
    super(`Invalid ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SeedError';
  }
}

const DIGITS = /^\d+$/;
const CALL_ID = /^\d{16}$/;
const STATUSES: readonly CallStatus[] = ['completed', 'missed', 'voicemail', 'declined', 'cancelled'];
const PRESENCES: readonly Presence[] = ['active', 'away', 'busy', 'offline'];

/**
 * E.164 for a possible phone number (default region US, as a US Dialpad account), else null. An
 * extension ("ext. 12", "x12", "#12") is kept RFC 3966's way: `+14155550186;ext=12`.
 */
export function normalizePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.replace(/;ext=/, ' ext. '), 'US');
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number;
}

/** `+14155550186;ext=12` → the line and the extension. */
export function splitExtension(number: string): { number: string; extension: string | null } {
  const at = number.indexOf(';ext=');
  return at < 0 ? { number, extension: null } : { number: number.slice(0, at), extension: number.slice(at + 5) };
}

type Obj = Record<string, unknown>;

class Checker {
  readonly problems: string[] = [];

  object(value: unknown, path: string): Obj | null {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Obj;
    this.problems.push(`${path}: expected an object`);
    return null;
  }

  array(value: unknown, path: string): unknown[] {
    if (Array.isArray(value)) return value;
    this.problems.push(`${path}: expected an array`);
    return [];
  }

  string(obj: Obj, key: string, path: string, optional = false): string | undefined {
    const value = obj[key];
    if (value === undefined && optional) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problems.push(`${path}.${key}: expected a non-empty string`);
    return undefined;
  }

  digits(obj: Obj, key: string, path: string, pattern = DIGITS, what = 'a numeric id (digits, as a string)'): string {
    const value = obj[key];
    if (typeof value === 'string' && pattern.test(value)) return value;
    this.problems.push(`${path}.${key}: expected ${what}`);
    return '';
  }

  phone(value: unknown, path: string): string {
    if (typeof value === 'string') {
      const e164 = normalizePhone(value);
      if (e164) return e164;
    }
    this.problems.push(`${path}: not a phone number: ${JSON.stringify(value)}`);
    return '';
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
    if (allowed.includes(value as T)) return value as T;
    this.problems.push(`${path}: expected one of ${allowed.join(', ')}`);
    return allowed[0]!;
  }

  phones(value: unknown, path: string): SeedPhone[] {
    return this.array(value, path).flatMap((item, i) => {
      const o = this.object(item, `${path}[${i}]`);
      if (!o) return [];
      const label = this.string(o, 'label', `${path}[${i}]`) ?? '';
      return [{ number: this.phone(o.number, `${path}[${i}].number`), label }];
    });
  }
}

function checkUser(c: Checker, value: unknown): SeedUser {
  const o = c.object(value, 'user') ?? {};
  const user: SeedUser = {
    id: c.digits(o, 'id', 'user'),
    name: c.string(o, 'name', 'user') ?? '',
    email: c.string(o, 'email', 'user') ?? '',
    number: c.phone(o.number, 'user.number'),
  };
  const extension = c.string(o, 'extension', 'user', true);
  if (extension !== undefined) user.extension = extension;
  return user;
}

function checkCompany(c: Checker, value: unknown): SeedCompany {
  const o = c.object(value, 'company') ?? {};
  return { id: c.digits(o, 'id', 'company'), name: c.string(o, 'name', 'company') ?? '' };
}

function checkContact(c: Checker, value: unknown, path: string): SeedContact | null {
  const o = c.object(value, path);
  if (!o) return null;
  const contact: SeedContact = {
    id: c.digits(o, 'id', path),
    name: c.string(o, 'name', path) ?? '',
    phones: c.phones(o.phones, `${path}.phones`),
  };
  for (const key of ['email', 'company', 'jobTitle'] as const) {
    const v = c.string(o, key, path, true);
    if (v !== undefined) contact[key] = v;
  }
  return contact;
}

function checkCoworker(c: Checker, value: unknown, path: string): SeedCoworker | null {
  const o = c.object(value, path);
  if (!o) return null;
  const coworker: SeedCoworker = {
    id: c.digits(o, 'id', path),
    name: c.string(o, 'name', path) ?? '',
    email: c.string(o, 'email', path) ?? '',
    extension: c.digits(o, 'extension', path, DIGITS, 'an extension (digits, as a string)'),
    phones: o.phones === undefined ? [] : c.phones(o.phones, `${path}.phones`),
  };
  for (const key of ['department', 'jobTitle'] as const) {
    const v = c.string(o, key, path, true);
    if (v !== undefined) coworker[key] = v;
  }
  if (o.presence !== undefined) coworker.presence = c.oneOf(o.presence, PRESENCES, `${path}.presence`);
  return coworker;
}

/** Finds who owns a number: a contact, a coworker (number or extension), or nobody. */
export function whoHasNumber(
  seed: Pick<NormalizedSeed, 'contacts' | 'coworkers'>,
  number: string,
): { id: string; name: string; internal: boolean } | null {
  const e164 = normalizePhone(number);
  const coworker = seed.coworkers.find((w) => w.extension === number || (e164 && w.phones.some((p) => p.number === e164)));
  if (coworker) return { id: coworker.id, name: coworker.name, internal: true };
  const contact = e164 ? seed.contacts.find((k) => k.phones.some((p) => p.number === e164)) : undefined;
  return contact ? { id: contact.id, name: contact.name, internal: false } : null;
}

function checkHistory(
  c: Checker,
  value: unknown,
  path: string,
  people: Pick<NormalizedSeed, 'contacts' | 'coworkers'>,
): HistoryEntry | null {
  const o = c.object(value, path);
  if (!o) return null;
  const direction = c.oneOf(o.direction, ['inbound', 'outbound'] as const, `${path}.direction`);
  const rawNumber = o.number;
  const isExtension = typeof rawNumber === 'string' && people.coworkers.some((w) => w.extension === rawNumber);
  const number = isExtension ? (rawNumber as string) : c.phone(rawNumber, `${path}.number`);
  const startedAt = c.string(o, 'startedAt', path) ?? '';
  if (startedAt && Number.isNaN(Date.parse(startedAt))) c.problems.push(`${path}.startedAt: not an ISO 8601 date`);
  const duration = o.durationSeconds;
  if (!(typeof duration === 'number' && Number.isInteger(duration) && duration >= 0)) {
    c.problems.push(`${path}.durationSeconds: expected a whole number of seconds >= 0`);
  }
  const owner = number ? whoHasNumber(people, number) : null;
  const optionalString = (key: string): string | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' && v !== '') return v;
    c.problems.push(`${path}.${key}: expected a string or null`);
    return null;
  };
  const entry: HistoryEntry = {
    callId: c.digits(o, 'callId', path, CALL_ID, 'a 16-digit numeric call id (as a string)'),
    entryPointId: null,
    direction,
    number,
    name: optionalString('name') ?? owner?.name ?? null,
    contactId: optionalString('contactId') ?? owner?.id ?? null,
    internal: typeof o.internal === 'boolean' ? o.internal : (owner?.internal ?? false),
    startedAt: startedAt && !Number.isNaN(Date.parse(startedAt)) ? new Date(startedAt).toISOString() : startedAt,
    durationSeconds: typeof duration === 'number' ? duration : 0,
    status: c.oneOf(o.status, STATUSES, `${path}.status`),
    recordingUrl: optionalString('recordingUrl'),
    voicemailUrl: optionalString('voicemailUrl'),
    device: optionalString('device') ?? 'Dialpad web',
  };
  const entryPointId = optionalString('entryPointId');
  if (entryPointId !== null) {
    if (CALL_ID.test(entryPointId)) entry.entryPointId = entryPointId;
    else c.problems.push(`${path}.entryPointId: expected a 16-digit numeric call id (as a string)`);
  }
  if (entry.status === 'voicemail' && !entry.voicemailUrl) c.problems.push(`${path}.voicemailUrl: a voicemail needs its URL`);
  return entry;
}

function duplicates(ids: string[], path: string, c: Checker): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (id && seen.has(id)) c.problems.push(`${path}: duplicate id ${id}`);
    seen.add(id);
  }
}

/** Validates and normalizes a parsed seed file; throws SeedError listing every problem. */
export function validateSeed(value: unknown, source = 'seed'): NormalizedSeed {
  const c = new Checker();
  const root = c.object(value, source === 'seed' ? 'seed' : source) ?? {};
  const user = checkUser(c, root.user);
  const company = checkCompany(c, root.company);
  const contacts = c.array(root.contacts, 'contacts').flatMap((v, i) => checkContact(c, v, `contacts[${i}]`) ?? []);
  const coworkers = c.array(root.coworkers ?? [], 'coworkers').flatMap((v, i) => checkCoworker(c, v, `coworkers[${i}]`) ?? []);
  duplicates([...contacts.map((k) => k.id), ...coworkers.map((w) => w.id)], 'contacts/coworkers', c);
  const history = c
    .array(root.history ?? [], 'history')
    .flatMap((v, i) => checkHistory(c, v, `history[${i}]`, { contacts, coworkers }) ?? []);
  duplicates(
    history.map((h) => h.callId),
    'history',
    c,
  );
  const theme: Theme = root.theme === undefined ? 'light' : c.oneOf(root.theme, ['light', 'dark'] as const, 'theme');
  const known = new Set(['user', 'company', 'contacts', 'coworkers', 'history', 'theme', '$comment']);
  for (const key of Object.keys(root)) if (!known.has(key)) c.problems.push(`${key}: unknown field`);
  if (c.problems.length) throw new SeedError(c.problems, source);
  history.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  return { user, company, contacts, coworkers, history, theme };
}
