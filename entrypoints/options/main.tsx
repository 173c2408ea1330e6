import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '@/components/pages.css';
import { OutboxStatus } from '@/components/OutboxStatus';
import { createCalllogModel } from '@/lib/sidebar/calllog-model';
import { apiUsageItem, type ApiUsage } from '@/lib/salesforce/api-usage';
import { objectNames, problemText, t, type MessageKey } from '@/lib/i18n';
import { sendRequest } from '@/lib/messaging/client';
import type { ReplyOf, SettingName, Settings } from '@/lib/messaging/contract';
import { loginUrlOf, validateSettings } from '@/lib/settings/settings';
import { statusStampItem } from '@/lib/storage/items';
import { DialpadDiagnostics } from './DialpadDiagnostics';

type Form = Record<SettingName, string | boolean>;

const PRIORITIES: Record<string, Settings['objectPriority']> = {
  'Contact,Lead': ['Contact', 'Lead'],
  'Lead,Contact': ['Lead', 'Contact'],
  Contact: ['Contact'],
  Lead: ['Lead'],
};

function toForm(settings: Settings): Form {
  return {
    loginHost: settings.loginHost,
    consumerKey: settings.consumerKey,
    autoLogging: settings.autoLogging,
    logMissedCalls: settings.logMissedCalls,
    subjectTemplate: settings.subjectTemplate,
    internalNumbers: settings.internalNumbers.join('\n'),
    defaultRegion: settings.defaultRegion,
    objectPriority: settings.objectPriority.join(','),
    relatedTo: settings.relatedTo,
    relatedToDefault: settings.relatedToDefault,
    dialpadLogsCalls: settings.dialpadLogsCalls,
  };
}

function fromForm(form: Form, names: SettingName[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = form[name];
    if (name === 'internalNumbers') out[name] = String(value).split('\n').map((line) => line.trim()).filter(Boolean);
    else if (name === 'objectPriority') out[name] = PRIORITIES[String(value)] ?? ['Contact', 'Lead'];
    else out[name] = value;
  }
  return out;
}

const LABELS: Record<SettingName, MessageKey> = {
  loginHost: 'settingLoginHost',
  consumerKey: 'settingConsumerKey',
  autoLogging: 'settingAutoLogging',
  logMissedCalls: 'settingLogMissedCalls',
  subjectTemplate: 'settingSubjectTemplate',
  internalNumbers: 'settingInternalNumbers',
  defaultRegion: 'settingDefaultRegion',
  objectPriority: 'settingObjectPriority',
  relatedTo: 'settingRelatedTo',
  relatedToDefault: 'settingRelatedToDefault',
  dialpadLogsCalls: 'settingDialpadLogsCalls',
};

/** What waits to be written, with retry, discard and release of held writes (done here, never from the Dialpad page). */
const calllog = createCalllogModel(sendRequest);

function OutboxSection() {
  useEffect(() => calllog.watch(), []);
  const outbox = calllog.outbox.value;
  return (
    <section id="outbox" aria-labelledby="outbox-settings-heading" data-testid="options-outbox">
      <h2 id="outbox-settings-heading">{t('outboxSettingsHeading')}</h2>
      {outbox && outbox.total > 0 ? (
        <OutboxStatus
          outbox={outbox}
          onRetry={(keys) => void calllog.retry(keys)}
          onDiscard={(key) => void calllog.discard(key)}
          onRelease={(keys) => void calllog.release(keys)}
        />
      ) : (
        <p>{t('outboxSettingsEmpty')}</p>
      )}
    </section>
  );
}

