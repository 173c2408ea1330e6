/**
 * Duplicate rules on create: a new Contact or Lead that matches existing records is refused with
 * DUPLICATES_DETECTED and the matched records, unless its rule only alerts and the request carries
 * `Sforce-Duplicate-Rule-Header: allowSave=true` (REST "Duplicate Rule Header", API 52.0+).
 */
import type { Access } from './access';
import { objectDef, type FieldDef, type ObjectDef } from './schema';
import { phoneMatches } from './sosl';
import { SalesforceError, type DuplicateResult, type DuplicateRuleHeader, type DuplicateRuleSeed, type RequestContext, type SObjectJson } from './types';

type Rec = Record<string, unknown>;

/** The alert text of Salesforce's standard duplicate rules. */
export const STANDARD_ALERT_TEXT = 'Use one of these records?';

function filled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Text ignoring case and outer spaces; phone numbers by digits, as the phone search compares them. */
function same(field: FieldDef | undefined, mine: unknown, theirs: unknown): boolean {
  if (!filled(mine) || !filled(theirs)) return false;
  if (field?.type === 'phone') return phoneMatches(theirs, mine);
  return mine.trim().toLowerCase() === theirs.trim().toLowerCase();
}

/** Whether `existing` matches `candidate` on every field of one of the rule's groups. */
function matches(rule: DuplicateRuleSeed, candidateDef: ObjectDef, candidate: Rec, existingDef: ObjectDef, existing: Rec): boolean {
  return rule.matchOn.some(
    (group) =>
      group.length > 0 &&
      group.every((name) => {
        const field = candidateDef.fields.get(name.toLowerCase());
        const theirs = existingDef.fields.get(name.toLowerCase());
        return field !== undefined && theirs !== undefined && same(field, candidate[field.name], existing[theirs.name]);
      }),
  );
}

export interface DuplicateCheck {
  rules: readonly DuplicateRuleSeed[];
  all(type: string): Rec[];
  access: Access;
  ctx: RequestContext;
  header?: DuplicateRuleHeader;
  /** The record as the caller may see it (for includeRecordDetails). */
  render(def: ObjectDef, record: Rec, detailed: boolean): SObjectJson;
}

/** Throws DUPLICATES_DETECTED when an active rule of `def` matches `candidate` and may not be saved. */
export function checkDuplicates(def: ObjectDef, candidate: Rec, check: DuplicateCheck): void {
  for (const rule of check.rules) {
    if (rule.isActive === false || rule.SobjectType.toLowerCase() !== def.name.toLowerCase()) continue;
    const matchResults: DuplicateResult['matchResults'] = [];
    for (const type of rule.compareWith ?? [rule.SobjectType]) {
      const otherDef = objectDef(type);
      if (!otherDef || !check.access.object(otherDef.name).read) continue;
      const found = check
        .all(otherDef.name)
        .filter((record) => record.IsDeleted !== true && record.IsConverted !== true && matches(rule, def, candidate, otherDef, record));
      if (found.length === 0) continue;
      matchResults.push({
        entityType: otherDef.name,
        errors: [],
        matchEngine: 'ExactMatchEngine',
        matchRecords: found.map((record) => ({
          additionalInformation: [],
          fieldDiffs: [],
          matchConfidence: 100,
          record: check.render(otherDef, record, check.header?.includeRecordDetails === true),
        })),
        rule: `${rule.DeveloperName}_Match`,
        size: found.length,
        success: true,
      });
    }
    if (matchResults.length === 0) continue;
    const allowSave = rule.action === 'alert';
    if (allowSave && check.header?.allowSave === true) continue;
    const text = rule.alertText ?? STANDARD_ALERT_TEXT;
    throw new SalesforceError(400, 'DUPLICATES_DETECTED', text, [], {
      allowSave,
      duplicateRule: rule.DeveloperName,
      duplicateRuleEntityType: def.name,
      errorMessage: text,
      matchResults,
    });
  }
}

/** Reads `Sforce-Duplicate-Rule-Header: allowSave=true; includeRecordDetails=true; …` (fields default false). */
export function parseDuplicateRuleHeader(value: string | undefined): DuplicateRuleHeader | undefined {
  if (value === undefined) return undefined;
  const fields = new Map(
    value
      .split(/[;,]/)
      .map((part) => part.split('=').map((side) => side.trim().toLowerCase()))
      .filter((pair): pair is [string, string] => pair.length === 2),
  );
  return { allowSave: fields.get('allowsave') === 'true', includeRecordDetails: fields.get('includerecorddetails') === 'true' };
}
