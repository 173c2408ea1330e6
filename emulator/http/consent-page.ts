/** The HTML the authorize endpoint shows: a consent page, and Salesforce-style error pages. */
import type { OrgUser } from '../org/types';
import { escapeHtml } from './responses';

const STYLE = `
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: #eef4ff; color: #181818; }
  main { max-width: 420px; margin: 56px auto; background: #fff; border-radius: 8px; padding: 28px 32px;
         box-shadow: 0 2px 10px rgba(0, 0, 0, .12); }
  .brand { display: flex; align-items: center; gap: 10px; color: #0176d3; font-weight: 700; font-size: 18px; }
  .cloud { width: 36px; height: 24px; border-radius: 12px; background: #0176d3; }
  h1 { font-size: 19px; margin: 22px 0 8px; }
  ul { padding-left: 20px; margin: 8px 0 18px; }
  .who { background: #f3f3f3; border-radius: 4px; padding: 8px 12px; margin: 12px 0; }
  .buttons { display: flex; gap: 12px; justify-content: flex-end; margin-top: 22px; }
  button { font: inherit; border-radius: 4px; padding: 8px 18px; cursor: pointer; border: 1px solid #c9c9c9; background: #fff; color: #0176d3; }
  button.allow { background: #0176d3; border-color: #0176d3; color: #fff; }
  select { font: inherit; width: 100%; padding: 4px; }
  .error { color: #ba0517; font-family: ui-monospace, monospace; word-break: break-all; }
  .note { color: #706e6b; font-size: 12px; margin-top: 18px; }
`;

function page(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><div class="brand"><span class="cloud"></span>Salesforce <small>(emulator)</small></div>
${content}
</main></body></html>`;
}

const SCOPE_LABELS: Record<string, string> = {
  api: 'Manage user data via APIs (api)',
  refresh_token: 'Perform requests at any time (refresh_token, offline_access)',
  offline_access: 'Perform requests at any time (refresh_token, offline_access)',
  id: 'Access the identity URL service (id, profile, email, address, phone)',
  openid: 'Access unique user identifiers (openid)',
  full: 'Full access (full)',
  web: 'Access the Salesforce API Platform from the web (web)',
};

export interface ConsentPageInput {
  appName: string;
  /** Authorize parameters to echo back as hidden fields. */
  params: Array<[string, string]>;
  scopes: string[];
  user: OrgUser;
  users: OrgUser[];
  orgName: string;
}

export function consentPage(input: ConsentPageInput): string {
  const hidden = input.params
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const labels = [...new Set(input.scopes.map((scope) => SCOPE_LABELS[scope] ?? scope))];
  const scopeList = labels.length > 0 ? labels : ['Full access (full)'];
  const chooser =
    input.users.length > 1
      ? `<label>Log in as <select name="login_user">${input.users
          .map(
            (user) =>
              `<option value="${escapeHtml(user.Id)}"${user.Id === input.user.Id ? ' selected' : ''}>${escapeHtml(
                `${user.Name} (${user.Username})`,
              )}</option>`,
          )
          .join('')}</select></label>`
      : `<input type="hidden" name="login_user" value="${escapeHtml(input.user.Id)}">`;
  return page(
    'Allow Access?',
    `<h1>Allow Access?</h1>
<div class="who">${escapeHtml(input.user.Name)} · ${escapeHtml(input.user.Username)}<br><small>${escapeHtml(input.orgName)}</small></div>
<p><strong>${escapeHtml(input.appName)}</strong> is asking to:</p>
<ul>${scopeList.map((label) => `<li>${escapeHtml(label)}</li>`).join('')}</ul>
<form method="post" action="/services/oauth2/authorize">
${hidden}
${chooser}
<div class="buttons">
<button type="submit" name="decision" value="deny" class="deny">Deny</button>
<button type="submit" name="decision" value="allow" class="allow" autofocus>Allow</button>
</div>
</form>
<p class="note">Local Salesforce org emulator: no password is asked for.</p>`,
  );
}

/** Salesforce shows these instead of redirecting when it cannot trust the redirect URI. */
export function oauthErrorPage(error: string, description: string, detail: string): string {
  const query = `error=${encodeURIComponent(error)}&error_description=${encodeURIComponent(description)}`;
  return page(
    'Error',
    `<h1>Remote Access Application Error</h1>
<p>${escapeHtml(detail)}</p>
<p class="error">${escapeHtml(query)}</p>`,
  );
}