/** The org's API use from Salesforce's last answer (its `Sforce-Limit-Info`): the allowance is the whole org's. */
function ApiUsageLine() {
  const [usage, setUsage] = useState(null as ApiUsage | null);
  useEffect(() => {
    void apiUsageItem.getValue().then(setUsage);
    return apiUsageItem.watch(setUsage);
  }, []);
  if (!usage) return <p data-testid="api-usage">{t('apiUsageNone')}</p>;
  const number = new Intl.NumberFormat();
  const percent = Math.round((usage.used / usage.max) * 100);
  const at = new Date(usage.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return (
    <p data-testid="api-usage" data-used={usage.used} data-max={usage.max}>
      {t('apiUsageLine', [number.format(usage.used), number.format(usage.max), String(percent), at])}
    </p>
  );
}

/** The options page: settings with validation and locked policy fields, the connection, the outbox, diagnostics. */
function Options() {
  const [loaded, setLoaded] = useState(null as ReplyOf<'getSettings'> | null);
  const [form, setForm] = useState(null as Form | null);
  const [errors, setErrors] = useState({} as Partial<Record<string, string>>);
  const [saved, setSaved] = useState(false);
  const [status, setStatus] = useState(null as ReplyOf<'getStatus'> | null);
  const [connectError, setConnectError] = useState(null as string | null);

  async function load() {
    const reply = await sendRequest({ type: 'getSettings' });
    setLoaded(reply);
    if (reply.ok) setForm(toForm(reply.settings));
  }
  const loadStatus = () => void sendRequest({ type: 'getStatus' }).then(setStatus);

  useEffect(() => {
    void load();
    loadStatus();
    const stopStatus = statusStampItem.watch(loadStatus);
    // Policy changes apply live (the user's own settings are saved here, through the background).
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'managed') void load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      stopStatus();
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);

  if (!loaded || !form) return <p>{t('connectionChecking')}</p>;
  if (!loaded.ok) return <p role="alert">{loaded.error.message}</p>;
  const locked = new Set(loaded.locked);
  const editable = (Object.keys(LABELS) as SettingName[]).filter((name) => !locked.has(name));

  async function save(event: Event) {
    event.preventDefault();
    const values = fromForm(form!, editable);
    const checked = validateSettings(values);
    setErrors(checked.errors);
    setSaved(false);
    if (Object.keys(checked.errors).length) return;
    const reply = await sendRequest({ type: 'saveSettings', settings: values });
    if (!reply.ok) setErrors({ form: reply.error.message });
    else {
      setSaved(true);
      void load();
    }
  }

  async function connect() {
    setConnectError(null);
    // A host outside the ones granted at install (a custom domain) is asked for here, on the click.
    const origin = `${new URL(loginUrlOf(String(form!.loginHost))).origin}/*`;
    if (!(await browser.permissions.contains({ origins: [origin] }))) {
      const granted = await browser.permissions.request({ origins: [origin] }).catch(() => false);
      if (!granted) return setConnectError(t('hostPermissionRefused', origin));
    }
    const reply = await sendRequest({ type: 'connect' });
    if (!reply.ok) setConnectError(problemText(reply.error.reason, reply.error.message));
    loadStatus();
  }

  async function disconnect() {
    if (!confirm(t('disconnectConfirm'))) return;
    await sendRequest({ type: 'disconnect' });
    loadStatus();
  }

  const field = (name: SettingName) => {
    const isLocked = locked.has(name);
    const id = `setting-${name}`;
    const value = form[name];
    const set = (next: string | boolean) => setForm({ ...form, [name]: next });
    let control;
    if (typeof value === 'boolean') {
      control = <input id={id} name={name} type="checkbox" checked={value} disabled={isLocked} onChange={(e) => set(e.currentTarget.checked)} />;
    } else if (name === 'internalNumbers') {
      control = <textarea id={id} name={name} rows={4} value={value} disabled={isLocked} onInput={(e) => set(e.currentTarget.value)} />;
    } else if (name === 'objectPriority') {
      control = (
        <select id={id} name={name} value={value} disabled={isLocked} onChange={(e) => set(e.currentTarget.value)}>
          <option value="Contact,Lead">{t('priorityContactLead')}</option>
          <option value="Lead,Contact">{t('priorityLeadContact')}</option>
          <option value="Contact">{t('priorityContact')}</option>
          <option value="Lead">{t('priorityLead')}</option>
        </select>
      );
    } else if (name === 'relatedTo') {
      control = (
        <select id={id} name={name} value={value} disabled={isLocked} onChange={(e) => set(e.currentTarget.value)}>
          <option value="opportunities-and-cases">{t('relatedToOpportunitiesAndCases')}</option>
          <option value="opportunities">{t('relatedToOpportunities')}</option>
          <option value="none">{t('relatedToNone')}</option>
        </select>
      );
    } else {
      control = <input id={id} name={name} type="text" value={value} disabled={isLocked} onInput={(e) => set(e.currentTarget.value)} />;
    }
    // A checkbox goes before its label, on its line, as checkboxes do; other controls under theirs.
    const check = typeof value === 'boolean';
    const label = <label for={id}>{t(LABELS[name])}</label>;
    return (
      <p class={check ? 'sfsd-page__field sfsd-page__field--check' : 'sfsd-page__field'} data-setting={name} data-locked={String(isLocked)}>
        {check ? control : label}
        {check ? label : control}
        {isLocked ? <small class="sfsd-page__locked">{t('settingLocked')}</small> : null}
        {errors[name] ? (
          <small class="sfsd-page__error" role="alert">
            {errors[name]}
          </small>
        ) : null}
      </p>
    );
  };

  const connection = status?.ok ? status.connection : null;
  return (
    <main class="sfsd-page" data-testid="options">
      <h1>{t('extensionName')}</h1>
      <section aria-labelledby="connection-heading">
        <h2 id="connection-heading">{t('connectionHeading')}</h2>
        <p data-testid="options-connection" data-state={connection?.state ?? 'checking'}>
          {connection?.state === 'connected' && connection.user
            ? t('connectionWho', [connection.user.name, connection.user.username, connection.instanceHost ?? ''])
            : connection?.state === 'needs-reconnect'
              ? t('connectionNeedsReconnect')
              : t('connectionDisconnected')}
        </p>
        <p>
          {connection?.state === 'connected' ? (
            <button type="button" data-testid="options-disconnect" onClick={() => void disconnect()}>
              {t('disconnect')}
            </button>
          ) : (
            <button type="button" data-testid="options-connect" onClick={() => void connect()}>
              {connection?.state === 'needs-reconnect' ? t('reconnect') : t('connect')}
            </button>
          )}
        </p>
        {connection?.state === 'needs-reconnect' && connection.problem ? (
          <p data-testid="options-connection-problem">{problemText(connection.problemReason, connection.problem)}</p>
        ) : null}
        {connection?.cannotRead?.length ? <p data-testid="options-cannot-read">{t('cannotReadObjects', objectNames(connection.cannotRead))}</p> : null}
        <ApiUsageLine />
        {connectError ? <p role="alert">{connectError}</p> : null}
      </section>
      <OutboxSection />
      <form aria-labelledby="settings-heading" onSubmit={(e) => void save(e)} data-testid="settings-form">
        <h2 id="settings-heading">{t('settingsHeading')}</h2>
        {(Object.keys(LABELS) as SettingName[]).map(field)}
        {errors.form ? <p role="alert">{errors.form}</p> : null}
        {loaded.policy.problems.length ? <p role="alert">{t('policyProblems', loaded.policy.problems.join('; '))}</p> : null}
        <p>
          <button type="submit" data-testid="settings-save">
            {t('formSave')}
          </button>
          {saved ? <span role="status"> {t('settingsSaved')}</span> : null}
        </p>
      </form>
      <DialpadDiagnostics />
    </main>
  );
}

render(<Options />, document.getElementById('root')!);
