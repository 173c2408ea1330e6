/**
 * OrgFacts for tests: read from an emulated org exactly as the background reads them from a real
 * one (describe, access checks, TaskStatus, the user), only without HTTP in between.
 */
import type { Org, RequestContext } from '../../emulator/org/types';
import { ORG_FACTS } from '../../lib/background/router';
import { orgFactsFrom, orgFactsSubrequests, type OrgFacts } from '../../lib/salesforce/org-facts';
import type { CompositeAnswer } from '../../lib/salesforce/rest-api';

export function factsOf(org: Org, ctx: RequestContext): OrgFacts {
  const who = { orgId: org.info.id, userId: ctx.userId };
  const answers: CompositeAnswer[] = orgFactsSubrequests(ORG_FACTS, who).map((sub) => {
    try {
      const describe = /^sobjects\/(\w+)\/describe$/.exec(sub.url);
      const info = /^sobjects\/(\w+)$/.exec(sub.url);
      const query = /^query\?q=(.*)$/.exec(sub.url);
      let body: unknown;
      if (describe) body = org.describe(describe[1]!, ctx);
      else if (info) {
        const { fields: _fields, childRelationships: _children, ...summary } = org.describe(info[1]!, ctx) as Record<string, unknown>;
        body = { objectDescribe: summary, recentItems: [] };
      } else if (query) body = { records: org.query(decodeURIComponent(query[1]!), ctx).records };
      else throw new Error(`unexpected subrequest ${sub.url}`);
      return { referenceId: sub.referenceId, httpStatusCode: 200, body };
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      return { referenceId: sub.referenceId, httpStatusCode: status, body: [{ errorCode: (error as { errorCode?: string }).errorCode, message: String(error) }] };
    }
  });
  return orgFactsFrom(ORG_FACTS, who, answers, ctx.now.getTime());
}
